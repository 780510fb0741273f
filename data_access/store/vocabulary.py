"""The normalized vocabulary of the store: item kinds and statuses, with their Russian names."""

KINDS = {
    "message": "сообщение",
    "appeal": "обращение",
    "incident": "инцидент",
    "comment": "комментарий",
}

STATUSES = {
    "new": "новое",
    "registered": "зарегистрировано",
    "in_progress": "в работе",
    "interim": "промежуточный ответ",
    "extended": "срок продлён",
    "answered": "ответ дан",
    "resolved": "решено",
    "rejected": "отклонено",
    "forwarded": "перенаправлено",
    "rework": "на доработке",
}

# Statuses in which the item still waits for an answer.
OPEN_STATUSES = ("new", "registered", "in_progress", "interim", "extended", "rework")

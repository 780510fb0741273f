"""Demo texts of citizens (with fake personal data in realistic formats) and of the answers."""
from __future__ import annotations

import numpy as np

ANSWER_ACTIONS = [
    "Заявка передана в обслуживающую организацию, работы выполнены.",
    "Проведено обследование, работы включены в план текущего месяца.",
    "Информация проверена, нарушения устранены.",
    "Дан ответ по существу с разъяснением порядка решения вопроса.",
    "Работы будут выполнены в рамках сезонной программы.",
]


def _people(spec, rng, n):
    p = spec.people
    female = rng.random(n) < 0.55

    def pick(key_m, key_f):
        m = np.array(p[key_m], dtype=object)[rng.integers(0, len(p[key_m]), n)]
        f = np.array(p[key_f], dtype=object)[rng.integers(0, len(p[key_f]), n)]
        return np.where(female, f, m)

    return female, pick("male_first", "female_first"), pick("male_patronymic", "female_patronymic"), \
        pick("male_last", "female_last")


# What the masker makes of each contact line (officials' mode: houses stay): the demo builds its masked copies
# from these instead of masking 250,000 texts at first start; tests/test_demo.py checks them against the masker.
MASKED_CONTACTS = [" Телефон для связи: [телефон]. [ФИО]", " Звоните [телефон], [ФИО].", " [ФИО], [e-mail]",
                   " Пишу от имени жильцов, [ФИО], тел. [телефон]", ""]


def texts(spec, rng, topic_names, topic, address, n, mask=None):
    """Citizens' texts with fake personal data in realistic formats; the greeting names for answers; and, with
    ``mask`` (a cached masker of a fragment), the masked copies of the texts (else None)."""
    female, first, patronymic, last = _people(spec, rng, n)
    codes = np.array(spec.people["phone_codes"], dtype=object)[rng.integers(0, len(spec.people["phone_codes"]), n)]
    num = rng.integers(0, 10_000_000, n)
    domains = np.array(spec.people["email_domains"], dtype=object)[rng.integers(0, len(spec.people["email_domains"]), n)]
    contact_kind = rng.choice(5, size=n, p=[0.25, 0.2, 0.15, 0.1, 0.3])
    flat = rng.integers(1, 180, n)
    with_flat = rng.random(n) < 0.35
    phrase_pick = rng.integers(0, 3, n)
    phrases = [spec.topics[t]["phrases"] for t in topic_names]
    translit = str.maketrans("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                             "abvgdeejziiklmnoprstufhccss_y_eua")
    texts, masked = [], [] if mask else None
    for i in range(n):
        ph = phrases[topic[i]]
        body = ph[phrase_pick[i] % len(ph)]
        place = address[i] + (f", кв. {flat[i]}" if with_flat[i] else "") if address[i] else "в нашем районе"
        d7 = f"{num[i]:07d}"
        k = contact_kind[i]
        if k == 0:
            contact = f" Телефон для связи: +7 ({codes[i]}) {d7[:3]}-{d7[3:5]}-{d7[5:]}. {last[i]} {first[i]} {patronymic[i]}"
        elif k == 1:
            contact = f" Звоните 8 {codes[i]} {d7[:3]} {d7[3:5]} {d7[5:]}, {first[i]}."
        elif k == 2:
            mail = f"{last[i].lower().translate(translit)}{num[i] % 100}@{domains[i]}"
            contact = f" {last[i]} {first[i][0]}. {patronymic[i][0]}., {mail}"
        elif k == 3:
            contact = f" Пишу от имени жильцов, {first[i]} {patronymic[i]}, тел. 8-{codes[i]}-{d7[:3]}-{d7[3:5]}-{d7[5:]}"
        else:
            contact = ""
        texts.append(f"Здравствуйте! {body[0].upper()}{body[1:]} — {place}.{contact}")
        if mask:  # the flat goes with its comma; the rest is masked piece by piece (few distinct pieces)
            where = mask(address[i]) if address[i] else place
            masked.append(f"{mask(f'Здравствуйте! {body[0].upper()}{body[1:]}')} — {where}.{MASKED_CONTACTS[k]}")
    greeting = [f"Уважаем{'ая' if f else 'ый'} {a} {b}!" for f, a, b in zip(female, first, patronymic)]
    return texts, greeting, masked

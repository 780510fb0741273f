"""Hostile input for the masker: huge texts, long runs that used to make the patterns quadratic, digits without
end, mixed scripts, invisible and control characters. Time targets are benchmarks (benchmarks/masking.py);
here a guard only turns a hang into a failure."""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from data_access import masker
from data_access.masker import EMAIL, NAME, PHONE, mask_many, mask_personal_data
from tests.masking_sample import load_sample

GUARD_SECONDS = 60  # far above the measured times (docs/masking.md): only a runaway pattern trips it


@contextmanager
def guard(seconds: int = GUARD_SECONDS):
    def stop(*_):
        raise TimeoutError(f"masking took more than {seconds} s: not linear")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


ADVERSARIAL = {  # each about 1 MB; each breaks a pattern that is not linear
    "word run without «@»": "a" * 1_000_000,
    "dotted run without «@»": "a." * 500_000,
    "many «@» without a domain": "a@" * 500_000,
    "digit run glued to a letter": "1" * 1_000_000 + "x",
    "digits with spaces": "1 " * 500_000 + "x",
    "spaces before a comma-less end": "a" + " " * 1_000_000 + "b",
    "capitalised words": "Ааа " * 250_000,
    "street words": "ул. " * 250_000,
    "flat words without numbers": "кв. " * 250_000,
    "initials": "А.Б. " * 200_000,
    "lower-case patronymic endings": "ович " * 200_000,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_a_megabyte_of_hostile_text_completes(name):
    text = ADVERSARIAL[name]
    with guard():
        out = mask_personal_data(text)
    assert isinstance(out, str) and len(out) <= len(text) + 50


def test_a_megabyte_mixing_every_hostile_run_completes_and_still_masks():
    tail = " Звоните +7 913 123-45-67, Иванова Мария Петровна, ivanova@mail.ru"
    text = "".join(v[:90_000] for v in ADVERSARIAL.values()) + tail
    with guard():
        out = mask_personal_data(text)
    assert out.endswith(f"Звоните {PHONE}, {NAME}, {EMAIL}")


def test_a_field_over_the_limit_keeps_its_masked_beginning_and_says_so(monkeypatch):
    monkeypatch.setattr(masker, "MAX_CHARS", 1_000)
    text = "Звоните 8 913 123 45 67. " + "Ямы. " * 400 + "Иванова Мария Петровна, 8 913 765 43 21"
    out = mask_personal_data(text)
    assert out.startswith(f"Звоните {PHONE}.") and "765 43 21" not in out and "Иванова" not in out
    assert out.endswith("окончание скрыто]") and "1\u00a0000" in out


@pytest.mark.parametrize("text, gone", [
    ("Ива\u200bнова Мария Петровна", "нова"),                # a zero-width space inside a name
    ("8\u200b913\u200b123\u200b45\u200b67", "913"),          # and between the digits of a phone
    ("Иванова\x00 Мария\x07 Петровна", "Иванова"),            # control characters
    ("ivan\u00adov@mail.ru", "mail.ru"),                     # a soft hyphen inside an e-mail
    ("Ивaнова Мaрия Пeтровна", "Ив"),                        # Latin «a», «e» inside Cyrillic names
    ("Звоните +7\u00a0913\u00a0123\u00a045\u00a067", "913"),  # non-breaking spaces
    ("\u202eИванова Мария Петровна\u202c", "Иванова"),        # a right-to-left override around a name
])
def test_invisible_and_lookalike_characters_do_not_hide_data(text, gone):
    out = mask_personal_data(text)
    assert gone not in out, out
    assert not any(ch in out for ch in "\u200b\x00\x07\u00ad\u202e\u202c")


@pytest.mark.parametrize("text", [
    "", " ", ",,,", "\n\n\t", "😀" * 1000, "@", "@@@ ... ---", "+", "(((((", "8", "№", "ул.", "кв.", "А.",
    "\r\n".join(["строка"] * 100), "\x00" * 100,
])
def test_degenerate_texts_pass_without_error(text):
    out = mask_personal_data(text)
    assert isinstance(out, str) and "\x00" not in out


def test_latin_and_cyrillic_texts_mixed_keep_words_that_are_not_names():
    out = mask_personal_data("Заказ через Wildberries и Ozon не пришёл, Google Maps показывает не тот адрес")
    assert "Wildberries" in out and "Google Maps" in out and NAME not in out


def test_masking_twice_changes_nothing():
    """The screen masks the stored masked copy again (strict mode): marks must survive as they are."""
    for item in load_sample():
        once = mask_personal_data(item.text, keep_houses=True)
        assert mask_personal_data(once, keep_houses=True) == once, item.text


def test_mask_many_equals_one_by_one_even_with_separators_inside():
    texts = [item.text for item in load_sample()] + [v[:5_000] for v in ADVERSARIAL.values()] + [
        "Иванова\x00Мария", "8 913\x00 123 45 67", "тел.\x00", "\x00\x00", "ivanov@\x00mail.ru"]
    assert mask_many(texts, keep_houses=True) == [mask_personal_data(t, keep_houses=True) for t in texts]
    assert mask_many(texts, keep_houses=True, batch_chars=1) == mask_many(texts, keep_houses=True)

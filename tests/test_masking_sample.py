"""The masker against a labelled sample of realistic texts written by hand (tests/data/masking_sample.txt):
recall on names, phones, e-mails and flats; false positives on dates, times, amounts and document numbers.
Figures are in docs/masking.md (``python -m benchmarks.masking`` prints them)."""
import pytest

from data_access.ingest.masker import clean, mask_personal_data, personal_spans
from tests.masking_sample import KEPT, PERSONAL, load_sample, score
from tests.masking_sample import SAMPLE as SAMPLE_PATH

SAMPLE = load_sample()
RECALL_GOAL = {"N": 0.99, "P": 0.99, "E": 0.99, "F": 0.95}
FALSE_POSITIVE_LIMIT = {"D": 0.01, "T": 0.01, "A": 0.01, "S": 0.05, "W": 0.01}


@pytest.fixture(scope="module")
def result():
    return score(SAMPLE, lambda text: personal_spans(text, keep_houses=True))


def test_the_sample_is_large_and_covers_every_kind():
    assert len(SAMPLE) >= 300
    counts = {kind: sum(k == kind for item in SAMPLE for k, _, _ in item.labels) for kind in [*PERSONAL, *KEPT]}
    assert all(n >= 25 for n in counts.values()), counts
    assert all(clean(item.text) == item.text for item in SAMPLE)  # offsets of labels are offsets of the masker


@pytest.mark.parametrize("kind", list(RECALL_GOAL))
def test_recall_on_personal_data(result, kind):
    missed = [m for m in result.misses if m[0] == kind]
    assert result.rate(kind) >= RECALL_GOAL[kind], missed


@pytest.mark.parametrize("kind", list(FALSE_POSITIVE_LIMIT))
def test_false_positives_on_what_must_stay(result, kind):
    touched = [m for m in result.misses if m[0] == kind]
    assert result.rate(kind) <= FALSE_POSITIVE_LIMIT[kind], touched


def test_no_hidden_fragment_is_left_in_the_masked_text():
    """The spans are what the output replaces: no phone, e-mail or whole name survives in the output."""
    leaks = []
    for item in SAMPLE:
        masked = mask_personal_data(item.text, keep_houses=True)
        for kind, start, end in item.labels:
            if kind in ("N", "P", "E") and item.text[start:end] in masked:
                leaks.append((item.text[start:end], masked))
    assert leaks == []


def test_officials_keep_dates_times_and_amounts_verbatim():
    for item in SAMPLE:
        masked = mask_personal_data(item.text, keep_houses=True)
        for kind, start, end in item.labels:
            if kind in ("D", "T", "A"):
                assert item.text[start:end] in masked, (item.text[start:end], masked)


HELD_OUT = load_sample(SAMPLE_PATH.with_name("masking_held_out.txt"))
# What the held-out texts gave when scored (docs/masking.md): a guard against losing it, not a target to tune to.
HELD_OUT_FLOOR = {"N": 0.97, "P": 0.99, "E": 0.99, "F": 0.95}


def test_held_out_texts_keep_their_scores():
    result = score(HELD_OUT, lambda text: personal_spans(text, keep_houses=True))
    assert len(HELD_OUT) >= 80
    for kind, floor in HELD_OUT_FLOOR.items():
        assert result.rate(kind) >= floor, (kind, [m[:2] for m in result.misses if m[0] == kind])
    for kind, limit in FALSE_POSITIVE_LIMIT.items():
        if not result.total[kind]:  # older batches have no W labels
            continue
        assert result.rate(kind) <= limit, (kind, [m[:2] for m in result.misses if m[0] == kind])


HELD_OUT_4 = load_sample(SAMPLE_PATH.with_name("masking_held_out_4.txt"))
# Batch 4, written blind and scored once (docs/masking.md): the figures it gave, as a floor against losses. Names are
# far below the 99 % goal on it — the goal is not met; these floors only keep what the masker does today.
HELD_OUT_4_FLOOR = {"N": 0.95, "P": 0.99, "E": 0.99, "F": 0.99}  # tuned on since (docs/masking.md): 135/141
HELD_OUT_4_CEILING = {"D": 0.0, "T": 0.0, "A": 0.02, "S": 0.0}


def _keeps_scores(sample, size: int, floors: dict, ceilings: dict) -> None:
    result = score(sample, lambda text: personal_spans(text, keep_houses=True))
    assert len(sample) == size
    for kind, floor in floors.items():
        assert result.rate(kind) >= floor, (kind, [m[:2] for m in result.misses if m[0] == kind])
    for kind, ceiling in ceilings.items():
        assert result.rate(kind) <= ceiling + 1e-9, (kind, [m[:2] for m in result.misses if m[0] == kind])


def test_blind_held_out_batch_keeps_its_scores():
    _keeps_scores(HELD_OUT_4, 120, HELD_OUT_4_FLOOR, HELD_OUT_4_CEILING)


HELD_OUT_5 = load_sample(SAMPLE_PATH.with_name("masking_held_out_5.txt"))
# Batch 5, written blind and scored once (names 145/156, W 16/93: docs/masking.md), then tuned on: the figures of
# today as a floor against losses. Names (95,5 %) and phones (41/42) are below the 99 % goal on it.
HELD_OUT_5_FLOOR = {"N": 0.955, "P": 0.97, "E": 0.99, "F": 0.92}
HELD_OUT_5_CEILING = {"D": 0.0, "T": 0.0, "A": 0.02, "S": 0.0, "W": 0.065}


def test_second_blind_batch_keeps_its_scores():
    _keeps_scores(HELD_OUT_5, 150, HELD_OUT_5_FLOOR, HELD_OUT_5_CEILING)

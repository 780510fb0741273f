"""The labelled masking sample (``tests/data/masking_sample.txt``) and its scoring: recall on personal data,
false positives on what must stay. Used by ``tests/test_masking_sample.py`` and ``benchmarks.masking``."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "masking_sample.txt"
PERSONAL = {"N": "имена", "P": "телефоны", "E": "e-mail", "F": "квартиры"}
KEPT = {"D": "даты", "T": "время", "A": "суммы и числа", "S": "номера документов",
        "W": "слова, похожие на имена (места, организации, улицы, «имени …»)"}
LABEL_RE = re.compile(r"⟦([A-Z])\|(.*?)⟧")


@dataclass(frozen=True)
class Labelled:
    text: str
    labels: tuple[tuple[str, int, int], ...]  # (kind, start, end) in ``text``


def load_sample(path: Path = SAMPLE) -> list[Labelled]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, labels, pos = [], [], 0
        for m in LABEL_RE.finditer(line):
            text.append(line[pos:m.start()])
            start = sum(map(len, text))
            text.append(m.group(2))
            labels.append((m.group(1), start, start + len(m.group(2))))
            pos = m.end()
        text.append(line[pos:])
        plain = "".join(text)
        assert "⟦" not in plain and "⟧" not in plain, line
        out.append(Labelled(plain, tuple(labels)))
    return out


@dataclass
class Score:
    found: Counter      # kind -> labels fully hidden (personal) or touched (kept: false positives)
    total: Counter      # kind -> labels
    misses: list        # (kind, fragment, text) of personal data left, and of kept fragments touched

    def rate(self, kind: str) -> float:
        return self.found[kind] / self.total[kind] if self.total[kind] else float("nan")


def score(sample: list[Labelled], spans_of) -> Score:
    """``spans_of(text)`` -> [(start, end, mark)]: what the masker replaces. A personal label counts as hidden
    when every letter and digit of it is inside a span; a kept one as a false positive when any is."""
    found, total, misses = Counter(), Counter(), []
    for item in sample:
        covered = bytearray(len(item.text) + 1)
        for start, end, _ in spans_of(item.text):
            covered[start:end] = b"\x01" * (end - start)
        for kind, start, end in item.labels:
            chars = [i for i in range(start, end) if item.text[i].isalnum()]
            hit = [covered[i] for i in chars]
            total[kind] += 1
            if kind in PERSONAL:
                if all(hit):
                    found[kind] += 1
                else:
                    misses.append((kind, item.text[start:end], item.text))
            elif any(hit):
                found[kind] += 1
                misses.append((kind, item.text[start:end], item.text))
    return Score(found, total, misses)

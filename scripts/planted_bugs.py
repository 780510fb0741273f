"""Plant the four bugs that once passed every figure test and check that the tests now catch each one.

    .venv/bin/python scripts/planted_bugs.py [pytest args, default: tests/test_oracle.py -k duckdb]

Each bug is a one-line edit of the source; the file is restored afterwards (also on Ctrl-C). Exit status 1 if a
planted bug survives. See docs/testing.md.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUGS = [
    ("previous period one day longer", "data_access/metrics/registry.py",
     "date_from=f.date_from - timedelta(days=f.days), date_to", "date_from=f.date_from - timedelta(days=f.days + 1), date_to"),
    ("age bucket 1–3 widened", "data_access/metrics/registry.py", '"1-3": (1, 3), "3-7"', '"1-3": (1, 4), "3-7"'),
    ("on-time slice by receipt date", "data_access/queries/sla.py",
     ".where(in_period(f, m.c.answered_at), *dimension_clauses(f))\n             .group_by(day, m.c.channel_id)",
     ".where(in_period(f, m.c.received_at), *dimension_clauses(f))\n             .group_by(day, m.c.channel_id)"),
    ("«в срок» <= → <", "data_access/metrics/registry.py", "m.c.answered_at <= deadline_in_force)",
     "m.c.answered_at < deadline_in_force)"),
    ("no registration fallback", "data_access/metrics/registry.py",
     "registered_from = sa.func.coalesce(m.c.registered_at, m.c.received_at)", "registered_from = m.c.registered_at"),
    ("rating overdue at the time of viewing", "data_access/queries/rating.py",
     '_period_columns("", f, period_end_moment(f, as_of), is_substantive)', '_period_columns("", f, as_of, is_substantive)'),
]


def main(args: list[str]) -> int:
    pytest_args = args or ["tests/test_oracle.py", "-k", "duckdb"]
    survived = []
    for name, rel, old, new in BUGS:
        path = ROOT / rel
        original = path.read_text(encoding="utf-8")
        if original.count(old) != 1:
            print(f"? {name}: the line to change is not found once in {rel}")
            survived.append(name)
            continue
        try:
            path.write_text(original.replace(old, new), encoding="utf-8")
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *pytest_args],
                                 cwd=ROOT, capture_output=True, text=True)
        finally:
            path.write_text(original, encoding="utf-8")
        caught = run.returncode == 1
        print(f"{'caught  ' if caught else 'SURVIVED'} {name}: {run.stdout.strip().splitlines()[-1] if run.stdout else ''}")
        if not caught:
            survived.append(name)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

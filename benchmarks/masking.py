"""The masker: quality on the labelled sample, speed on a 1 MB text, growth on hostile input, throughput at
load time, the demo's first start, and the item card of an item with a 1 MB text.

    python -m benchmarks.masking [--demo-rows 250000] [--skip-card] [--json PATH]

Every time is the best of ``--repeat`` runs (the machine is shared). Figures go to docs/masking.md.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from data_access.ingest.masker import mask_many, mask_personal_data, personal_spans
from tests.masking_sample import KEPT, PERSONAL, SAMPLE, load_sample, score

MB = 1_000_000
HOSTILE = {  # a unit repeated to the wanted length: each once made a pattern of the old masker quadratic
    "word run without «@»": "a",
    "«@» without a domain": "a@",
    "digits with spaces": "1 ",
    "long digit run": "1",
    "spaces": " ",
    "capitalised words": "Ааа ",
    "street words": "ул. ",
    "initials": "А.Б. ",
}


def best(fn, repeat: int) -> float:
    """The best CPU time of ``repeat`` runs, in seconds: on a shared machine wall time measures the neighbours
    (``wall`` below records it too)."""
    out, wall = float("inf"), float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out, wall = min(out, time.process_time() - c), min(wall, time.perf_counter() - t)
    WALL.append(wall)
    return out


WALL: list[float] = []


def quality() -> dict:
    result = {}
    for name, path in (("sample", SAMPLE), ("held_out", SAMPLE.with_name("masking_held_out.txt")),
                       ("held_out_4", SAMPLE.with_name("masking_held_out_4.txt")),
                       ("held_out_5", SAMPLE.with_name("masking_held_out_5.txt"))):
        if not path.exists():
            continue
        items = load_sample(path)
        s = score(items, lambda t: personal_spans(t, keep_houses=True))
        result[name] = {"texts": len(items), **{k: {"labels": s.total[k], "rate": round(s.rate(k), 4)}
                                                for k in [*PERSONAL, *KEPT]},
                        "misses": [m[:2] for m in s.misses]}
    return result


def realistic_megabyte() -> str:
    texts = [item.text for item in load_sample()]
    out, size = [], 0
    while size < MB:
        for t in texts:
            out.append(t)
            size += len(t) + 1
    return "\n".join(out)[:MB]


def speed(repeat: int) -> dict:
    mask_personal_data("Иванов Иван Иванович, 8 913 123 45 67")  # the dictionary loads once per process
    text = realistic_megabyte()
    out = {"realistic_1mb_cpu_s": round(best(lambda: mask_personal_data(text, keep_houses=True), repeat), 3),
           "realistic_1mb_wall_s": round(WALL[-1], 3),
           "realistic_1mb_strict_cpu_s": round(best(lambda: mask_personal_data(text), repeat), 3)}
    growth = {}
    for name, unit in HOSTILE.items():
        small, large = unit * (MB // 4 // len(unit)), unit * (MB // len(unit))
        t1 = best(lambda s=small: mask_personal_data(s), repeat)
        t4 = best(lambda s=large: mask_personal_data(s), repeat)
        growth[name] = {"n_cpu_s": round(t1, 3), "4n_cpu_s": round(t4, 3), "ratio": round(t4 / t1, 2)}
    out["hostile_250k_vs_1m"] = growth
    return out


def throughput(repeat: int) -> dict:
    from data_access.demo.generator import generate
    from data_access.domain.profile import load_profile

    messages, _, _ = generate(load_profile(), 20_000, 2, date(2026, 11, 1))
    demo = messages["text"].tolist()
    synthetic = [f"Текст обращения гражданина номер {i}" for i in range(20_000)]  # benchmarks.import_speed's
    out = {}
    for name, texts in (("demo_texts", demo), ("import_speed_texts", synthetic)):
        t = best(lambda xs=texts: mask_many(xs, keep_houses=True), repeat)
        out[name] = {"cpu_us_per_text": round(t / len(texts) * 1e6, 1), "texts_per_cpu_s": int(len(texts) / t)}
    return out


def demo_start(rows: int) -> dict:
    """``generate`` with the masked copies and with a masker that does nothing: the difference is their cost."""
    import data_access.demo.generator as demo
    from data_access.domain.profile import load_profile

    profile = load_profile()
    with_masking = best(lambda: demo.generate(profile, rows, 2, date(2026, 11, 1)), 1)
    real = demo.mask_personal_data
    demo.mask_personal_data = lambda text, **_: text
    try:
        without = best(lambda: demo.generate(profile, rows, 2, date(2026, 11, 1)), 1)
    finally:
        demo.mask_personal_data = real
    return {"rows": rows, "generate_cpu_s": round(with_masking, 2),
            "generate_without_masking_cpu_s": round(without, 2)}


def card_with_megabyte_text(repeat: int) -> dict:
    """The items page opened on an item whose text is 1 MB (imported like any file), with and without access."""
    from streamlit.testing.v1 import AppTest

    from data_access.demo.generator import create_demo_store
    from data_access.store.engine import make_engine
    from data_access.ingest.importer import import_bytes
    from data_access.domain.profile import load_profile

    root = Path(__file__).resolve().parent.parent
    folder = Path(tempfile.mkdtemp(prefix="mcu_mask_"))
    url = f"duckdb:///{folder / 'card.duckdb'}"
    profile = load_profile()
    create_demo_store(url, 2_000, until=date(2026, 11, 15), profile=profile,
                      now=datetime(2026, 11, 15, 12, tzinfo=profile.tz))
    text = realistic_megabyte().replace("\n", " ").replace(";", ",").replace('"', "'")
    data = ("Номер;Канал;Поступило;Статус;Текст\r\nBIG-1;pos;01.11.2026 10:00;в работе;" + text
            + "\r\n").encode()
    engine = make_engine(url)
    t = time.perf_counter()
    import_bytes(engine, data, "big.csv", "generic")
    imported = time.perf_counter() - t
    with engine.connect() as conn:
        item_id = conn.exec_driver_sql("SELECT id FROM messages WHERE external_id = 'BIG-1'").scalar()
    engine.dispose()
    os.environ["MCU_DATABASE_URL"] = url
    os.chdir(root)
    out = {"import_1mb_row_s": round(imported, 2)}
    for policy in ("masked", "everyone"):
        def render(policy=policy):
            at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
            at.secrets["access"] = {"personal_data": policy}
            at.query_params["item"] = str(item_id)
            at.run()
            at.switch_page("app_pages/items.py")
            t0 = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - t0
            assert not at.exception and any(len(x.value) > 500_000 for x in at.text), "the card did not render"
            return elapsed
        out[f"card_{policy}_s"] = round(min(render() for _ in range(repeat)), 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.masking")
    parser.add_argument("--demo-rows", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-card", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    report = {"load_average": os.getloadavg(), "quality": quality(), "speed": speed(args.repeat),
              "throughput": throughput(args.repeat), "demo_start": demo_start(args.demo_rows)}
    if not args.skip_card:
        report["card"] = card_with_megabyte_text(args.repeat)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

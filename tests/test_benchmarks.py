"""The benchmark script runs end to end on a small store and writes the JSON rows the README promises."""
import json

from benchmarks.__main__ import main


def test_benchmark_writes_json_rows(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["--rows", "2000", "--repeat", "1", "--only", "overview", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["function"] for r in rows} == {"overview.headline", "overview.weekly_volume_by_channel",
                                             "overview.top_topics"}
    for r in rows:
        assert set(r) == {"function", "rows", "engine", "median_ms", "bare_ms"}
        assert r["rows"] == 2000 and r["engine"] == "duckdb" and r["median_ms"] > 0 and r["bare_ms"] > 0

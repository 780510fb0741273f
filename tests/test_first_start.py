"""The «first start» notice is shown only when the demo store is really created, never when one is opened."""
from data_access.store import cached
from data_access.store import engine as eng


def test_first_start_only_while_the_default_file_is_missing(tmp_path, monkeypatch):
    default = tmp_path / "mcu.duckdb"
    monkeypatch.setattr(eng, "DEFAULT_URL", f"duckdb:///{default}")
    assert cached.creates_demo(eng.DEFAULT_URL)  # no file yet: the demo store will be created
    default.write_bytes(b"")
    assert not cached.creates_demo(eng.DEFAULT_URL)  # an existing store is only opened
    configured = f"duckdb:///{tmp_path / 'missing.duckdb'}"
    assert not cached.creates_demo(configured)  # a configured store is never invented
    assert not cached.creates_demo("postgresql://u@127.0.0.1:5432/mcu")

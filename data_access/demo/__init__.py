"""The demo data generator (python -m data_access.demo.generator)."""

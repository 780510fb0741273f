"""Benchmarks of the query layer: ``python -m benchmarks --rows N [--url URL] [--json PATH]``."""

"""Reproducible performance measurements; `python -m benchmarks.run_all` runs them all."""

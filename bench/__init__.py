"""Benchmarks, each runnable as a script (``python bench/<name>.py``); see README.md."""

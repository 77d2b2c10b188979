"""The performance suite (DESIGN.md §9): ``python -m benchmarks``."""

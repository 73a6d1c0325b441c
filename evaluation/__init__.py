"""Evaluation and benchmark scripts; figures go to docs/BENCHMARKS.md."""

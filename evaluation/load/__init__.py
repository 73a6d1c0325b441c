"""Load test of the web chat API with locust: `python -m evaluation.load.run` (see run.py)."""

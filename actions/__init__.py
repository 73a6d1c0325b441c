"""The Rasa action server: every reply the assistant sends is built here.

Run with `python -m rasa_sdk --actions actions --port 5055`.
"""

from urban_reports.categories import warm_up

warm_up()  # before the first turn: rasa-sdk imports this package at start

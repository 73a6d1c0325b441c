"""The Rasa action server: every reply the assistant sends is built here.

Run with `python -m rasa_sdk --actions actions --port 5055`.
"""

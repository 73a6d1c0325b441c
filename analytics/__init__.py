"""Figures for the staff dashboard, read from the Rasa tracker store (read-only) and the app database."""

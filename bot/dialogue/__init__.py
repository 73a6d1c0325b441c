"""Custom dialogue policies (Rasa side)."""

"""Handoff to staff: a conversation the bot gives to a person, and gets back when staff close it."""

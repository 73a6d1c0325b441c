"""Residents' satisfaction: a 👍/👎 on a procedure answer and a 1-5 rating of a closed report or a handoff."""

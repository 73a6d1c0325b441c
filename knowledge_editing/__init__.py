"""Staff editing of the knowledge base: validated edits, revisions with a diff, revert, and publishing.

Publishing is a commit that also bumps the one-row knowledge version (`version.py`): the running
action server notices the new value within seconds and re-indexes what changed (`knowledge.service`).
"""

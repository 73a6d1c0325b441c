"""Demo content for a first `make run`: a ward profile, dossiers and reports, every text marked DEMO.

Loaded only by `make run` (never by `make run-prod` or the tests), and only into an empty registry, so a
newcomer can try dossier lookup, notifications, reports and the admin at once. Nothing here is real:
names, receipt numbers, phone numbers and addresses all say DEMO (docs: README, "Trying it").
"""

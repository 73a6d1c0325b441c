"""The notification outbox every feature shares, and the dispatcher that delivers it.

A feature renders its message in the recipient's language and calls `outbox.enqueue`
in the transaction that records what happened (a dossier's status change, a report's
progress), so the event and its notifications are committed or rolled back together.
`python -m notifications dispatch` delivers the outbox through `channels.outbound`.
"""

"""Dossier tracking: a registry of receipt numbers and their status, fed by several sources.

- `models`: the registry tables (dossiers, their status history, processed event ids, the lookup log);
- `registry.record_status`: the one entry point every source (webhook, file import, remote API) writes through;
- receipt numbers in what residents type: `vietnamese_text.receipt_numbers` (the NLU uses it too);
- `lookup`: what the chat may tell a resident, and the phone check that unlocks the sensitive parts.
"""

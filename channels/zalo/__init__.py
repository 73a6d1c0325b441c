"""Zalo Official Account: webhook verification, event parsing, and the OA API v3 sender.

Behaviour marked uncertain in shared/docs/channels.md (which secret signs the
webhook, button limits) is configurable through `ZaloSettings`.
"""

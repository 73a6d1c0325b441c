"""Urban-order reports (issue #6): categories, location, photos, working-time deadlines, filing and follow-up.

The chat (Rasa form) and the Open311 API call `service`; everything they show the
resident is a Vietnamese msgid translated with `localization.gettext_for`.
"""

"""Calendar feed keys: read-only, revocable keys that let calendar apps subscribe to one
council's `calendar.ics` without a bearer header (Google Calendar, Outlook, iOS, webcal://).

A key is shown once, when made; only its SHA-256 is stored. It reads the feed of the council
it was made for and nothing else: another council's feed answers 404, every other route 401.
"""

"""Use cases of the events service: load, call the domain, save (events ride along).

`unit` holds the unit of work (`Agenda`), what the use cases answer with, and load-change-save;
`checks` the read-model checks; then one module per group of use cases: `scheduling` (the
agenda's lifecycle), `registrations` (places and check-ins), `calendars` (the council's feed)
and `outcomes` (membership's answers). Feed keys have theirs in `feedkeys/handlers.py`.
"""

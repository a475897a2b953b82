"""Use cases of the events service: load, call the domain, save (events ride along).

They work on the unit of work `ports.Agenda`. `unit` holds what they answer with and the steps
they share (load-change-save with retries), `checks` the read-model checks; then one module per
group of use cases: `scheduling` (the agenda's lifecycle), `registrations` (places and
check-ins), `calendars` (the council's feed) and `outcomes` (membership's answers). Feed keys
have theirs in `feedkeys/handlers.py`.
"""

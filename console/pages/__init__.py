"""The console's pages, one module per workflow."""

from fastapi import APIRouter

from . import (
    accounts,
    admin,
    agenda,
    assisted,
    documents,
    door,
    event_actions,
    events,
    home,
    inauguration,
    members,
    program_edit,
    programs,
    signin,
    terms,
)

ROUTERS: list[APIRouter] = [
    signin.router,
    home.router,
    members.router,
    agenda.router,  # before events: /agenda/bulan is not an event id
    inauguration.router,
    door.router,
    documents.router,
    events.router,
    event_actions.router,
    assisted.router,  # before programs: /binaan is not a program action
    program_edit.router,  # before programs: /ubah is not a program action
    programs.router,
    terms.router,
    admin.router,
    accounts.router,
]

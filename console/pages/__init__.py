"""The console's pages, one module per workflow."""

from fastapi import APIRouter

from . import events, home, members, programs, signin, terms

ROUTERS: list[APIRouter] = [
    signin.router,
    home.router,
    members.router,
    events.router,
    programs.router,
    terms.router,
]

"""Composition root of the membership service."""

from fastapi import FastAPI

from shared.contracts import (
    MemberRegistered,
    MemberUpdated,
    TermCreated,
    TermEnded,
    TermInaugurated,
)
from shared.service import Runtime, build_app
from shared.settings import ServiceSettings

from . import api
from .consumers import subscriptions
from .handlers import Membership
from .repository import INDEXES, Councils, Members, Terms


class MembershipSettings(ServiceSettings):
    """Settings of the membership service (env prefix `MEMBERSHIP_`)."""

    service = "membership"
    default_port = 8001


PUBLISHES = [
    t.topic for t in (MemberRegistered, MemberUpdated, TermCreated, TermInaugurated, TermEnded)
]


def create_app(
    settings: MembershipSettings | None = None, *, runtime: Runtime | None = None
) -> FastAPI:
    """The membership app; tests may pass their own settings or runtime."""
    settings = settings or MembershipSettings()
    runtime = runtime or Runtime.create(
        settings, outbox_collections=["councils", "members", "terms"], publishes=PUBLISHES
    )
    runtime.indexes.update(INDEXES)
    uow = Membership(
        councils=Councils(runtime.store("councils")),
        members=Members(runtime.store("members")),
        terms=Terms(runtime.store("terms")),
        deployment_region=settings.deployment_region,
    )
    return build_app(
        runtime,
        title="Dekranasda membership",
        description="Councils, members (persons and UMKM) and board terms.",
        routers=[api.router],
        uow=uow,
        subscriptions=subscriptions(uow),
    )

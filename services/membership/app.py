"""Composition root of the membership service."""

from fastapi import FastAPI
from pydantic import Field

from services import SERVICES
from shared.clock import utc_now
from shared.contracts import (
    MemberRegistered,
    MemberUpdated,
    TermCreated,
    TermEnded,
    TermInaugurated,
    TermInaugurationRefused,
)
from shared.service import Runtime
from shared.settings import ServiceSettings
from shared.tokens import TokenVerifier
from shared.webapp import build_app

from . import api
from .accounts import api as accounts_api
from .accounts.repository import INDEXES as ACCOUNT_INDEXES
from .accounts.wiring import build_gate
from .consumers import subscriptions
from .migrations import MIGRATIONS
from .ports import Membership
from .repository import INDEXES, Councils, Members, Terms


class MembershipSettings(ServiceSettings):
    """Settings of the membership service (env prefix `MEMBERSHIP_`)."""

    service = "membership"
    default_port = SERVICES["membership"]

    access_token_ttl_s: int = Field(default=600, description="Lifetime of access tokens")
    refresh_token_ttl_s: int = Field(default=14 * 86400, description="Of refresh tokens")
    sign_in_max_failures: int = Field(default=5, description="Failures before a lock")
    sign_in_lock_s: int = Field(default=900, description="How long an address stays locked")
    sign_in_delay_s: float = Field(default=0.5, description="First failure's delay, doubling")
    signing_key_file: str | None = Field(
        default=None, description="PEM private key that signs; else keys in the database"
    )
    published_key_files: str = Field(
        default="", description="PEM keys published beside it (comma-separated), for rotations"
    )


PUBLISHES = [
    t.topic
    for t in (
        MemberRegistered,
        MemberUpdated,
        TermCreated,
        TermInaugurated,
        TermInaugurationRefused,
        TermEnded,
    )
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
    runtime.indexes.update(ACCOUNT_INDEXES)
    runtime.migrations.extend(MIGRATIONS)
    gate = build_gate(runtime.db, settings, settings.source)
    uow = Membership(
        councils=Councils(runtime.store("councils")),
        members=Members(runtime.store("members")),
        terms=Terms(runtime.store("terms")),
        deployment_region=settings.deployment_region,
        clock=utc_now,
    )
    app = build_app(
        runtime,
        title="Dekranasda membership",
        description="Councils, members (persons and UMKM), board terms, accounts and sign-in.",
        routers=[api.router, accounts_api.router],
        uow=uow,
        subscriptions=subscriptions(uow),
    )
    app.state.accounts, app.state.keyring = gate, gate.issuer.keyring
    # membership verifies the tokens it signs with its own keys, not over HTTP to itself
    app.state.verifier = TokenVerifier.for_settings(settings, platform_keys=gate.issuer.keyring)
    return app

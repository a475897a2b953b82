"""Composition root of the events service."""

from fastapi import FastAPI
from pydantic import Field

from services import SERVICES
from shared.clock import utc_now
from shared.contracts import EventCancelled, EventConcluded, EventRescheduled, EventScheduled
from shared.service import Runtime
from shared.settings import ServiceSettings
from shared.webapp import build_app

from . import api, projections, repository
from .consumers import subscriptions
from .feedkeys import api as feedkey_api
from .feedkeys import repository as feedkeys
from .ports import Agenda
from .projections import ReadModels
from .repository import Events


class EventsSettings(ServiceSettings):
    """Settings of the events service (env prefix `EVENTS_`)."""

    service = "events"
    default_port = SERVICES["events"]

    public_url: str | None = Field(
        default=None, description="Base URL calendar apps reach; else the request's"
    )


PUBLISHES = [t.topic for t in (EventScheduled, EventRescheduled, EventCancelled, EventConcluded)]


def create_app(
    settings: EventsSettings | None = None, *, runtime: Runtime | None = None
) -> FastAPI:
    """The events app; tests may pass their own settings or runtime."""
    settings = settings or EventsSettings()
    runtime = runtime or Runtime.create(
        settings, outbox_collections=[repository.COLLECTION], publishes=PUBLISHES
    )
    runtime.indexes.update(repository.INDEXES)
    runtime.indexes.update(projections.INDEXES)
    runtime.indexes.update(feedkeys.INDEXES)
    views = ReadModels.on(runtime.db)
    uow = Agenda(
        events=Events(runtime.store(repository.COLLECTION), clock=utc_now),
        views=views,
        feed_keys=feedkeys.FeedKeys(runtime.db[feedkeys.COLLECTION]),
        clock=utc_now,
    )
    app = build_app(
        runtime,
        title="Dekranasda events",
        description="The agenda (kegiatan): events, registrations, attendance and calendars.",
        routers=[api.router, feedkey_api.router],
        uow=uow,
        subscriptions=subscriptions(uow, views),
    )
    app.state.public_url = settings.public_url
    return app

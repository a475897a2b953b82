"""An events app per test module on the real stack, with a feed that plays the other services."""

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio

from services.events.app import EventsSettings, create_app
from tests.apps import running, settings_for
from tests.helpers import skip_history_of
from tests.integration.events.harness import EventsService, Feed
from tests.stack import Stack


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def events(stack: Stack) -> AsyncIterator[EventsService]:
    """One events app for the whole test module, in a deployment of its own."""
    deployment = f"t{uuid.uuid4().hex[:10]}"
    settings = settings_for(EventsSettings, stack, deployment)
    app = create_app(settings)
    await skip_history_of(app, stack.kafka)
    async with running(app) as client:
        db = app.state.runtime.db
        feed = Feed(stack.kafka, db, groups=settings.group_prefix)
        await feed.producer.start()
        try:
            yield EventsService(http=client, db=db, feed=feed, kafka=stack.kafka)
        finally:
            await feed.producer.stop()

"""A programs app per test module on the real stack, with a feed that plays the other services."""

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio

from services.programs.app import ProgramsSettings, create_app
from tests.apps import running, settings_for
from tests.integration.programs.harness import Feed, ProgramsService
from tests.stack import Stack


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def programs(stack: Stack) -> AsyncIterator[ProgramsService]:
    """One programs app for the whole test module, in a deployment of its own."""
    settings = settings_for(ProgramsSettings, stack, f"t{uuid.uuid4().hex[:10]}")
    app = create_app(settings)
    async with running(app) as client:
        db = app.state.runtime.db
        feed = Feed(stack.kafka, db)
        await feed.producer.start()
        try:
            yield ProgramsService(
                http=client, db=db, feed=feed, kafka=stack.kafka, source=settings.source
            )
        finally:
            await feed.producer.stop()

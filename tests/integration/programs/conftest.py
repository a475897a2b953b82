"""One programs app for all programs integration tests, with a feed that plays the others.

The app is shared by the whole package, not per module: a fresh deployment first replays the
history of the member and term topics (every earlier run's events on a shared broker), and
that catch-up is paid once.
"""

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio

from services.programs.app import ProgramsSettings, create_app
from tests.apps import running, settings_for
from tests.integration.programs.harness import Feed, ProgramsService
from tests.stack import Stack

CATCH_UP_S = 600  # minutes on a busy shared FerretDB; about one when it is idle


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def programs(stack: Stack) -> AsyncIterator[ProgramsService]:
    """A programs app in a deployment of its own, caught up with the topics' history."""
    settings = settings_for(ProgramsSettings, stack, f"t{uuid.uuid4().hex[:10]}")
    app = create_app(settings)
    async with running(app) as client:
        db = app.state.runtime.db
        feed = Feed(stack.kafka, db, groups=settings.group_prefix)
        await feed.producer.start()
        try:
            await feed.caught_up(timeout=CATCH_UP_S)
            yield ProgramsService(
                http=client, db=db, feed=feed, kafka=stack.kafka, source=settings.source
            )
        finally:
            await feed.producer.stop()

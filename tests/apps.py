"""Run a service app in-process against the real stack, and talk to it over HTTP."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from tests.conftest import SECRET
from tests.stack import Stack


def settings_for(cls: Any, stack: Stack, deployment: str, **extra: Any) -> Any:
    """Settings of a service pointed at the real stack, in a deployment of its own."""
    return cls(
        kafka_bootstrap_servers=stack.kafka,
        mongodb_url=stack.mongodb,
        deployment_name=deployment,
        jwt_secret=SECRET,
        relay_interval_s=0.05,
        consumer_retry_base_s=0.05,
        consumer_max_retries=2,
        topic_partitions=3,
        **extra,
    )


@asynccontextmanager
async def running(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app (its runtime: broker, consumers, relay), then yield an HTTP client."""
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client

"""Run a service's app under uvicorn with its settings (graceful on SIGTERM)."""

from collections.abc import Callable
from typing import Any, TypeVar

import uvicorn

from shared.auth import InsecureSettings
from shared.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def serve(create_app: Callable[[S], Any], settings: S) -> None:
    """Serve until SIGTERM/SIGINT: stop taking requests, drain, stop consumers, exit."""
    try:
        app = create_app(settings)
    except InsecureSettings as exc:  # says what to set; a traceback would only bury it
        raise SystemExit(f"{settings.service}: {exc}") from None
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=20,
        access_log=False,
    )

"""Run a service's app under uvicorn with its settings (graceful on SIGTERM).

`HTTP_WORKERS` > 1 starts that many uvicorn processes on the same port, each a whole service
(its own consumers and relay, sharing the consumer groups). Each worker builds the app from
the environment again, so it needs the import paths of the factory and of the settings class.
"""

import importlib
import os
from collections.abc import Callable
from typing import Any, TypeVar

import uvicorn

from shared.settings import ServiceSettings
from shared.tokens import InsecureSettings

S = TypeVar("S", bound=ServiceSettings)
FACTORY_ENV = "DEKRANASDA_SERVE_FACTORY"
SETTINGS_ENV = "DEKRANASDA_SERVE_SETTINGS"


def _path(obj: Any) -> str:
    return f"{obj.__module__}:{obj.__qualname__}"


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_app() -> Any:
    """The app of one worker process: factory and settings named by the parent's environment."""
    create_app, settings_class = _load(os.environ[FACTORY_ENV]), _load(os.environ[SETTINGS_ENV])
    return create_app(settings_class())


def serve(create_app: Callable[[S], Any], settings: S) -> None:
    """Serve until SIGTERM/SIGINT: stop taking requests, drain, stop consumers, exit."""
    try:
        app = create_app(settings)  # also in the parent with workers: refuses bad settings early
    except InsecureSettings as exc:  # says what to set; a traceback would only bury it
        raise SystemExit(f"{settings.service}: {exc}") from None
    if settings.http_workers > 1:
        os.environ[FACTORY_ENV] = _path(create_app)
        os.environ[SETTINGS_ENV] = _path(type(settings))
        app = f"{__name__}:{worker_app.__name__}"
    uvicorn.run(
        app,
        factory=settings.http_workers > 1,
        workers=settings.http_workers,
        host=settings.http_host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=20,
        access_log=False,
    )

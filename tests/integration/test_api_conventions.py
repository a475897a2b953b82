"""What every service's HTTP API shares, on the real stack: unknown query parameters are a 422
problem like unknown body fields, and the docs pages work without internet (bundled assets)."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.events.app import EventsSettings
from services.events.app import create_app as events_app
from services.membership.app import MembershipSettings
from services.membership.app import create_app as membership_app
from services.programs.app import ProgramsSettings
from services.programs.app import create_app as programs_app
from tests.apps import running, settings_for
from tests.conftest import token
from tests.stack import Stack

pytestmark = pytest.mark.integration

SERVICES = {
    "membership": (MembershipSettings, membership_app),
    "programs": (ProgramsSettings, programs_app),
    "events": (EventsSettings, events_app),
}
ADMIN = token("ID", "admin")


@pytest.fixture(params=sorted(SERVICES))
async def service(
    request: pytest.FixtureRequest, stack: Stack, deployment: str
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    settings_cls, create_app = SERVICES[request.param]
    app = create_app(settings_for(settings_cls, stack, deployment))
    async with running(app) as client:
        yield app, client


HIDDEN = [("GET", "/docs"), ("GET", "/redoc"), ("GET", "/metrics")]  # not in the OpenAPI


def _routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) of the app, path parameters filled in."""
    found = list(HIDDEN)
    for path, operations in app.openapi()["paths"].items():
        filled = re.sub(r"\{[^}]+\}", "x1", path)
        found += [(method.upper(), filled) for method in operations]
    return found


async def test_an_unknown_query_parameter_is_a_422_on_every_route(
    service: tuple[Any, httpx.AsyncClient],
) -> None:
    app, client = service
    routes = _routes(app)
    assert len(routes) > 10
    for method, path in routes:
        r = await client.request(method, path, params={"bogus": "1"}, headers=ADMIN)
        assert r.status_code == 422, (method, path, r.status_code, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"] == [
            {"field": "bogus", "message": r.json()["errors"][0]["message"]}
        ]
        assert r.json()["detail"].startswith("bogus: ")


async def test_declared_query_parameters_still_work(
    service: tuple[Any, httpx.AsyncClient],
) -> None:
    app, client = service
    lists = {"membership": "/members", "programs": "/programs", "events": "/events"}
    path = next(p for p in lists.values() if any(r[1] == p for r in _routes(app)))
    r = await client.get(path, params={"council": "17", "page": 1, "size": 5}, headers=ADMIN)
    assert r.status_code == 200, r.text
    misspelt = await client.get(path, params={"counci": "17"}, headers=ADMIN)
    assert misspelt.status_code == 422 and misspelt.json()["errors"][0]["field"] == "counci"


async def test_docs_pages_load_only_the_service_s_own_assets(
    service: tuple[Any, httpx.AsyncClient],
) -> None:
    _, client = service
    for page in ("/docs", "/redoc"):
        r = await client.get(page)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        urls = re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert urls, r.text
        assert not [u for u in urls if "//" in u], f"{page} loads from elsewhere: {urls}"
        for url in urls:
            if url == "/openapi.json":
                continue
            asset = await client.get(url)
            assert asset.status_code == 200, url
            assert len(asset.content) > 500, url
    swagger = (await client.get("/docs")).text
    assert "/docs/assets/swagger-ui-bundle.js" in swagger and "/openapi.json" in swagger
    redoc = (await client.get("/redoc")).text
    assert "/docs/assets/redoc.standalone.js" in redoc and 'spec-url="/openapi.json"' in redoc

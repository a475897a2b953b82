"""A service behind the proxy's path prefix (`HTTP_ROOT_PATH`, `X-Forwarded-Prefix`)."""

import httpx

from services.events.app import EventsSettings, create_app

PROXIED = {"X-Forwarded-Prefix": "/events"}


def _client() -> httpx.AsyncClient:
    app = create_app(EventsSettings(http_root_path="/events"))  # no lifespan: nothing connects
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://proxy")


async def test_routes_answer_with_and_without_the_proxy_prefix() -> None:
    async with _client() as client:
        assert (await client.get("/health", headers=PROXIED)).status_code == 200
        assert (await client.get("/health")).status_code == 200  # health checks, the console
        # the service's own /events route, whose name is also the prefix: never cut off
        assert (await client.get("/events", headers=PROXIED)).status_code == 401
        assert (await client.get("/events")).status_code == 401


async def test_api_pages_and_openapi_name_the_public_path() -> None:
    async with _client() as client:
        docs = (await client.get("/docs", headers=PROXIED)).text
        assert "'/events/openapi.json'" in docs or '"/events/openapi.json"' in docs
        assert "/events/docs/assets/swagger-ui-bundle.js" in docs
        redoc = (await client.get("/redoc", headers=PROXIED)).text
        assert "/events/openapi.json" in redoc and "/events/docs/assets/redoc" in redoc
        spec = (await client.get("/openapi.json", headers=PROXIED)).json()
        assert spec["servers"] == [{"url": "/events"}]
        asset = await client.get("/docs/assets/swagger-ui.css", headers=PROXIED)
        assert asset.status_code == 200


async def test_a_prefix_other_than_the_configured_one_is_ignored() -> None:
    async with _client() as client:
        docs = (await client.get("/docs", headers={"X-Forwarded-Prefix": "/elsewhere"})).text
        assert "/elsewhere" not in docs and "/docs/assets/swagger-ui-bundle.js" in docs

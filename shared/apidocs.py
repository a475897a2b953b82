"""The OpenAPI pages `/docs` (Swagger UI) and `/redoc` (ReDoc), served with bundled assets.

The scripts and styles are vendored under `shared/static/apidocs/` (pinned, licences noted in
its README) and served by the service itself, so the pages work without internet.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(__file__).parent / "static" / "apidocs"
ASSETS_URL = "/docs/assets"


def install(app: FastAPI) -> None:
    """Serve `/docs`, `/redoc` and their assets; the app must be built with docs_url=None."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="apidocs-assets")
    app.include_router(_pages(app.title, app.openapi_url or "/openapi.json"))


def _pages(title: str, openapi_url: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")  # behind a proxy's path prefix
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no call to an online validator
        )

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=root + openapi_url,
            title=f"{title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon-32x32.png",
            with_google_fonts=False,
        )

    return router

"""The OpenAPI docs pages render in a browser that reaches nothing but the service itself."""

from playwright.sync_api import Route, sync_playwright

from tests.platform import platform
from tests.stack import Stack

CHROMIUM = "/usr/bin/chromium"  # Debian's; no browser download
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_swagger_ui_and_redoc_render_offline(stack: Stack, deployment: str) -> None:
    with (
        platform(stack, deployment, services=("membership",), fresh=True) as running,
        sync_playwright() as pw,
    ):
        base = running.urls["membership"]
        outside: list[str] = []

        def only_the_service(route: Route) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:  # what a machine without internet could not load
                outside.append(route.request.url)
                route.abort()

        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_the_service)
            page.goto(f"{base}/docs")
            title = page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
            assert title is not None and "Dekranasda membership" in title.inner_text()
            page.wait_for_selector(".opblock-summary-path >> text=/councils", timeout=30_000)

            page.goto(f"{base}/redoc")
            heading = page.wait_for_selector("h1", timeout=30_000)
            assert heading is not None and "Dekranasda membership" in heading.inner_text()
            page.wait_for_selector("text=Register a person or a business", timeout=30_000)
        finally:
            browser.close()
        # ReDoc's footer links its vendor's logo image; nothing else may leave the machine
        assert [u for u in outside if not u.endswith("logo-mini.svg")] == []

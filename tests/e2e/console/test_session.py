"""The console's session: cookies, CSRF, transparent refresh, sign-out, language, operations."""

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.console.conftest import PASSWORD, RunningConsole, console_process

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)

EMAIL = "sekretariat@pekalongan.dekranasda.id"


def _csrf(client: httpx.Client, path: str = "/masuk") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def _signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=15)
    body = {"csrf_token": _csrf(client), "email": EMAIL, "password": PASSWORD, "next": "/"}
    answer = client.post("/masuk", data=body)
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text[:300]
    return client


def test_sign_in_sets_an_httponly_lax_expiring_session_cookie(console: RunningConsole) -> None:
    client = httpx.Client(base_url=console.url, timeout=15)
    form = client.get("/masuk")
    assert "HttpOnly" in form.headers["set-cookie"] and "SameSite=lax" in form.headers["set-cookie"]
    body = {"csrf_token": _csrf(client), "email": EMAIL, "password": PASSWORD}
    answer = client.post("/masuk", data=body)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("dk_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # the local deployment runs on plain HTTP
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_in_indonesian(console: RunningConsole) -> None:
    client = httpx.Client(base_url=console.url, timeout=15)
    body = {"csrf_token": _csrf(client), "email": EMAIL, "password": "salah-sandi-123"}
    answer = client.post("/masuk", data=body)
    assert answer.status_code == 401 and "Surel atau kata sandi salah." in answer.text
    assert "dk_session" not in answer.headers.get("set-cookie", "")


def test_a_form_without_the_csrf_token_is_refused(console: RunningConsole) -> None:
    client = _signed_in(console.url)
    body = {"kind": "business", "name": "Batik Palsu CSRF", "csrf_token": "forged"}
    answer = client.post("/anggota/baru", data=body)
    assert answer.status_code == 403 and "Formulir sudah kedaluwarsa" in answer.text
    found = console.api("membership", "/members", "33.75", q="Batik Palsu CSRF")
    assert found["total"] == 0


def test_a_tampered_or_missing_session_goes_to_sign_in(console: RunningConsole) -> None:
    client = httpx.Client(base_url=console.url, timeout=15)
    client.cookies.set("dk_session", "eyJmb3JnZWQiOnRydWV9.forged.signature")
    answer = client.get("/anggota")
    assert answer.status_code == 303 and answer.headers["location"] == "/masuk?next=/anggota"


@pytest.fixture(scope="module")
def eager(console: RunningConsole) -> Iterator[str]:
    """A console that refreshes the access token on every request."""
    with console_process(console.platform, "eager", refresh_margin_s="3600") as url:
        yield url


def test_the_access_token_is_refreshed_transparently(eager: str) -> None:
    client = _signed_in(eager)
    first = client.cookies.get("dk_session")
    for _ in range(3):
        answer = client.get("/anggota")
        assert answer.status_code == 200 and "Anggota" in answer.text
    assert client.cookies.get("dk_session") != first


def test_english_switch_and_operations(console: RunningConsole) -> None:
    client = httpx.Client(base_url=console.url, timeout=15)
    client.get("/bahasa/en?next=/masuk")
    assert "<h1>Sign in</h1>" in client.get("/masuk").text
    assert client.get("/health").json()["status"] == "ok"
    ready = client.get("/ready").json()
    assert ready["checks"] == {"membership": True, "programs": True, "events": True}
    assert "http_request_duration_seconds" in client.get("/metrics").text
    assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200


def test_after_sign_out_the_old_cookie_no_longer_works(eager: str) -> None:
    client = _signed_in(eager)
    stolen = client.cookies.get("dk_session")
    answer = client.post("/keluar", data={"csrf_token": client.cookies.get("dk_csrf")})
    assert answer.status_code == 303 and answer.headers["location"] == "/masuk"
    assert client.get("/").status_code == 303
    # a copy of the cookie: its refresh token was revoked at membership
    replay = httpx.Client(base_url=eager, timeout=15, cookies={"dk_session": str(stolen)})
    answer = replay.get("/anggota")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/masuk")

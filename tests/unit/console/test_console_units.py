"""The console without services: every text translated, Indonesian formats, cookie flags."""

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi import Response
from pydantic import ValidationError

from console import i18n, labels
from console.app import create_app
from console.forms import member_errors, rupiah_amount
from console.session import Session
from console.settings import ConsoleSettings

CONSOLE = Path(i18n.__file__).parent


def _msgids() -> set[str]:
    methods = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = {
        message[2]
        for message in extract_from_dir(str(CONSOLE), methods, options_map=options)
        if isinstance(message[2], str)
    }
    return found | {text for table in labels.ALL.values() for text in table.values()}


def test_every_text_has_an_indonesian_translation() -> None:
    with (CONSOLE / "locale" / "id" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = sorted(_msgids() - translated)
    assert not missing, f"add these to console/locale/id/LC_MESSAGES/messages.po: {missing}"


def test_rupiah_dates_and_zones_the_indonesian_way() -> None:
    i18n.use("id")
    assert i18n.rupiah(60_000_000) == "Rp\u00a060.000.000"
    assert i18n.day("2021-10-26") == "26 Okt 2021"
    at = datetime(2021, 3, 23, 2, 0, tzinfo=UTC)
    assert i18n.moment(at, "17") == "23 Mar 2021 09.00 WIB"
    assert i18n.moment(at, "51.71") == "23 Mar 2021 10.00 WITA"
    assert i18n.moment(at, "94") == "23 Mar 2021 11.00 WIT"
    i18n.use("en")
    assert i18n.gettext("Home") == "Home" and i18n.day("2021-10-26") == "26 Oct 2021"
    i18n.use("id")
    assert i18n.gettext("Home") == "Beranda"


def test_member_form_errors_name_the_field_in_indonesian() -> None:
    i18n.use("id")
    errors = member_errors({"kind": "business", "name": "", "nib": "123", "email": "x"})
    assert errors == {
        "name": "Isi nama.",
        "nib": "NIB terdiri dari tepat 13 angka.",
        "email": "Ini bukan alamat surel.",
    }
    assert rupiah_amount("Rp 25.000.000") == 25_000_000 and rupiah_amount("abc") is None


async def test_cookies_are_secure_outside_the_local_deployment() -> None:
    app = create_app(ConsoleSettings(deployment_name="pekalongan", secret_key="k" * 40))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://c") as client:
            answer = await client.get("/masuk")
    cookie = answer.headers["set-cookie"]
    assert re.search(r"; Secure", cookie) and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert 'lang="id"' in answer.text and "<h1>Masuk</h1>" in answer.text


def test_pages_and_assets_stay_small_and_local() -> None:
    assets = [CONSOLE / "static" / "console.css", *(CONSOLE / "static" / "vendor").glob("*.js")]
    assert sum(p.stat().st_size for p in assets) < 100_000
    for template in (CONSOLE / "templates").glob("*.html"):
        text = template.read_text()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), template.name


def test_a_deployment_refuses_the_development_session_key() -> None:
    with pytest.raises(ValidationError, match="CONSOLE_SECRET_KEY"):
        ConsoleSettings(deployment_name="pekalongan")
    assert ConsoleSettings(deployment_name="local").local


async def test_the_dashboard_shows_what_it_can_while_a_service_is_down() -> None:
    dead = "http://127.0.0.1:9"  # nothing listens: every service call fails
    settings = ConsoleSettings(membership_url=dead, programs_url=dead, events_url=dead)
    app = create_app(settings)
    session = Session(
        access_token="t",
        refresh_token="r",
        expires_at=time.time() + 600,
        council="33.75",
        council_name="Kota Pekalongan",
        role="viewer",
        name="Pemantau",
        email="viewer@pekalongan.dekranasda.id",
    )
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://c") as client:
            response = Response()
            app.state.cookies.write(response, session)
            client.cookies.set("dk_session", _cookie_value(response))
            answer = await client.get("/")
    assert answer.status_code == 200 and "<h1>Beranda</h1>" in answer.text
    assert answer.text.count("Belum tersedia saat ini.") == 3  # members, agenda, programs


def _cookie_value(response: Response) -> str:
    header = response.headers["set-cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]

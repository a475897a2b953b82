"""Bahasa Indonesia first, English as a switch: gettext catalogs and Babel formats."""

import gettext as _gettext
import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from shared.regions import time_zone_of

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT = "id"
_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog of a language, compiled from its .po file in memory (no build step)."""
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def use(language: str) -> None:
    """Use a language for the rest of this request."""
    _language.set(language if language in LANGUAGES else DEFAULT)


def current() -> str:
    """The language of this request."""
    return _language.get()


def gettext(message: str) -> str:
    """A text in the request's language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A text with a count in the request's language."""
    return translations(current()).ngettext(singular, plural, n)


def negotiate(cookie: str | None, accept: str | None) -> str:
    """The person's choice, else Indonesian (the console's first language)."""
    if cookie in LANGUAGES:
        return str(cookie)
    return DEFAULT if accept is None or not accept.lower().startswith("en") else "en"


def _locale() -> Locale:
    return Locale.parse("id_ID" if current() == "id" else "en_ID")


def rupiah(amount: float | None) -> str:
    """Whole rupiah the Indonesian way, kept on one line: Rp 60.000.000."""
    if amount is None:
        return "-"
    return "Rp\u00a0" + format_decimal(round(amount), format="#,##0", locale=_locale())


def number(value: float | None) -> str:
    """A number with the locale's separators."""
    return "-" if value is None else format_decimal(value, locale=_locale())


def percent(ratio: float | None) -> str:
    """A ratio as a percentage."""
    return "-" if ratio is None else format_percent(ratio, locale=_locale())


def day(value: date | str | None) -> str:
    """A calendar day: 26 Okt 2021."""
    if value is None or value == "":
        return "-"
    parsed = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(parsed, "d MMM yyyy", locale=_locale())


def zone_name(council: str) -> str:
    """WIB, WITA or WIT: the council's zone as Indonesians name it."""
    return _ZONE_NAMES.get(time_zone_of(council), "WIB")


def moment(value: datetime | str | None, council: str) -> str:
    """A time on the council's wall clock with its zone: 23 Mar 2021 09.00 WIB."""
    if value is None or value == "":
        return "-"
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = parsed.astimezone(ZoneInfo(time_zone_of(council)))
    text = format_datetime(local, "d MMM yyyy HH.mm", locale=_locale())
    return f"{text} {zone_name(council)}"

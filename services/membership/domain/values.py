"""Small checks the membership aggregates share: council codes, clean text, NIBs."""

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from shared.aggregate import DomainError
from shared.regions import is_known

_NIB = re.compile(r"\d{13}")
_REGISTRATIONS = uuid.UUID("5d1b0c8e-2f4a-5b7e-9c3d-6a8f0e1b2c4d")


def known_council(code: str, *, field: str = "council") -> str:
    """The code, trimmed, if it names the nation, a province or a regency/city."""
    code = code.strip()
    if not is_known(code):
        raise DomainError(
            f"{code!r} is not a Kemendagri province or regency/city code", field=field
        )
    return code


def text(value: str, *, field: str, max_length: int = 200) -> str:
    """Required text, trimmed; blank or too long is refused."""
    cleaned = optional_text(value, field=field, max_length=max_length)
    if cleaned is None:
        raise DomainError("must not be empty", field=field)
    return cleaned


def optional_text(value: str | None, *, field: str, max_length: int = 200) -> str | None:
    """Trimmed text, or None when absent or blank; too long is refused."""
    cleaned = (value or "").strip()
    if len(cleaned) > max_length:
        raise DomainError(f"must be at most {max_length} characters", field=field)
    return cleaned or None


def distinct(values: Iterable[str], *, field: str, max_length: int = 120) -> list[str]:
    """Trimmed entries in their order; a blank entry or a repeat (ignoring case) is refused."""
    seen: set[str] = set()
    kept: list[str] = []
    for index, value in enumerate(values):
        entry = text(value, field=f"{field}[{index}]", max_length=max_length)
        if entry.casefold() in seen:
            raise DomainError(f"{entry!r} is listed twice", field=f"{field}[{index}]")
        seen.add(entry.casefold())
        kept.append(entry)
    return kept


def nib(value: str | None) -> str | None:
    """A business identification number (NIB, from OSS): exactly 13 digits, or None."""
    if value is None:
        return None
    value = value.strip()
    if not _NIB.fullmatch(value):
        raise DomainError("an NIB is exactly 13 digits", field="nib")
    return value


def registration_id(registration: Mapping[str, Any]) -> str | None:
    """The id of a member registered with an NIB, derived from what was registered.

    A retry of the same registration gets the same id: it finds the NIB claim that its crashed
    first attempt left and completes it, and the unique member id stores only one of two twins.
    """
    if not registration.get("nib"):
        return None
    return uuid.uuid5(_REGISTRATIONS, json.dumps(registration, sort_keys=True, default=str)).hex

"""Validation errors in words a person can act on, for problem responses and dead letters."""

from collections.abc import Callable, Mapping
from typing import Any

from shared import fields

PATTERNS = {
    fields.NIB: "an NIB is exactly 13 digits",
    fields.REGION: "must be a Kemendagri code: ID, a province (e.g. 33) or a regency or "
    "city (e.g. 33.75)",
    fields.KPI_KEY: "must be 1 to 40 lowercase letters, digits or underscores",
    fields.CLIENT_ID: "must be 1 to 64 letters, digits or the characters _ . : -",
    fields.ONE_LINE: "must be a single line without control characters",
    fields.MULTILINE: "must not contain control characters other than tabs and line breaks",
}


def _plural(n: Any, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _pattern(ctx: Mapping[str, Any]) -> str:
    return PATTERNS.get(str(ctx.get("pattern")), "does not have the expected form")


def _one_of(ctx: Mapping[str, Any]) -> str:
    return f"must be one of {ctx.get('expected', '')}".replace("'", "")


def _too_short(ctx: Mapping[str, Any]) -> str:
    n = ctx.get("min_length", 1)
    return "must not be empty" if n == 1 else f"must have at least {_plural(n, 'item')}"


_SAYINGS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda c: "is required",
    "extra_forbidden": lambda c: "is not a field of this request",
    "string_pattern_mismatch": _pattern,
    "string_too_short": lambda c: (
        "must not be empty"
        if c.get("min_length") == 1
        else f"must be at least {_plural(c.get('min_length'), 'character')}"
    ),
    "string_too_long": lambda c: f"must be at most {_plural(c.get('max_length'), 'character')}",
    "too_short": _too_short,
    "too_long": lambda c: f"must have at most {_plural(c.get('max_length'), 'item')}",
    "greater_than_equal": lambda c: f"must be at least {c.get('ge')}",
    "greater_than": lambda c: f"must be more than {c.get('gt')}",
    "less_than_equal": lambda c: f"must be at most {c.get('le')}",
    "less_than": lambda c: f"must be less than {c.get('lt')}",
    "int_parsing": lambda c: "must be a whole number",
    "int_type": lambda c: "must be a whole number",
    "int_from_float": lambda c: "must be a whole number",
    "float_parsing": lambda c: "must be a number",
    "float_type": lambda c: "must be a number",
    "finite_number": lambda c: "must be a finite number",
    "bool_parsing": lambda c: "must be true or false",
    "bool_type": lambda c: "must be true or false",
    "string_type": lambda c: "must be text",
    "list_type": lambda c: "must be a list",
    "dict_type": lambda c: "must be an object",
    "model_type": lambda c: "must be an object",
    "model_attributes_type": lambda c: "must be a JSON object",
    "literal_error": _one_of,
    "enum": _one_of,
    "date_parsing": lambda c: "must be a date like 2026-10-26",
    "date_from_datetime_parsing": lambda c: "must be a date like 2026-10-26",
    "date_type": lambda c: "must be a date like 2026-10-26",
    "datetime_parsing": lambda c: "must be a date and time like 2026-10-26T09:00:00+07:00",
    "datetime_from_date_parsing": lambda c: (
        "must be a date and time like 2026-10-26T09:00:00+07:00"
    ),
    "datetime_type": lambda c: "must be a date and time like 2026-10-26T09:00:00+07:00",
    "timezone_aware": lambda c: "must have a time zone offset, e.g. +07:00",
    "json_invalid": lambda c: f"is not valid JSON ({c.get('error', 'cannot be parsed')})",
    "json_type": lambda c: "must be JSON",
}


def say(error: Mapping[str, Any]) -> str:
    """What is wrong with one value, in words (pydantic's own message when we have none)."""
    saying = _SAYINGS.get(str(error.get("type")))
    return saying(error.get("ctx") or {}) if saying else str(error.get("msg", "is not valid"))

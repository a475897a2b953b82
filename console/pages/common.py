"""What several pages share: the council's active term, member names, KPI progress, refusals."""

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from shared.regions import time_zone_of

from ..client import Api, ApiError

T = TypeVar("T")
REFUSALS = (409, 422)  # the service said no to what was asked: shown beside the form


async def or_refusal(call: Awaitable[T]) -> T | ApiError:
    """The service's answer, or its refusal (409, 422) to show the person; anything else raises."""
    try:
        return await call
    except ApiError as exc:
        if exc.status not in REFUSALS:
            raise
        return exc


async def active_term(api: Api, council: str) -> dict[str, Any] | None:
    """The council's inaugurated term, if it has one."""
    terms = await api.items("membership", "/terms", council=council, status="inaugurated", size=5)
    return terms[0] if terms else None


async def member_names(api: Api, ids: list[str]) -> dict[str, str]:
    """Names of the given members (those the person may see)."""
    unique = list(dict.fromkeys(ids))

    async def one(member_id: str) -> tuple[str, str]:
        try:
            found = await api.get("membership", f"/members/{member_id}")
            return member_id, str(found["name"])
        except ApiError:
            return member_id, member_id

    return dict(await asyncio.gather(*(one(i) for i in unique)))


def progress(program: dict[str, Any]) -> float | None:
    """The mean of a program's KPI ratios, each capped at 1."""
    ratios = [min(k["ratio"], 1.0) for k in program.get("kpis", []) if k.get("ratio") is not None]
    return sum(ratios) / len(ratios) if ratios else None


def today(council: str) -> str:
    """Today's date on the council's wall clock (ISO)."""
    return datetime.now(UTC).astimezone(ZoneInfo(time_zone_of(council))).date().isoformat()

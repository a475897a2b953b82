"""Beranda: the council at a glance."""

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.responses import Response

from .. import labels
from ..charts import bars
from ..client import Api, ApiError
from ..web import PageDep
from .common import active_term, progress, today

router = APIRouter()
T = TypeVar("T")
FACETS = {"kind": labels.KINDS, "category": labels.CATEGORIES, "scale": labels.SCALES}
AT_ONCE = 5  # facet queries in flight at a time, so one dashboard does not crowd membership


async def _or_none(call: Awaitable[T]) -> T | None:
    """A part of the dashboard, or None while its service does not answer (the rest still shows)."""
    try:
        return await call
    except ApiError as exc:
        if exc.status in (401, 403):
            raise
        return None


async def _budget(page: PageDep, term: dict[str, Any] | None) -> dict[str, Any] | None:
    if term is None:
        return None
    plan: dict[str, Any] | None = await _or_none(
        page.api.get("programs", f"/workplans/{term['id']}")
    )
    return plan


async def member_counts(api: Api) -> dict[str, dict[str, float]]:
    """Members in the person's scope by kind, category and scale: one `size=1` total per value."""
    gate = asyncio.Semaphore(AT_ONCE)

    async def total(field: str, code: str) -> float:
        async with gate:
            found = await api.get("membership", "/members", size=1, **{field: code})
        return float(found["total"])

    wanted = [(field, code) for field, names in FACETS.items() for code in names]
    totals = await asyncio.gather(*(total(field, code) for field, code in wanted))
    counts: dict[str, dict[str, float]] = {field: {} for field in FACETS}
    for (field, code), n in zip(wanted, totals, strict=True):
        counts[field][code] = n
    return counts


@router.get("/")
async def dashboard(page: PageDep) -> Response:
    """Board in office, member counts, coming agenda, programs with KPI progress, budget."""
    api, council = page.api, page.session.council
    term, counts, agenda, programs = await asyncio.gather(
        _or_none(active_term(api, council)),
        _or_none(member_counts(api)),
        _or_none(api.get("events", "/events", **{"from": today(council), "size": 6})),
        _or_none(api.items("programs", "/programs", council=council)),
    )
    counts = counts or {field: {} for field in FACETS}
    live = [p for p in programs or [] if p["status"] != "cancelled"]
    return page.render(
        "home.html",
        term=term,
        member_total=sum(counts["kind"].values()) if counts["kind"] else None,
        kind_counts=counts["kind"],
        category_bars=sorted(
            bars(counts["category"], labels.CATEGORIES, zeros=False), key=lambda b: -b.value
        ),
        scale_bars=bars(counts["scale"], labels.SCALES),
        agenda=None
        if agenda is None
        else [e for e in agenda["items"] if e["status"] == "scheduled"],
        programs_missing=programs is None,
        programs=[(p, progress(p)) for p in live],
        plan=await _budget(page, term),
    )

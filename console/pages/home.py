"""Beranda: the council at a glance."""

import asyncio
from collections import Counter
from collections.abc import Awaitable
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..web import PageDep
from .common import active_term, progress, today

router = APIRouter()
T = TypeVar("T")


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


@router.get("/")
async def dashboard(page: PageDep) -> Response:
    """Board in office, member counts, coming agenda, programs with KPI progress, budget."""
    api, council = page.api, page.session.council
    term, members, agenda, programs = await asyncio.gather(
        _or_none(active_term(api, council)),
        _or_none(api.get("membership", "/members", size=200)),
        _or_none(api.get("events", "/events", **{"from": today(council), "size": 6})),
        _or_none(api.items("programs", "/programs", council=council)),
    )
    items = members["items"] if members else []
    kinds = Counter(m["kind"] for m in items)
    categories = Counter(m["category"] for m in items if m.get("category"))
    scales = Counter(m["scale"] for m in items if m.get("scale"))
    live = [p for p in programs or [] if p["status"] != "cancelled"]
    return page.render(
        "home.html",
        term=term,
        member_total=members["total"] if members else None,
        kind_counts=kinds,
        category_counts=categories.most_common(),
        scale_counts=scales,
        agenda=None
        if agenda is None
        else [e for e in agenda["items"] if e["status"] == "scheduled"],
        programs_missing=programs is None,
        programs=[(p, progress(p)) for p in live],
        plan=await _budget(page, term),
    )

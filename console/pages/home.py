"""Beranda: the council at a glance."""

import asyncio
from collections import Counter
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..web import PageDep
from .common import active_term, progress, today

router = APIRouter()


async def _budget(page: PageDep, term: dict[str, Any] | None) -> dict[str, Any] | None:
    if term is None:
        return None
    try:
        plan: dict[str, Any] = await page.api.get("programs", f"/workplans/{term['id']}")
    except ApiError:
        return None
    return plan


@router.get("/")
async def dashboard(page: PageDep) -> Response:
    """Board in office, member counts, coming agenda, programs with KPI progress, budget."""
    api, council = page.api, page.session.council
    term, members, agenda, programs = await asyncio.gather(
        active_term(api, council),
        api.get("membership", "/members", size=200),
        api.get("events", "/events", **{"from": today(council), "size": 6}),
        api.items("programs", "/programs", council=council),
    )
    items = members["items"]
    kinds = Counter(m["kind"] for m in items)
    categories = Counter(m["category"] for m in items if m.get("category"))
    scales = Counter(m["scale"] for m in items if m.get("scale"))
    live = [p for p in programs if p["status"] != "cancelled"]
    return page.render(
        "home.html",
        term=term,
        member_total=members["total"],
        kind_counts=kinds,
        category_counts=categories.most_common(),
        scale_counts=scales,
        agenda=[e for e in agenda["items"] if e["status"] == "scheduled"],
        programs=[(p, progress(p)) for p in live],
        plan=await _budget(page, term),
    )

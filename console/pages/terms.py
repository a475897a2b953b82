"""Kepengurusan: terms with history, drafting a term, seating the board, inauguration."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import required
from ..web import Page, PageDep
from .common import or_refusal

router = APIRouter()


@router.get("/pengurus")
async def terms(page: PageDep) -> Response:
    """The council's boards, newest period first."""
    found = await page.api.items("membership", "/terms", council=page.session.council)
    return page.render("terms.html", terms=found)


@router.get("/pengurus/baru")
async def new_term(page: PageDep) -> Response:
    """The form to draft a term."""
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    return page.render("term_form.html", form={}, errors={})


@router.post("/pengurus/baru")
async def draft(page: PageDep) -> Response:
    """Draft the term; overlapping periods come back as an error beside the dates."""
    form = await page.form()
    errors = required(form, "period_start", "period_end")
    if not errors:
        body = {
            "council": page.session.council,
            "period_start": form["period_start"],
            "period_end": form["period_end"],
            "decree_number": form.get("decree_number") or None,
        }
        created = await or_refusal(page.api.post("membership", "/terms", body))
        if not isinstance(created, ApiError):
            return page.redirect(f"/pengurus/{created['id']}")
        errors = created.field_errors() or {"period_start": created.detail}
        errors.setdefault("period_start", created.detail)
    return page.render("term_form.html", 422, form=form, errors=errors)


async def _show(page: Page, term_id: str, error: str | None = None) -> Response:
    term = await page.api.get("membership", f"/terms/{term_id}")
    people = await page.api.items("membership", "/members", council=term["council"], kind="person")
    return page.render("term.html", term=term, people=people, error=error)


@router.get("/pengurus/{term_id}")
async def term(page: PageDep, term_id: str) -> Response:
    """A term's board, the seat form and the inauguration."""
    return await _show(page, term_id)


def _seats(term: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"title": p["title"], "bidang": p["bidang"], "member_id": p["member_id"]}
        for p in term["positions"]
    ]


async def _replace(page: Page, term_id: str, seats: list[dict[str, Any]]) -> Response:
    path = f"/terms/{term_id}/positions"
    done = await or_refusal(page.api.call("membership", "PUT", path, json={"positions": seats}))
    if isinstance(done, ApiError):
        return await _show(page, term_id, done.detail)
    return page.redirect(f"/pengurus/{term_id}")


@router.post("/pengurus/{term_id}/kursi")
async def seat(page: PageDep, term_id: str) -> Response:
    """Seat one more position, held by a member chosen by name."""
    form = await page.form()
    if required(form, "title", "member_id"):
        return await _show(page, term_id, "title, member")
    term, extra = (
        await page.api.get("membership", f"/terms/{term_id}"),
        {
            "title": form["title"],
            "bidang": form.get("bidang") or None,
            "member_id": form["member_id"],
        },
    )
    return await _replace(page, term_id, [*_seats(term), extra])


@router.post("/pengurus/{term_id}/kursi/{index}/hapus")
async def unseat(page: PageDep, term_id: str, index: int) -> Response:
    """Take one position off the board."""
    await page.form()
    term = await page.api.get("membership", f"/terms/{term_id}")
    seats = [s for i, s in enumerate(_seats(term)) if i != index]
    return await _replace(page, term_id, seats)


@router.post("/pengurus/{term_id}/lantik")
async def inaugurate(page: PageDep, term_id: str) -> Response:
    """Inaugurate (pengukuhan) now; the council's previous term ends."""
    await page.form()
    done = await or_refusal(page.api.post("membership", f"/terms/{term_id}/inaugurate", None))
    if isinstance(done, ApiError):
        return await _show(page, term_id, done.detail)
    return page.redirect(f"/pengurus/{term_id}")

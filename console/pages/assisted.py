"""A program's assisted businesses (UKM binaan), their evaluations, and KPIs recorded by hand."""

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import rupiah_amount
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import or_refusal

router = APIRouter()


async def _show(page: Page, program_id: str, error: str | None = None) -> Response:
    program = await page.api.get("programs", f"/programs/{program_id}")
    enrolled = await page.api.items("programs", f"/programs/{program_id}/beneficiaries")
    evaluations = await page.api.items("programs", f"/programs/{program_id}/evaluations")
    taken = {b["member_id"] for b in enrolled}
    businesses = []
    if page.session.can_write and program["status"] in ("approved", "in_progress"):
        found = await page.api.items(
            "membership", "/members", council=program["council"], kind="business"
        )
        businesses = [m for m in found if m["id"] not in taken]
    values = {"program": program, "enrolled": enrolled, "evaluations": evaluations}
    values |= {"businesses": businesses, "error": error}
    return page.render("assisted.html", 422 if error else 200, **values)


@router.get("/program/{program_id}/binaan")
async def assisted(page: PageDep, program_id: str) -> Response:
    """The businesses enrolled in the program, their evaluations, and the manual KPIs."""
    return await _show(page, program_id)


@router.post("/program/{program_id}/binaan")
async def enrol(page: PageDep, program_id: str) -> Response:
    """Enrol a business, chosen by name, in the program."""
    form = await page.form()
    if not form.get("member_id"):
        return await _show(page, program_id, _("Choose a business."))
    body = {"member_id": form["member_id"]}
    done = await or_refusal(
        page.api.post("programs", f"/programs/{program_id}/beneficiaries", body)
    )
    if isinstance(done, ApiError):
        return await _show(page, program_id, done.detail)
    return page.redirect(f"/program/{program_id}/binaan")


@router.post("/program/{program_id}/kpi/{key}")
async def progress(page: PageDep, program_id: str, key: str) -> Response:
    """Set a KPI's actual by hand (for KPIs not counted from attendance)."""
    form = await page.form()
    actual = rupiah_amount(form.get("actual", ""))
    if actual is None:
        return await _show(page, program_id, _("Write a whole number."))
    path = f"/programs/{program_id}/kpis/{key}/progress"
    done = await or_refusal(page.api.post("programs", path, {"actual": actual}))
    if isinstance(done, ApiError):
        return await _show(page, program_id, done.detail)
    return page.redirect(f"/program/{program_id}/binaan")

"""Printable documents (PDF, ReportLab) in Indonesian, with the bundled DejaVu Sans font."""

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fastapi.responses import Response
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shared.regions import region_name

FONTS = Path(__file__).parent / "static" / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
PDF = "application/pdf"
PDF_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {PDF: {}}, "description": "A printable PDF (A4)"}
}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _fonts() -> None:
    """Register the bundled fonts once (embedded in every PDF)."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def tanggal(day: date) -> str:
    """A date as Indonesians write it: 23 Maret 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def council_title(code: str) -> str:
    """The council's name as a letterhead says it: Dekranasda Provinsi Bengkulu."""
    if code == "ID":
        return "Dewan Kerajinan Nasional (Dekranas)"
    name = region_name(code) or code
    return f"Dekranasda {name}" if "." in code else f"Dekranasda Provinsi {name}"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=10, leading=13)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, alignment=1),
        "line": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=9, leading=11),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(
    *,
    title: str,
    subtitles: Sequence[str],
    lines: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    row_height: float | None = None,
) -> bytes:
    """An A4 document: centred title lines, a few facts, then one table that flows over pages."""
    _fonts()
    styles = _styles()
    story: list[Flowable] = [Paragraph(_escape(title), styles["title"])]
    story += [Paragraph(_escape(s), styles["subtitle"]) for s in subtitles]
    story.append(Spacer(1, 6 * mm))
    story += [Paragraph(_escape(line), styles["line"]) for line in lines]
    story.append(Spacer(1, 4 * mm))
    data = [[Paragraph(_escape(h), styles["head"]) for h in header]]
    data += [[Paragraph(_escape(cell), styles["cell"]) for cell in row] for row in rows]
    heights = [None] + [row_height] * len(rows) if row_height else None
    table = Table(data, colWidths=[w * mm for w in widths], rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm
    )
    pdf.build(story)
    return buffer.getvalue()


def pdf_response(content: bytes, *, name: str) -> Response:
    """A PDF shown in the browser, saved as `name.pdf`."""
    headers = {"Content-Disposition": f'inline; filename="{name}.pdf"'}
    return Response(content=content, media_type=PDF, headers=headers)

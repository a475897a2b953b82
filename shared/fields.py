"""Bounded, printable values that the HTTP schemas and the topic contracts share.

Every string and list a caller or a producer sends has a maximum, so no request or record can
grow a document past what MongoDB stores or a process holds. Names, titles and other one-line
text refuse control characters (RFC 5545 forbids them in a calendar, and no person types them);
longer notes may keep tabs and line breaks.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
"""No control characters at all."""
MULTILINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""No control characters but tab, line feed and carriage return."""
NIB = r"^\d{13}$"
REGION = r"^(ID|\d{2}(\.\d{2})?)$"
KPI_KEY = r"^[a-z0-9_]{1,40}$"
CLIENT_ID = r"^[A-Za-z0-9_.:-]{1,64}$"
"""A key a client makes, e.g. a UUID."""

RUPIAH_MAX = 10**15
"""A thousand trillion rupiah: above any budget line, far below what a 64-bit integer holds."""
COUNT_MAX = 10_000_000
MEASURE_MAX = 1e12


def line(max_length: int, *, min_length: int = 1) -> StringConstraints:
    """One line of text: printable, between `min_length` and `max_length` characters."""
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=ONE_LINE)


def paragraphs(max_length: int) -> StringConstraints:
    """Free text that may span lines (tabs and line breaks allowed, no other control character)."""
    return StringConstraints(max_length=max_length, pattern=MULTILINE)


Name = Annotated[str, line(200)]
"""A person's, business's or thing's name."""
Label = Annotated[str, line(120)]
"""A short label: a bidang, a board title, a channel, a certification."""
Identifier = Annotated[str, line(100)]
"""The id of a record of this platform (or of an integrator's system)."""
Rupiah = Annotated[int, Field(ge=0, le=RUPIAH_MAX, description="Whole rupiah")]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
Measure = Annotated[float, Field(ge=0, le=MEASURE_MAX)]
Labels = Annotated[list[Label], Field(max_length=50)]

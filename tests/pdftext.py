"""The text of a printed PDF as Debian's poppler-utils (`pdftotext`) reads it."""

import subprocess


def pdf_text(content: bytes) -> str:
    """The PDF's text in layout order, all whitespace runs made one space."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())

"""Text search that ignores case and accents ("sekar" finds "Sékar") without a collation.

FerretDB has no collations, so what is searched is stored beside the record as a normalised
key: Unicode NFKD, combining marks dropped, casefolded. A query is normalised the same way and
matched as a plain substring (`$regex` of the escaped text), which FerretDB serves.
"""

import re
import unicodedata
from collections.abc import Iterable

from shared.persistence import Document


def normalise(text: str) -> str:
    """Text without case and accents: "Sékar Jagad" -> "sekar jagad"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_key(parts: Iterable[str | None]) -> str:
    """The key a record is found by: its searchable texts, normalised, one per line."""
    return "\n".join(normalise(p) for p in parts if p)


def matches(field: str, text: str) -> Document:
    """A filter on a stored `search_key` field for records containing `text`."""
    return {field: {"$regex": re.escape(normalise(text))}}

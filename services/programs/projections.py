"""The stored read models of members and terms, kept from their topics and rebuilt by replay."""

from datetime import date

from pymongo.asynchronous.collection import AsyncCollection

from shared.persistence import Document
from shared.readmodels import (
    Projection,
    member_document,
    member_revision,
    term_document,
    term_revision,
)
from shared.views import MemberView

from .views import TermView


class MemberViews(Projection):
    """Members as `member.registered`/`member.updated` describe them (no contact data)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, shape=member_document, revision_of=member_revision)

    async def view(self, member_id: str) -> MemberView | None:
        """The member as programs knows it, or None when no event named it yet."""
        doc = await self.get(member_id)
        return None if doc is None else MemberView.from_document(doc)

    async def names(self, member_ids: list[str]) -> dict[str, str]:
        """The names of the members among these ids that programs knows."""
        found = await self.by_keys(member_ids, {"name": 1})
        return {d["_id"]: d["name"] for d in found}


class TermViews(Projection):
    """Terms (kepengurusan) as `term.inaugurated`/`term.ended` describe them."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, shape=term_document, revision_of=term_revision)

    async def view(self, term_id: str) -> TermView | None:
        """The term, or None when it is unknown (or ended before its inauguration arrived)."""
        doc = await self.get(term_id)
        if doc is None or doc.get("status") not in ("inaugurated", "ended"):
            return None
        if not doc.get("period_start") or not doc.get("period_end"):
            return None  # only term.ended reached us: not enough to show, and not sitting
        return TermView(
            term_id=doc["_id"],
            council=doc["council"],
            status=doc["status"],
            period_start=date.fromisoformat(doc["period_start"]),
            period_end=date.fromisoformat(doc["period_end"]),
            bidang=_council_bidang(doc),
        )


def _council_bidang(doc: Document) -> tuple[str, ...] | None:
    """The council's bidang; a term stored before `bidang` kept them as `divisions`."""
    listed = doc["bidang"] if doc.get("bidang") is not None else doc.get("divisions")
    return tuple(listed) if listed is not None else None

"""What programs keeps of other services' data, built from their topics and rebuilt by replay."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from shared.contracts.events import MemberKind, MemberRegistered, MemberUpdated, TermInaugurated

TermStatus = Literal["inaugurated", "ended"]


@dataclass(frozen=True, kw_only=True)
class MemberView:
    """A member as programs knows it; contact data never reaches this service."""

    member_id: str
    council: str
    kind: MemberKind
    name: str
    revision: int

    @property
    def is_business(self) -> bool:
        """Whether the member is a business (UMKM) rather than a person."""
        return self.kind == "business"

    def apply(self, incoming: "MemberView") -> "MemberView":
        """The newer of the two views: the incoming one only when its revision is higher."""
        if incoming.member_id != self.member_id:
            raise ValueError("a member view only applies to the same member")
        return incoming if incoming.revision > self.revision else self


def member_view_from(event: MemberRegistered | MemberUpdated) -> MemberView:
    """The member view that a member.registered or member.updated payload describes."""
    return MemberView(
        member_id=event.member_id,
        council=event.council,
        kind=event.kind,
        name=event.name,
        revision=event.revision,
    )


def apply_member(
    current: MemberView | None, event: MemberRegistered | MemberUpdated
) -> MemberView | None:
    """The view to store after a member event, or None when the event is not newer."""
    incoming = member_view_from(event)
    if current is None:
        return incoming
    newer = current.apply(incoming)
    return None if newer is current else newer


@dataclass(frozen=True, kw_only=True)
class TermView:
    """A board term (kepengurusan) as programs knows it: only inaugurated terms reach us."""

    term_id: str
    council: str
    status: TermStatus
    period_start: date
    period_end: date
    divisions: tuple[str, ...] | None = None  # the council's bidang; None when not told

    @property
    def period(self) -> str:
        """The period as users say it, e.g. 2021-2024."""
        return f"{self.period_start.year}-{self.period_end.year}"

    @property
    def is_inaugurated(self) -> bool:
        """Whether the term is the council's sitting board."""
        return self.status == "inaugurated"

    def ended(self) -> "TermView":
        """The same term after its successor was inaugurated."""
        return replace(self, status="ended")


def inaugurated_term(event: TermInaugurated, *, current: TermView | None = None) -> TermView:
    """The term's view after its inauguration; once ended it stays ended, whatever the order."""
    view = TermView(
        term_id=event.term_id,
        council=event.council,
        status="inaugurated",
        period_start=event.period_start,
        period_end=event.period_end,
        divisions=tuple(event.divisions) if event.divisions is not None else None,
    )
    return view.ended() if current is not None and current.status == "ended" else view

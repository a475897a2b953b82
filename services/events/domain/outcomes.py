"""Membership's answers per term of an inauguration, kept on the event ("inaugurated" is final)."""

from dataclasses import dataclass
from typing import Literal

OutcomeStatus = Literal["pending", "inaugurated", "refused"]


@dataclass(kw_only=True)
class InaugurationOutcome:
    """What membership answered for one term of a concluded inauguration."""

    term_id: str
    status: OutcomeStatus
    reason: str | None = None


def kept(
    term_ids: list[str], known: list[InaugurationOutcome], outcome: InaugurationOutcome
) -> list[InaugurationOutcome] | None:
    """The answers with this one kept, in term order; None when it changes nothing."""
    if outcome.term_id not in term_ids:
        return None
    by_term = {o.term_id: o for o in known}
    before = by_term.get(outcome.term_id)
    if before == outcome or (before is not None and before.status == "inaugurated"):
        return None
    by_term[outcome.term_id] = outcome
    return [by_term[t] for t in term_ids if t in by_term]


def per_term(term_ids: list[str], known: list[InaugurationOutcome]) -> list[InaugurationOutcome]:
    """One answer per listed term: the one kept, else pending."""
    by_term = {o.term_id: o for o in known}
    pending = [InaugurationOutcome(term_id=t, status="pending") for t in term_ids]
    return [by_term.get(p.term_id, p) for p in pending]

"""What a new event's plan must hold before it is scheduled (each refusal names its field)."""

from shared.aggregate import DomainError
from shared.contracts.events import EventType
from shared.regions import is_known


def check_plan(*, council: str, title: str, capacity: int | None) -> None:
    """A known council, a title that is not blank, and room for at least one."""
    if not is_known(council):
        raise DomainError(f"unknown council {council}", field="council")
    if not title.strip():
        raise DomainError("title must not be empty", field="title")
    if capacity is not None and capacity < 1:
        raise DomainError("capacity must be at least 1", field="capacity")


def check_term_list(type: EventType, term_ids: list[str]) -> None:
    """Terms only for an inauguration, at least one there, none listed twice."""
    if type != "inauguration" and term_ids:
        raise DomainError("only an inauguration covers terms", field="term_ids")
    if type == "inauguration" and not term_ids:
        raise DomainError("an inauguration needs at least one term", field="term_ids")
    for index, term_id in enumerate(term_ids):
        if term_ids.index(term_id) != index:
            raise DomainError(f"term {term_id} is listed twice", field=f"term_ids[{index}]")

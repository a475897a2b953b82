"""Pure read-model views that more than one service keeps of another service's data."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.contracts.events import MemberKind


@dataclass(frozen=True, kw_only=True)
class MemberView:
    """A member as `member.registered` / `member.updated` tell it: contact data never travels."""

    member_id: str
    council: str
    kind: MemberKind
    name: str
    revision: int

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> "MemberView":
        """The view of a stored member read-model document."""
        return cls(
            member_id=doc["_id"],
            council=doc["council"],
            kind=doc["kind"],
            name=doc["name"],
            revision=int(doc.get("revision", 0)),
        )

    @property
    def is_business(self) -> bool:
        """Whether the member is a business (UMKM) rather than a person."""
        return self.kind == "business"

"""Failed sign-ins per e-mail address: each failure answers more slowly, then a lock.

Unknown addresses are counted too, so the answers never tell whether an account exists.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection

from shared.aggregate import DomainError
from shared.persistence import Document, document_lock


class Locked(DomainError):
    """Too many failed sign-ins: the address is locked for a while."""

    status = 429

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed sign-ins: try again in {retry_after_s} seconds", field=None
        )
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Policy:
    """After `max_failures` failures an address is locked for `lock`; before, each failure
    answers after `delay_s * 2**(n-1)` seconds."""

    max_failures: int
    lock: timedelta
    delay_s: float


class Throttle:
    """Counts failures in one collection (`_id` = the e-mail address)."""

    def __init__(self, collection: AsyncCollection[Document], policy: Policy) -> None:
        self.collection, self.policy = collection, policy

    async def check(self, email: str, now: datetime) -> None:
        """Raise `Locked` while the address is locked."""
        doc = await self.collection.find_one({"_id": email})
        if doc and doc.get("locked_until") and doc["locked_until"] > now:
            raise Locked(_seconds(doc["locked_until"] - now))

    async def failed(self, email: str, now: datetime) -> float:
        """Count a failure; returns how long to wait before answering (raises once locked)."""
        async with document_lock(self.collection, email):
            doc = await self.collection.find_one({"_id": email})
            fresh = doc is None or doc["last_at"] < now - self.policy.lock
            failures = 1 if fresh or doc is None else doc["failures"] + 1
            locked = now + self.policy.lock if failures >= self.policy.max_failures else None
            state = {"failures": failures, "last_at": now, "locked_until": locked}
            if doc is None:
                await self.collection.insert_one({"_id": email, **state})
            else:
                await self.collection.update_one({"_id": email}, {"$set": state})
        if locked is not None:
            raise Locked(_seconds(self.policy.lock))
        return float(self.policy.delay_s * 2 ** (failures - 1))

    async def succeeded(self, email: str) -> None:
        """A correct password clears the count."""
        await self.collection.delete_one({"_id": email})


def _seconds(span: timedelta) -> int:
    return max(1, int(span.total_seconds() + 0.999))

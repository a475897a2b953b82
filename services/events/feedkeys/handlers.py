"""Use cases of calendar feed keys: make, list and revoke them, and read a feed with one."""

from shared.aggregate import NotFound
from shared.auth import Caller, Unauthenticated
from shared.persistence import Document
from shared.regions import is_known

from ..ports import Agenda


def _writable(caller: Caller, code: str) -> None:
    caller.visible(code, "council")
    if not is_known(code):
        raise NotFound(f"council {code} not found")
    caller.require_write(code)


async def create_feed_key(uow: Agenda, *, caller: Caller, code: str) -> tuple[Document, str]:
    """A new key for the council's feed (writers only): its record and the key, shown once."""
    _writable(caller, code)
    return await uow.feed_keys.create(code, by=caller.sub, at=uow.clock())


async def list_feed_keys(uow: Agenda, *, caller: Caller, code: str) -> list[Document]:
    """The council's live feed keys (writers only), oldest first."""
    _writable(caller, code)
    return await uow.feed_keys.of_council(code)


async def revoke_feed_key(uow: Agenda, *, caller: Caller, code: str, key_id: str) -> None:
    """Revoke a key of the council (writers only); 404 when it has no such key."""
    _writable(caller, code)
    await uow.feed_keys.revoke(code, key_id)


async def feed_reader(uow: Agenda, *, code: str, key: str) -> Caller:
    """The holder of a feed key, who reads that council's feed only (another council: 404)."""
    council = await uow.feed_keys.council_of(key)
    if council is None:
        raise Unauthenticated("this feed key is unknown or was revoked")
    if council != code:
        raise NotFound(f"council {code} not found")
    return Caller(sub="feed-key", region=council, roles=frozenset({"viewer"}))

"""Who reads a council's calendar feed: a feed key's holder, or a bearer token's."""

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials

from shared.auth import Caller, bearer_scheme, current_caller

from ..deps import UowDep
from .handlers import feed_reader


async def calendar_reader(
    request: Request,
    code: str,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    uow: UowDep,
    key: Annotated[
        str | None, Query(max_length=100, description="A feed key instead of a bearer token")
    ] = None,
) -> Caller:
    """Who reads a council's calendar: a feed key's holder (that feed only), or a bearer."""
    if key is None:
        return await current_caller(request, credentials)
    return await feed_reader(uow, code=code, key=key)


FeedReaderDep = Annotated[Caller, Depends(calendar_reader)]

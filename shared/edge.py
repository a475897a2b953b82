"""The HTTP edge: every request has a deadline, and whatever goes wrong answers a problem.

Within a request, every MongoDB operation shares the request's deadline (pymongo's
client-side operation timeout), so a stalled database answers `503` with `Retry-After`
instead of holding the caller; the same `503` comes when the request as a whole outlives its
deadline (e.g. waiting behind a stalled one). An unexpected exception answers a `500` problem.
A request body over the limit answers `413`, whether declared or streamed.
"""

import asyncio
import logging

import pymongo
from fastapi import Request, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import problems

log = logging.getLogger(__name__)
GRACE_S = 1.0
"""How much longer than the database deadline the request as a whole may take."""


class Edge:
    """ASGI middleware: a time budget per request, problem answers when it runs out or fails,
    and a `413` problem for a declared `Content-Length` over `max_body_bytes`."""

    def __init__(self, app: ASGIApp, *, seconds: float, max_body_bytes: int) -> None:
        self.app, self.seconds, self.max_body_bytes = app, seconds, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_too_large(scope):
            await self._too_large(Request(scope, receive))(scope, receive, send)
            return
        started, received = False, 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:  # a streamed body, counted as it arrives
                raise HTTPException(413, self._too_large_detail)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            with pymongo.timeout(self.seconds):
                async with asyncio.timeout(self.seconds + GRACE_S):
                    await self.app(scope, counted, tracked)
        except Exception as exc:
            if started:
                raise
            request = Request(scope, receive)
            if isinstance(exc, TimeoutError):
                why = f"no answer within {self.seconds:g} s (is the database slow?)"
                log.warning("%s %s: %s", request.method, request.url.path, why)
                response = problems.unavailable(request, why)
            else:
                response = await problems.unexpected(request, exc)
            await response(scope, receive, send)

    @property
    def _too_large_detail(self) -> str:
        return f"the request body is larger than {self.max_body_bytes} bytes"

    def _too_large(self, request: Request) -> Response:
        return problems.problem(413, self._too_large_detail, instance=request.url.path)

    def _declared_too_large(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:  # raw pairs: no header object for every request
            if name == b"content-length":
                return value.isdigit() and int(value) > self.max_body_bytes
        return False

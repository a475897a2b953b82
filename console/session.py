"""The session cookie: the person's tokens, signed and time-limited; the CSRF token."""

import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import jwt
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "dk_session"
CSRF_COOKIE = "dk_csrf"
LANG_COOKIE = "dk_lang"
WRITERS = frozenset({"admin", "secretariat"})


@dataclass
class Session:
    """Who is signed in, for which council, and the tokens the services take."""

    access_token: str
    refresh_token: str
    expires_at: float
    council: str
    council_name: str
    role: str
    name: str
    email: str
    grants: list[dict[str, Any]] = field(default_factory=list)

    @property
    def can_write(self) -> bool:
        """Whether the role may change records (viewers only read)."""
        return self.role in WRITERS

    @property
    def sub(self) -> str:
        """The account's id (the token's subject): the door queue is sent only by its maker."""
        try:
            claims = jwt.decode(self.access_token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return ""
        return str(claims.get("sub", ""))

    @property
    def is_admin(self) -> bool:
        """Whether the role administers the council."""
        return self.role == "admin"

    def stale(self, margin_s: float = 60) -> bool:
        """Whether the access token runs out within the margin."""
        return time.time() > self.expires_at - margin_s


class Cookies:
    """Signs, reads and writes the console's cookies."""

    def __init__(self, secret: str, *, ttl_s: int, secure: bool) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="dekranasda-console-session")
        self.ttl_s = ttl_s
        self.secure = secure

    def read(self, request: Request) -> Session | None:
        """The session, when its cookie is present, genuine and not older than the TTL."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._signer.loads(raw, max_age=self.ttl_s)
            return Session(**data)
        except (BadSignature, TypeError):
            return None

    def write(self, response: Response, session: Session) -> None:
        """Store the session in the response's cookie."""
        value = self._signer.dumps(asdict(session))
        self._set(response, SESSION_COOKIE, value, self.ttl_s)

    def clear(self, response: Response) -> None:
        """End the session on the browser."""
        response.delete_cookie(SESSION_COOKIE, path="/")

    def csrf(self, request: Request) -> str:
        """This browser's CSRF token (double-submit): the cookie's, or a new one."""
        token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf", None)
        if not token:
            token = secrets.token_urlsafe(32)
            request.state.csrf = token
        return str(token)

    def keep_csrf(self, request: Request, response: Response) -> None:
        """Set the CSRF cookie when this request made a new token."""
        if not request.cookies.get(CSRF_COOKIE) and getattr(request.state, "csrf", None):
            self._set(response, CSRF_COOKIE, request.state.csrf, self.ttl_s)

    def _set(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )


def csrf_valid(request: Request, submitted: str | None) -> bool:
    """Whether the form's (or htmx header's) token matches the browser's cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = submitted or request.headers.get("x-csrf-token")
    return bool(cookie and sent and secrets.compare_digest(cookie, sent))

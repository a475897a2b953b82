"""The platform's clock and its one check of instants: aware, in UTC, to the millisecond."""

from datetime import UTC, datetime

from shared.aggregate import DomainError


def utc_now() -> datetime:
    """The current time, aware (UTC), to the millisecond that MongoDB keeps."""
    at = datetime.now(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def as_utc(moment: datetime, *, field: str) -> datetime:
    """The same instant in UTC; a naive datetime is a 422 on `field` (its zone is unknown)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DomainError(f"{field} needs a time zone offset", field=field)
    return moment.astimezone(UTC)

"""Aggregates <-> stored documents: plain fields, dates as ISO text, bookkeeping left out."""

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from shared.persistence import OUTBOX, SCHEMA, Document


def to_document(aggregate: Any, *, exclude: Sequence[str] = ()) -> Document:
    """An aggregate dataclass as a stored document: `_id`, plain fields, dates as ISO text."""
    skip = {"id", "revision", "pending", *exclude}
    doc: Document = {"_id": aggregate.id}
    for f in dataclasses.fields(aggregate):
        if f.name in skip:
            continue
        value = getattr(aggregate, f.name)
        doc[f.name] = _plain(value, date)
    return doc


def _plain(value: Any, date_type: Any) -> Any:
    if isinstance(value, date_type) and not isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v, date_type) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [_plain(v, date_type) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, date_type) for k, v in value.items()}
    return value


def fields_of(doc: Document, *, drop: Sequence[str] = ()) -> Document:
    """A stored document's own fields, without storage bookkeeping, `_id` renamed to `id`."""
    skip = {"_id", OUTBOX, SCHEMA, "_lease", "updated_at_store", *drop}
    out = {k: v for k, v in doc.items() if k not in skip}
    out["id"] = doc["_id"]
    return out

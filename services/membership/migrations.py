"""Migrations of membership's stored documents (see `shared.migrations`)."""

from shared.migrations import Migration
from shared.persistence import Document
from shared.search import search_key

from .repository import SEARCH_KEY

OLD_BIDANG = "divisions"  # what councils stored as `bidang` before version 2


def _search_key(doc: Document) -> Document:
    """Version 2: members stored before search ignored accents gain its normalised key."""
    return {SEARCH_KEY: search_key([doc.get("name"), doc.get("owner_name"), doc.get("nib")])}


def _bidang(doc: Document) -> Document:
    """Version 2: a council's list of bidang, stored as `divisions` before, is `bidang`."""
    return {"bidang": doc.get("bidang", doc.get(OLD_BIDANG)) or []}


MIGRATIONS = [
    Migration("members", 2, _search_key, "members gain the accent-free search key"),
    Migration("councils", 2, _bidang, "councils' `divisions` renamed `bidang`", drop=(OLD_BIDANG,)),
]

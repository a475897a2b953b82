"""Migrations of membership's stored documents (see `shared.migrations`)."""

from shared.migrations import Migration
from shared.persistence import Document
from shared.search import search_key

from .repository import SEARCH_KEY


def _search_key(doc: Document) -> Document:
    """Version 2: members stored before search ignored accents gain its normalised key."""
    return {SEARCH_KEY: search_key([doc.get("name"), doc.get("owner_name"), doc.get("nib")])}


MIGRATIONS = [
    Migration("members", 2, _search_key, "members gain the accent-free search key"),
]

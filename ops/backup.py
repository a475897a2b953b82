"""Back up and restore one service's database.

`mongodump`/`mongorestore` do the copying when they are on PATH; else the driver writes one
`<collection>.bson` file per collection (the documents' BSON, one after the other, as
`mongodump` writes them). Either way `manifest.json` records each collection's count and a
state hash of the service's aggregates, which a restore checks.
"""

import asyncio
import hashlib
import importlib
import json
import shutil
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from bson import CodecOptions, decode_file_iter, json_util
from bson.raw_bson import RawBSONDocument
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence import OUTBOX, Document, create_client
from shared.settings import ServiceSettings

MANIFEST = "manifest.json"
BATCH = 500
_RAW: CodecOptions[RawBSONDocument] = CodecOptions(document_class=RawBSONDocument)


class RestoreRefused(Exception):
    """The target is not empty, or the copy does not match its manifest."""


def settings_of(service: str) -> ServiceSettings:
    """The service's settings, read from the environment (as the service itself reads them)."""
    module = importlib.import_module(f"services.{service}.app")
    cls = next(
        v for k, v in vars(module).items() if k.endswith("Settings") and k != "ServiceSettings"
    )
    settings: ServiceSettings = cls()
    return settings


def aggregates_of(service: str, settings: ServiceSettings) -> list[str]:
    """The collections that hold the service's aggregates (the ones with an outbox)."""
    module = importlib.import_module(f"services.{service}.app")
    runtime = module.create_app(settings).state.runtime  # connects nothing
    return sorted(runtime.outbox_collections)


async def state_hash(db: AsyncDatabase[Document], collections: Iterable[str]) -> str:
    """sha256 over the canonical JSON of every aggregate document, sorted by collection and id.

    Pending outbox entries are left out: they are deliveries on their way, not state.
    """
    digest = hashlib.sha256()
    for name in sorted(collections):
        docs = await db[name].find({}).to_list(None)
        lines = sorted(_canonical({k: v for k, v in d.items() if k != OUTBOX}) for d in docs)
        for line in lines:
            digest.update(f"{name}\t{line}\n".encode())
    return digest.hexdigest()


def _canonical(doc: Document) -> str:
    return json_util.dumps(doc, sort_keys=True, json_options=json_util.CANONICAL_JSON_OPTIONS)


async def backup(service: str, out: Path, settings: ServiceSettings | None = None) -> Document:
    """Write the service's database to `out`; returns the manifest."""
    settings = settings or settings_of(service)
    aggregates = aggregates_of(service, settings)
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    client = create_client(settings.mongodb_url)
    try:
        db = client[settings.database]
        names = sorted(await db.list_collection_names())
        tool = shutil.which("mongodump")
        if tool:
            _run([tool, f"--uri={settings.mongodb_url}", f"--db={db.name}", f"--out={out}"])
            counts = {name: await db[name].count_documents({}) for name in names}
        else:
            counts = {name: await _dump(db, name, out) for name in names}
        manifest = {
            "service": service,
            "database": db.name,
            "format": "mongodump" if tool else "bson",
            "created_at": datetime.now(UTC).isoformat(),
            "collections": counts,
            "aggregates": aggregates,
            "state_hash": await state_hash(db, aggregates),
        }
    finally:
        await client.close()
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


async def _dump(db: AsyncDatabase[Document], name: str, out: Path) -> int:
    count = 0
    with (out / f"{name}.bson").open("wb") as file:
        raw = db.get_collection(name, codec_options=_RAW)
        async for doc in raw.find({}):
            file.write(cast(RawBSONDocument, doc).raw)
            count += 1
    return count


async def restore(service: str, source: Path, settings: ServiceSettings | None = None) -> Document:
    """Copy a backup into the service's (empty) database; returns the restored manifest."""
    settings = settings or settings_of(service)
    manifest: Document = json.loads((source / MANIFEST).read_text())
    if manifest["service"] != service:
        raise RestoreRefused(f"{source} is a backup of {manifest['service']}, not {service}")
    client = create_client(settings.mongodb_url)
    try:
        db = client[settings.database]
        for name in await db.list_collection_names():
            if await db[name].count_documents({}, limit=1):
                raise RestoreRefused(f"database {db.name} is not empty ({name} has documents)")
        if manifest["format"] == "mongodump":
            _mongorestore(settings.mongodb_url, source, manifest["database"], db.name)
        else:
            for name in manifest["collections"]:
                await _load(db, name, source / f"{name}.bson")
        await _verify(db, manifest)
    finally:
        await client.close()
    return {**manifest, "database": settings.database}


async def _load(db: AsyncDatabase[Document], name: str, path: Path) -> None:
    collection = db.get_collection(name, codec_options=_RAW)
    if name not in await db.list_collection_names():
        await db.create_collection(name)  # an empty collection is restored too
    batch: list[Any] = []
    with path.open("rb") as file:
        for doc in decode_file_iter(file, codec_options=_RAW):
            batch.append(doc)
            if len(batch) == BATCH:
                await collection.insert_many(batch, ordered=False)
                batch = []
    if batch:
        await collection.insert_many(batch, ordered=False)


def _mongorestore(url: str, source: Path, old: str, new: str) -> None:
    tool = shutil.which("mongorestore")
    if tool is None:
        raise RestoreRefused("this backup was made with mongodump; mongorestore is not on PATH")
    _run([tool, f"--uri={url}", f"--nsFrom={old}.*", f"--nsTo={new}.*", str(source)])


async def _verify(db: AsyncDatabase[Document], manifest: Document) -> None:
    for name, expected in manifest["collections"].items():
        found = await db[name].count_documents({})
        if found != expected:
            raise RestoreRefused(f"{name}: {found} documents restored, the backup has {expected}")
    if await state_hash(db, manifest["aggregates"]) != manifest["state_hash"]:
        raise RestoreRefused("the restored aggregates' state hash differs from the backup's")


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

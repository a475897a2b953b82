"""Where the real Kafka and MongoDB-wire server come from, for integration and e2e tests.

1. `KAFKA_BOOTSTRAP_SERVERS` and `MONGODB_URL` when set (e.g. an operator's own cluster);
2. else testcontainers (Kafka and `mongo:8`) when a Docker engine answers;
3. else the project's devstack (real Apache Kafka and FerretDB on loopback), started on demand.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Stack:
    """Addresses of the real infrastructure under test."""

    kafka: str
    mongodb: str
    kind: str


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@contextmanager
def _containers() -> Iterator[Stack]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    with KafkaContainer().with_kraft() as kafka, MongoDbContainer("mongo:8") as mongo:
        yield Stack(kafka.get_bootstrap_server(), mongo.get_connection_url(), "testcontainers")


@contextmanager
def real_stack() -> Iterator[Stack]:
    """Yield a running stack for the test session."""
    kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URL")
    if kafka and mongo:
        yield Stack(kafka, mongo, "environment")
    elif _docker_answers():
        with _containers() as stack:
            yield stack
    else:
        subprocess.run(
            [str(ROOT / "devstack" / "devstack.sh"), "up"], check=True, stdout=subprocess.DEVNULL
        )
        yield Stack("127.0.0.1:9092", "mongodb://127.0.0.1:27017/", "devstack")

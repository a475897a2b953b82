"""A service process whose handler is slow, for the SIGTERM test.

Usage: python tests/workers/slow_consumer.py DEPLOYMENT HANDLER_SECONDS GRACEFUL_SECONDS
A `trade.ukm.registered` named "slow DEPLOYMENT" is applied as: mark "started", sleep,
mark "done" and count.
"""

import asyncio
import os
import signal
import sys
from collections.abc import Sequence

from shared.contracts import TradeUkmRegistered
from shared.messaging import Delivery, Subscription
from shared.service import Runtime
from shared.settings import ServiceSettings


class WorkerSettings(ServiceSettings):
    service = "sigterm"


async def main(deployment: str, handler_s: float, graceful_s: float) -> None:
    settings = WorkerSettings(
        deployment_name=deployment,
        graceful_timeout_s=graceful_s,
        kafka_bootstrap_servers=os.environ["KAFKA_BOOTSTRAP_SERVERS"],
        mongodb_url=os.environ["MONGODB_URL"],
    )
    runtime = Runtime.create(settings, outbox_collections=[])
    effects = runtime.db["effects"]

    async def slow(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            assert isinstance(delivery.event, TradeUkmRegistered)
            nib = delivery.event.nib
            if delivery.event.name != f"slow {deployment}":
                continue  # records of other tests on the shared topic pass quickly
            await effects.update_one({"_id": nib}, {"$set": {"state": "started"}}, upsert=True)
            print(f"started {nib}", flush=True)
            await asyncio.sleep(handler_s)
            await effects.update_one(
                {"_id": nib}, {"$set": {"state": "done"}, "$inc": {"applied": 1}}
            )

    runtime.subscribe(Subscription(name="slow", topics=(TradeUkmRegistered.topic,), handler=slow))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await runtime.start()
    print("ready", flush=True)
    await stop.wait()
    await runtime.stop()
    print("stopped", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))

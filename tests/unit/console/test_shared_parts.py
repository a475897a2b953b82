"""Parts several console pages share: contract labels and the service's refusals."""

import asyncio

import pytest

from console.client import ApiError
from console.labels import CATEGORIES, named
from console.pages.common import or_refusal
from shared.contracts.events import BusinessScale


def test_labels_name_every_code_of_the_contract_and_no_other() -> None:
    assert named(BusinessScale, mikro="Micro", kecil="Small", menengah="Medium")
    with pytest.raises(ValueError, match="menengah"):
        named(BusinessScale, mikro="Micro", kecil="Small")
    with pytest.raises(ValueError):
        named(BusinessScale, mikro="Micro", kecil="Small", menengah="Medium", besar="Large")
    assert CATEGORIES["gerabah_keramik"] == "Pottery and ceramics"


def test_a_refusal_is_returned_to_show_and_other_errors_raise() -> None:
    async def answer(status: int) -> dict[str, str]:
        if status >= 400:
            raise ApiError(status, f"said {status}")
        return {"id": "x"}

    assert asyncio.run(or_refusal(answer(200))) == {"id": "x"}
    refused = asyncio.run(or_refusal(answer(409)))
    assert isinstance(refused, ApiError) and refused.detail == "said 409"
    with pytest.raises(ApiError):
        asyncio.run(or_refusal(answer(503)))

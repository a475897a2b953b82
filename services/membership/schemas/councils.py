"""HTTP schemas of councils.

A council's list of bidang was called `divisions` before: that name is still accepted on input
and answered on output, marked deprecated, for one version.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from shared.fields import REGION, Labels

from ..domain import Council

Code = Field(pattern=REGION, examples=["33.75"])
"""A council code field of a request."""

BIDANG = "The council's bidang (its working areas), each named once"
OLD_NAME = "divisions"  # the name of `bidang` before: accepted and answered for one version


def _old_input() -> Any:
    """The deprecated `divisions` of a request."""
    return Field(
        default=None,
        deprecated="send `bidang`",
        description=(
            "Deprecated: the old name of `bidang`, still accepted for one version; send `bidang`."
            " When both are sent they must be equal"
        ),
    )


def _fill_bidang(cls: type[BaseModel], data: Any) -> Any:
    """`divisions` alone stands for `bidang`."""
    if isinstance(data, dict) and data.get(OLD_NAME) is not None and "bidang" not in data:
        return {**data, "bidang": data[OLD_NAME]}
    return data


def _same_as_bidang(
    cls: type[BaseModel], value: list[str] | None, info: ValidationInfo
) -> list[str] | None:
    """Both names given: they must say the same."""
    if value is not None and "bidang" in info.data and value != info.data["bidang"]:
        raise PydanticCustomError(
            "bidang_conflict", "differs from bidang; send bidang alone (divisions is its old name)"
        )
    return value


class CouncilCreate(BaseModel):
    """A council is created from its Kemendagri code alone."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=REGION, examples=["17"])
    bidang: Labels = Field(default_factory=list, description=BIDANG)
    divisions: Labels | None = _old_input()

    _fill = model_validator(mode="before")(_fill_bidang)
    _same = field_validator(OLD_NAME)(_same_as_bidang)


class CouncilUpdate(BaseModel):
    """Editable parts of a council."""

    model_config = ConfigDict(extra="forbid")

    bidang: Labels = Field(description=f"{BIDANG}; replaces the list (or send `divisions`)")
    divisions: Labels | None = _old_input()

    _fill = model_validator(mode="before")(_fill_bidang)
    _same = field_validator(OLD_NAME)(_same_as_bidang)


class CouncilPublic(BaseModel):
    """A council as the API shows it."""

    code: str
    name: str
    level: str
    parent: str | None
    time_zone: str
    bidang: list[str] = Field(description=BIDANG)
    divisions: list[str] = Field(
        deprecated="read `bidang`",
        description="Deprecated: the same list as `bidang`, answered for one version; read that",
    )
    created_at: datetime

    @classmethod
    def of(cls, council: Council) -> "CouncilPublic":
        """The public view of a council."""
        return cls(
            code=council.code,
            name=council.name,
            level=council.level,
            parent=council.parent,
            time_zone=council.time_zone,
            bidang=council.bidang,
            divisions=list(council.bidang),
            created_at=council.created_at,
        )

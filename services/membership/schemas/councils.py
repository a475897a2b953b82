"""HTTP schemas of councils."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.fields import REGION, Labels

from ..domain import Council

Code = Field(pattern=REGION, examples=["33.75"])
"""A council code field of a request."""


class CouncilCreate(BaseModel):
    """A council is created from its Kemendagri code alone."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=REGION, examples=["17"])
    divisions: Labels = Field(default_factory=list, description="Bidang of this council")


class CouncilUpdate(BaseModel):
    """Editable parts of a council."""

    model_config = ConfigDict(extra="forbid")

    divisions: Labels


class CouncilPublic(BaseModel):
    """A council as the API shows it."""

    code: str
    name: str
    level: str
    parent: str | None
    time_zone: str
    divisions: list[str]
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
            divisions=council.divisions,
            created_at=council.created_at,
        )

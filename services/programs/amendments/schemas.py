"""HTTP bodies that correct or withdraw an enrolment or an evaluation, always with a reason."""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from shared.aggregate import DomainError

from ..monev.schemas import IndicatorsIn

Reason = Annotated[str, Field(min_length=1, max_length=500, examples=["salah input tanggal"])]


class Withdrawal(BaseModel):
    """Why a record is withdrawn; it stays, marked withdrawn, with the reason in its history."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason


class EnrolmentCorrection(BaseModel):
    """The corrected enrolment date, and why."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason
    enrolled_on: date


class EvaluationCorrection(BaseModel):
    """The corrected fields of an evaluation, and why; fields left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason
    evaluated_on: date | None = None
    score: int | None = Field(default=None, ge=1, le=5)
    indicators: IndicatorsIn | None = Field(default=None, description="Replaces them whole")
    notes: str | None = Field(default=None, max_length=2000, description="Null clears them")

    def changes(self) -> dict[str, Any]:
        """The fields sent, as the domain takes them."""
        sent = self.model_fields_set - {"reason"}
        for name in ("evaluated_on", "score", "indicators"):
            if name in sent and getattr(self, name) is None:
                raise DomainError("cannot be null", field=name)
        changes = {name: getattr(self, name) for name in sent}
        if self.indicators is not None:
            changes["indicators"] = self.indicators.to_domain()
        return changes

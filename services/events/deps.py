"""Route dependencies every events router shares."""

from typing import Annotated

from fastapi import Depends

from shared.problems import unit_of_work

from .ports import Agenda

UowDep = Annotated[Agenda, Depends(unit_of_work)]
"""The unit of work the composition root set on the app (`ports.Agenda`)."""

"""What the membership routes share: the unit of work and the council code pattern."""

from typing import Annotated

from fastapi import Depends

from shared.problems import unit_of_work

from .ports import Membership

UowDep = Annotated[Membership, Depends(unit_of_work)]
COUNCIL_CODE = r"^(ID|\d{2}(\.\d{2})?)$"

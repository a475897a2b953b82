"""Paginated lists with a capped page size."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
"""Far past any list here, and far below what a database's skip can take."""


class PageParams(BaseModel):
    """Which page of a list the caller wants."""

    page: int = 1
    size: int = 50

    @property
    def skip(self) -> int:
        """How many items come before this page."""
        return (self.page - 1) * self.size


async def _page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 50,
) -> PageParams:
    return PageParams(page=page, size=size)


PageDep = Annotated[PageParams, Depends(_page_params)]


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count."""

    items: list[T]
    page: int
    size: int
    total: int


def page_of(params: PageParams, items: list[T], total: int) -> Page[T]:
    """The page of a list that `params` asked for."""
    return Page(items=items, page=params.page, size=params.size, total=total)

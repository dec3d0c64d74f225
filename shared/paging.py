"""Pages of lists: the paging type, one page of a query, and the answer's shape.

No HTTP here, so the service layer can page queries; ``shared.api.PageParams`` reads
``offset`` and ``limit`` from a request.
"""

from __future__ import annotations

from typing import Generic, Self, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

# Beyond any real list, and well inside PostgreSQL's BIGINT: a larger offset is a 422, not a 500.
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 500


class Paging(BaseModel):
    offset: int = 0
    limit: int = 50


async def fetch_page(session: AsyncSession, query, *order_by, paging: Paging) -> tuple[list, int]:
    """One page of ``query``'s rows in ``order_by`` order, and how many it matches in all."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = (await session.scalars(query.order_by(*order_by).offset(paging.offset).limit(paging.limit))).all()
    return list(rows), int(total or 0)


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @classmethod
    def of(cls, items: list, total: int, paging: Paging) -> Self:
        return cls(items=items, total=total, offset=paging.offset, limit=paging.limit)

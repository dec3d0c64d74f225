"""How a notifications dispatcher stored its outcomes (tests and bench/webhook_outcomes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.notifications.service.dispatcher import Dispatcher


def counting_stores(d: Dispatcher) -> list[int]:
    """How many outcomes each of ``d``'s stores (one transaction each) took, in turn, counted
    once committed."""
    stores: list[int] = []
    record_many = d.record_many

    async def counted(outcomes, **kw):
        await record_many(outcomes, **kw)
        stores.append(len(outcomes))

    d.record_many = counted  # type: ignore[method-assign]
    return stores

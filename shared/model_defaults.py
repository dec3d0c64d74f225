"""Default factories of SQLModel table models, asked about once instead of on every instance.

A table model (``SQLModel, table=True``) builds the defaults of a new instance through
pydantic's ``FieldInfo.get_default``, which calls ``inspect.signature`` on each default
factory, every time, to learn whether it takes the validated data (pydantic 2.14; its
private attributes had the same, pydantic#13376). For a built-in factory (``list``, ``dict``)
that parses the builtin's text signature: constructing a pool entry took 3.8 times as long
as with the answer kept (bench/model_defaults.py). The answer depends on the factory alone,
so it is kept per factory; the factory itself is still called for every instance (each gets
its own list).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic._internal import _fields

_MARK = "_corridor_remembers_factories"


def remember_factory_signatures() -> None:
    """Keep pydantic's per-factory answer (idempotent; every service's models call it)."""
    asked = _fields.takes_validated_data_argument
    if getattr(asked, _MARK, False):
        return
    known: dict[Callable[..., Any], bool] = {}

    def takes_validated_data_argument(factory: Callable[..., Any]) -> bool:
        try:
            return known[factory]
        except KeyError:
            answer = known[factory] = bool(asked(factory))
            return answer
        except TypeError:  # an unhashable callable: asked each time, as before
            return bool(asked(factory))

    setattr(takes_validated_data_argument, _MARK, True)
    _fields.takes_validated_data_argument = takes_validated_data_argument  # type: ignore[assignment]

"""Free text others read (a statement, a withdrawal's reason) is kept in the order it was typed:
a direction override, which shows "exe.png" as "gnp.exe", is dropped (it comes with pasted
text); a name a host or officer reads beside a document is refused with one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.applications.api.schemas import ApplicationCreate, WithdrawIn


def test_a_withdrawals_reason_and_a_statement_lose_their_direction_overrides():
    assert WithdrawIn(reason="Ali\u202egnp.exe").reason == "Alignp.exe"
    assert WithdrawIn(reason=None).reason is None
    body = ApplicationCreate(cycle_id="sco-2026", statement="I study \u202dmedicine\u202c.")
    assert "\u202d" not in body.statement and "medicine" in body.statement


def test_a_withdrawals_reason_still_refuses_control_characters():
    with pytest.raises(ValidationError) as refused:
        WithdrawIn(reason="a\x00b")
    assert refused.value.errors()[0]["type"] == "control_characters"

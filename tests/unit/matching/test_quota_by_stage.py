"""The quota matrix's places used, by the stage of the match holding each (the headline of the
officer's quota page: "32 of 45 filled" counted 28 proposals nobody had reviewed)."""

from __future__ import annotations

from services.matching.domain.workbench import held_by_status


def test_the_places_used_are_counted_by_the_stage_of_their_match():
    statuses = ["proposed"] * 28 + ["approved"] * 3 + ["accepted"]
    assert held_by_status(statuses) == {"proposed": 28, "with_host": 0, "approved": 3, "accepted": 1}
    assert list(held_by_status(["accepted", "with_host"])) == ["proposed", "with_host", "approved", "accepted"]
    assert sum(held_by_status([]).values()) == 0

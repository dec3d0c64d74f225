"""The quota matrix's places used, by the stage of the match holding each (the headline of the
officer's quota page: "32 of 45 filled" counted 28 proposals nobody had reviewed)."""

from __future__ import annotations

from services.matching.domain.workbench import held_by_status


def test_the_places_used_are_counted_by_the_stage_of_their_match():
    statuses = ["proposed"] * 28 + ["approved"] * 3 + ["accepted"]
    assert held_by_status(statuses) == {"proposed": 28, "with_host": 0, "approved": 3, "accepted": 1}
    assert list(held_by_status(["accepted", "with_host"])) == ["proposed", "with_host", "approved", "accepted"]
    assert sum(held_by_status([]).values()) == 0


def test_a_cell_held_by_a_shared_cap_is_marked_by_it_not_by_a_looser_cap_of_its_own():
    """Pakistan's cap of 5 over every programme, three used at Dalian: the cell of a per-pair cap
    of 4 at Petroleum read "0 / 4, 2 left" with no mark of the shared cap that held it to 2."""
    from services.matching.domain.engine.types import Applicant, Cap, Programme
    from services.matching.domain.workbench import matrix

    dalian, petroleum = Programme("dalian", 10), Programme("petroleum", 6)
    country_cap = Cap("pk", 5, "Pakistan at most 5", {"sending_country": frozenset({"PK"})})
    pair_cap = Cap("pk-pet", 4, "4 a programme", {"sending_country": frozenset({"PK"}), "programme": frozenset({"petroleum"})})  # fmt: skip
    placed = [(Applicant(f"a{i}", ("dalian",), 0.0, {"sending_country": "PK"}), dalian) for i in range(3)]
    rows, _ = matrix([dalian, petroleum], ["PK"], [country_cap, pair_cap], placed)
    cell = rows[1].cells[0]
    assert (cell.used, cell.remaining, cell.allocation, cell.shared, cell.cap_label) == (
        0,
        2,
        5,
        True,
        "Pakistan at most 5",
    )
    # before the country cap binds, the pair's own cap is the cell's
    rows, _ = matrix([dalian, petroleum], ["PK"], [country_cap, pair_cap], [])
    assert (rows[1].cells[0].allocation, rows[1].cells[0].shared, rows[1].cells[0].remaining) == (4, False, 4)

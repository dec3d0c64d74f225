"""Interview rules (pure): host time zones to UTC and back, the applicant's time zone from
their nationality, slot checks, the booking cut-off and where an interview score goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from services.matching.domain.committee import Criterion, reviewer_composite
from services.matching.domain.interviews import (
    Attendance,
    local,
    may_change,
    score_problems,
    slot_problems,
    time_zone_for,
    to_utc,
    with_interview,
)

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_a_local_time_in_the_host_zone_becomes_utc():
    assert to_utc(datetime(2026, 12, 3, 10, 0), "Asia/Shanghai") == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    assert to_utc(datetime(2026, 12, 3, 10, 0), "Asia/Karachi") == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
    # Kazakhstan moved to a single UTC+5 in 2024: Almaty is +5 now
    assert to_utc(datetime(2026, 12, 3, 10, 0), "Asia/Almaty") == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
    # an explicit offset wins over the zone
    aware = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert to_utc(aware, "Asia/Shanghai") == aware


def test_a_utc_start_reads_in_each_zone():
    start = datetime(2026, 12, 3, 2, 0)  # naive: UTC as stored
    assert local(start, "Asia/Shanghai").strftime("%H:%M %z") == "10:00 +0800"
    assert local(start, "Asia/Karachi").strftime("%H:%M %z") == "07:00 +0500"
    assert local(start, "UTC").hour == 2


def test_the_applicants_time_zone_comes_from_their_nationality():
    assert time_zone_for("PK") == "Asia/Karachi"
    assert time_zone_for("kz") == "Asia/Almaty"
    assert time_zone_for("CN") == "Asia/Shanghai"
    assert time_zone_for("TJ") == "Asia/Dushanbe"
    assert time_zone_for("RU") == "UTC"
    assert time_zone_for(None) == "UTC"


def test_slot_problems_name_each_field():
    assert slot_problems(datetime(2026, 12, 3, 10), 30, "Asia/Shanghai", "Room 1", NOW) == []
    codes = {p.code for p in slot_problems(datetime(2026, 12, 3, 10), 2, "Mars/Olympus", " ", NOW)}
    assert codes == {"interview.unknown_time_zone", "interview.duration_out_of_range", "interview.place_missing"}
    past = slot_problems(datetime(2026, 12, 1, 15, 0), 30, "Asia/Shanghai", "x", NOW)  # 07:00 UTC < now
    assert [p.field for p in past] == ["starts_at"]
    assert [p.field for p in slot_problems(datetime(2029, 1, 1), 30, "UTC", "x", NOW)] == ["starts_at"]  # too far
    assert [p.field for p in slot_problems(datetime(9999, 12, 31, 23), 30, "Asia/Tokyo", "x", NOW)] == ["starts_at"]
    assert [p.code for p in slot_problems(datetime(2026, 12, 3), 30, "Asia", "x", NOW)] == [
        "interview.unknown_time_zone"
    ]


def test_a_booking_changes_only_until_the_cut_off():
    start = NOW + timedelta(hours=30)
    assert may_change(start, NOW, timedelta(hours=24))
    assert may_change(start, NOW + timedelta(hours=6), timedelta(hours=24))  # exactly at the cut-off
    assert not may_change(start, NOW + timedelta(hours=6, seconds=1), timedelta(hours=24))
    assert not may_change(start.replace(tzinfo=None), NOW + timedelta(hours=7), timedelta(hours=24))


def test_interview_scores_are_checked_against_the_sheet_or_0_to_100():
    sheet = [Criterion("academic", "Academic", 1, 0, 10), Criterion("interview", "Interview", 1, 0, 10)]
    assert score_problems(sheet, Attendance.ATTENDED, 8) == []
    assert [p.code for p in score_problems(sheet, Attendance.ATTENDED, 11)] == ["interview.out_of_range"]
    assert score_problems([], Attendance.ATTENDED, 85) == []
    assert [p.code for p in score_problems([], Attendance.ATTENDED, 101)] == ["interview.out_of_range"]
    assert [p.code for p in score_problems(sheet, Attendance.NO_SHOW, 5)] == ["interview.score_no_show"]
    assert score_problems(sheet, Attendance.NO_SHOW, None) == []


def test_the_recorded_interview_score_replaces_each_reviewers_interview_value():
    sheet = [Criterion("academic", "Academic", 1, 0, 10), Criterion("interview", "Interview", 1, 0, 10)]
    mine = {"academic": 10.0, "interview": 0.0}
    assert reviewer_composite(sheet, mine) == 50.0
    assert reviewer_composite(sheet, with_interview(sheet, mine, 10.0)) == 100.0
    assert with_interview(sheet, mine, None) == mine
    assert with_interview(sheet[:1], {"academic": 10.0}, 7.0) == {"academic": 10.0}


def test_a_wall_clock_time_the_zone_skips_or_passes_twice_is_refused_by_name():
    later = datetime(2027, 3, 1, tzinfo=UTC)
    skipped = slot_problems(datetime(2027, 3, 14, 2, 30), 30, "America/New_York", "Room 1", later)
    assert [(p.field, p.code) for p in skipped] == [("starts_at", "interview.time_skipped")]
    autumn = datetime(2027, 10, 1, tzinfo=UTC)
    twice = slot_problems(datetime(2027, 11, 7, 1, 30), 30, "America/New_York", "Room 1", autumn)
    assert [(p.field, p.code) for p in twice] == [("starts_at", "interview.time_ambiguous")]
    assert "2027-11-07T01:30:00-04:00" in twice[0].message and "2027-11-07T01:30:00-05:00" in twice[0].message
    # the same moment given with its offset is what it says; a zone without clock changes is untouched
    given = datetime(2027, 11, 7, 1, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert slot_problems(given, 30, "America/New_York", "Room 1", autumn) == []
    assert slot_problems(datetime(2027, 3, 14, 2, 30), 30, "Asia/Shanghai", "Room 1", later) == []


def test_a_slot_inside_the_booking_cutoff_is_refused_as_one_nobody_could_book():
    """A slot published three minutes ahead was accepted ("slot published") and never shown
    to applicants, who book at least 24 hours ahead."""
    soon = (NOW + timedelta(hours=3)).replace(tzinfo=None)  # a UTC wall clock
    [problem] = slot_problems(soon, 30, "UTC", "Room 1", NOW, timedelta(hours=24))
    assert (problem.field, problem.code) == ("starts_at", "interview.slot_too_soon") and "24 hours" in problem.message
    later = (NOW + timedelta(hours=25)).replace(tzinfo=None)
    assert slot_problems(later, 30, "UTC", "Room 1", NOW, timedelta(hours=24)) == []
    assert slot_problems(soon, 30, "UTC", "Room 1", NOW) == []  # without a cutoff: any future start

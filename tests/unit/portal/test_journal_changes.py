"""The journal shows what changed, not two walls of JSON (a new user found the one changed
number of a quota rule hidden in its whole text)."""

from __future__ import annotations

from services.portal.domain.changes import LONGEST, changed_fields, shown

RULE = {
    "label": "SCO 2026: at most 40% of {programme}'s seats to {sending_country}",
    "max_share_of_seats": 0.4,
    "per": ["programme", "sending_country"],
    "scope": {},
}


def test_only_the_fields_that_differ_are_listed_with_their_values():
    after = {**RULE, "max_share_of_seats": 0.5}
    assert changed_fields(RULE, after) == [("max_share_of_seats", "0.4", "0.5")]


def test_a_created_or_deleted_object_lists_its_fields_against_nothing():
    created = changed_fields(None, RULE)
    assert ("per", "—", "programme; sending_country") in created and len(created) == 4
    assert changed_fields(RULE, None)[1] == ("max_share_of_seats", "0.4", "—")


def test_plain_values_and_nested_objects_read_in_one_short_line():
    assert changed_fields(60, 75) == [("", "60", "75")] and changed_fields(3, 3) == []
    criteria = [{"key": "academic", "weight": 2, "min": 0, "max": 10}, {"key": "statement", "weight": 1}]
    assert shown(criteria) == "key=academic, weight=2, min=0, max=10; key=statement, weight=1"
    assert len(shown("x" * 1000)) == LONGEST and shown("x" * 1000).endswith("…")


def test_a_hosts_decision_reads_in_the_page_language_field_by_field():
    """The audit log of a host's decision in Russian: each field's name and its coded value in
    words (it showed "status:", "decision:", "reason code: language")."""
    from services.portal.web import journal_changes, journal_field

    before = {"status": "with_host"}
    after = {"status": "host_rejected", "decision": "rejected", "reason_code": "language", "message_to_applicant": None}
    rows = journal_changes({"lang": "ru"}, before, after)
    fields = [journal_field("ru", field) for field, _old, _new in rows]
    assert fields == ["статус", "решение", "причина"]
    reason = dict((f, new) for f, _old, new in rows)["reason_code"]
    assert reason != "language" and "язык" in reason.lower()


def test_a_change_inside_a_record_of_the_record_names_what_changed_in_it():
    """A programme's letters changed from 2 to 3: the journal showed its whole requirements on
    both sides, cut to a line before the letters, so "before" and "after" read alike."""
    before = {
        "seats": 10,
        "requirements": {"min_grade": 70, "required_documents": ["passport"], "letters": {"count": 2}},
    }
    after = {
        "seats": 10,
        "requirements": {"min_grade": 70, "required_documents": ["passport"], "letters": {"count": 3}},
    }
    assert changed_fields(before, after) == [("requirements.letters.count", "2", "3")]
    assert changed_fields({"scores": {"a": 1.0}}, {"scores": {"a": 2.0}})[0][0] == "scores"  # scores stay one line

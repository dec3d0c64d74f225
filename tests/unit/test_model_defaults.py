"""A table model's default factories are asked about their signature once, not per instance
(shared/model_defaults.py), and every instance still gets its own defaults."""

from __future__ import annotations

from pydantic._internal import _typing_extra

from services.matching.models import PoolEntry
from services.notifications.models import Notification
from shared.model_defaults import remember_factory_signatures


def entry(i: int) -> PoolEntry:
    return PoolEntry(
        application_id=f"a{i}",
        applicant_id="p",
        cycle_id="c",
        scheme_id="s",
        applicant_type="student",
        sending_country="KZ",
    )


def test_no_signature_is_read_per_instance(monkeypatch):
    asked = []
    real = _typing_extra.signature_no_eval
    monkeypatch.setattr(_typing_extra, "signature_no_eval", lambda f: asked.append(f) or real(f))
    entry(0), Notification(source_event_id="e", event_type="t", channel="email", recipient="r")  # first sight
    first = len(asked)
    for i in range(20):
        entry(i)
        Notification(source_event_id=f"e{i}", event_type="t", channel="email", recipient="r")
    assert len(asked) == first, f"{len(asked) - first} signatures read for 40 instances"


def test_each_instance_still_gets_its_own_defaults():
    a, b = entry(1), entry(2)
    assert a.choices == [] and a.choices is not b.choices
    a.choices.append("p1")
    assert b.choices == []
    n1 = Notification(source_event_id="e1", event_type="t", channel="email", recipient="r")
    n2 = Notification(source_event_id="e2", event_type="t", channel="email", recipient="r")
    assert n1.id != n2.id and n1.context == {} and n1.context is not n2.context


def test_installing_twice_keeps_one_layer():
    from pydantic._internal import _fields

    remember_factory_signatures()
    once = _fields.takes_validated_data_argument
    remember_factory_signatures()
    assert _fields.takes_validated_data_argument is once
    assert once(list) is False and once(lambda data: data) is True

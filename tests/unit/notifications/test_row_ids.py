"""The notifications service's own ids (feed message ids, notification ids, subscriptions):
opaque, unique, and in the order they were made, so that a new row's key goes to the end of
its index (bench/feed_ids.py)."""

from __future__ import annotations

import re
import time

from services.notifications.models import Notification, PartnerFeedEntry, new_id


def test_an_id_is_its_prefix_and_32_hex_digits():
    assert re.fullmatch(r"msg_[0-9a-f]{32}", new_id("msg"))
    assert re.fullmatch(r"ntf_[0-9a-f]{32}", new_id("ntf"))


def test_ids_made_later_sort_after_earlier_ones():
    earlier = [new_id("msg") for _ in range(200)]
    time.sleep(0.002)  # the next millisecond at least
    later = [new_id("msg") for _ in range(200)]
    assert max(earlier) < min(later)


def test_ids_of_the_same_millisecond_are_all_different():
    ids = [new_id("ntf") for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    # the 80 bits after the time differ even where the time does not
    assert len({i[-20:] for i in ids}) == len(ids)


def test_rows_take_such_ids_by_default():
    entry = PartnerFeedEntry(institution_id="xjmu", source_event_id="e", event_type="t", payload={})
    notification = Notification(source_event_id="e", event_type="t", channel="email", recipient="a")
    for made, prefix in ((entry.message_id, "msg"), (notification.id, "ntf")):
        assert re.fullmatch(prefix + r"_[0-9a-f]{32}", made)
        assert int(made[4:16], 16) <= time.time_ns() // 1_000_000  # its first 12 digits: the millisecond made

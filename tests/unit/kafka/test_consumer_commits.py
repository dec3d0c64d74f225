"""When a consumer commits its offsets: after the batches it applied or skipped (no handler for
their types), later, together, at most every ``COMMIT_SECONDS``, when it stops and when the
partition is revoked; at once after a batch that dead-lettered a record; never for a partition
a rebalance took away, nor one given back since (its new owner committed further); at a stop
part-way through a batch, what it did.

The loop runs against a scripted stand-in for aiokafka's consumer (getmany, commit,
assignment) and a stand-in for applying a batch: what is tested is the loop's bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import TopicPartition

from shared.kafka.consumer import EventConsumer, _HeldOffsets

P0 = TopicPartition("corridor.applications.v1", 0)
P1 = TopicPartition("corridor.applications.v1", 1)


@dataclass
class Record:
    offset: int
    handled: bool  # whether the consumer has a handler for its type
    dead: bool = False  # dead-lettered (poison, or a handler that kept failing)
    stop: bool = False  # the consumer is stopped before this record


class ScriptedKafka:
    """getmany hands out the scripted polls in turn, then stops the consumer."""

    def __init__(self, consumer: EventConsumer, polls: list, owned=(P0, P1)):
        self.consumer, self.polls, self.owned = consumer, list(polls), set(owned)
        self.commits: list[dict[TopicPartition, int]] = []
        self.polled = 0

    async def getmany(self, timeout_ms: int, max_records: int):
        if not self.polls:
            await self.consumer.loop.stop()
            return {}
        self.polled += 1
        poll = self.polls.pop(0)
        return await poll() if callable(poll) else poll  # a callable: a rebalance meanwhile

    def assignment(self):
        return set(self.owned)

    async def commit(self, offsets):
        self.commits.append(dict(offsets))


def consumer(every: float) -> EventConsumer:
    async def dead_letter(record, reason):
        raise AssertionError

    c = EventConsumer(
        name="commits",
        topics=["corridor.applications.v1"],
        group_id="unit.commits",
        bootstrap="unused:9",
        db=None,
        tables=None,
        handlers={},
        dead_letter=dead_letter,
        service="unit",
    )
    c.COMMIT_SECONDS = every

    async def apply(records) -> int:  # counts the skipped as _decode does; stops at a record marked so
        done = next((i for i, r in enumerate(records) if r.stop), len(records))
        c.stats.skipped += sum(1 for r in records[:done] if not r.handled)
        c.stats.handled += sum(1 for r in records[:done] if r.handled and not r.dead)
        c.stats.dead_lettered += sum(1 for r in records[:done] if r.dead)
        return done

    c.process_batch = apply  # type: ignore[method-assign]
    return c


def skipped(*offsets: int) -> list[Record]:
    return [Record(o, handled=False) for o in offsets]


async def test_applied_batches_are_committed_together_not_each_at_once():
    c = consumer(every=3600)
    kafka = ScriptedKafka(
        c, [{P0: [Record(0, True), Record(1, False)]}, {P1: [Record(7, True)]}, {P0: [Record(2, True)]}]
    )
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.commits == [{P0: 3, P1: 8}]  # one commit, at the stop
    assert c.stats.commits == 1


async def test_a_batch_that_dead_lettered_a_record_is_committed_at_once():
    """Read again, its poison would be dead-lettered again: its offset does not wait."""
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [{P0: [Record(0, True), Record(1, True, dead=True)]}, {P1: [Record(7, True)]}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.commits == [{P0: 2}, {P1: 8}]  # P0's at once, P1's at the stop


async def test_a_batch_stopped_part_way_commits_what_it_did_and_no_more():
    c = consumer(every=3600)
    kafka = ScriptedKafka(
        c,
        [{P1: [Record(7, True)]}, {P0: [Record(0, True), Record(1, True, dead=True), Record(2, True, stop=True)]}],
    )
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.polled == 2  # the loop ended with the stop
    assert kafka.commits == [{P1: 8, P0: 2}]  # at the stop: record 2 is read again, 0 and 1 are not


async def test_batches_skipped_whole_are_committed_together_when_the_consumer_stops():
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1)}, {P1: skipped(5)}, {P0: skipped(2, 3, 4)}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.polled == 3
    assert kafka.commits == [{P0: 5, P1: 6}]  # one commit, the newest offset of each


async def test_held_offsets_are_committed_every_so_often_meanwhile():
    c = consumer(every=0)  # due at every poll
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1)}, {P0: [Record(2, True)]}, {P1: skipped(5)}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.commits == [{P0: 2}, {P0: 3}, {P1: 6}]


async def test_a_dead_lettering_batch_takes_the_held_offset_of_its_partition_with_it():
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1), P1: skipped(4)}, {P0: [Record(2, True, dead=True)]}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.commits == [{P0: 3}, {P1: 5}]  # P0's at once; P1's skipped one at the stop


async def test_a_partition_taken_by_a_rebalance_is_not_committed():
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [{P0: skipped(0), P1: skipped(3)}])
    kafka.owned = {P1}  # P0 went to another instance meanwhile
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert kafka.commits == [{P1: 4}]


async def test_a_revoked_partition_has_its_skipped_offset_committed_and_one_given_back_starts_afresh():
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [])
    held = _HeldOffsets(c, kafka)

    async def rebalanced():  # P0 revoked (still owned while revoked), then given back
        await held.on_partitions_revoked({P0})
        await held.on_partitions_assigned({P0})
        return {}

    kafka.polls = [{P0: skipped(0, 1), P1: skipped(7)}, rebalanced, {P1: skipped(8)}]
    await c._loop(kafka, held)
    # P0's offset went with the revocation; nothing of it was held after it came back (another
    # owner may have committed further meanwhile); P1's at the stop
    assert kafka.commits == [{P0: 2}, {P1: 9}]


async def test_a_revoked_partition_has_its_applied_offset_committed_with_the_revocation():
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [])
    held = _HeldOffsets(c, kafka)

    async def revoked():  # P0 goes to another instance (still owned while revoked)
        await held.on_partitions_revoked({P0})
        kafka.owned = {P1}
        return {}

    kafka.polls = [{P0: [Record(0, True), Record(1, True)], P1: [Record(3, True)]}, revoked]
    await c._loop(kafka, held)
    assert kafka.commits == [{P0: 2}, {P1: 4}]  # P0's with the revocation, before its new owner reads; P1's at the stop


async def test_a_batch_applied_across_a_rebalance_holds_no_offset():
    """P0 was revoked and given back while its batch was applied: the batch's offset is not
    held (its owner may have committed further meanwhile); the events are read again."""
    c = consumer(every=3600)
    kafka = ScriptedKafka(c, [{P0: [Record(0, True), Record(1, True)]}, {P1: [Record(5, True)]}])
    held = _HeldOffsets(c, kafka)

    async def apply(records) -> int:
        if records[0].offset == 0:  # a rebalance while this batch is applied
            await held.on_partitions_revoked({P0})
            await held.on_partitions_assigned({P0, P1})
        c.stats.handled += len(records)
        return len(records)

    c.process_batch = apply  # type: ignore[method-assign]
    await c._loop(kafka, held)
    assert kafka.commits == [{P1: 6}]  # never P0's stale 2


async def test_a_consumer_stopped_mid_batch_commits_what_it_skipped_before_not_the_batch_it_left():
    c = consumer(every=3600)
    applied_batches = []

    async def apply(records) -> int:
        if any(r.handled for r in records):
            applied_batches.append(records)
            await c.loop.stop()
            return 0  # stopped before its first record
        c.stats.skipped += len(records)
        return len(records)

    c.process_batch = apply  # type: ignore[method-assign]
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1)}, {P1: [Record(4, True)]}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert applied_batches and kafka.commits == [{P0: 2}]  # never P1's
    assert c.stats.commits == 1

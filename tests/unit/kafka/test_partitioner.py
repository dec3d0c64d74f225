"""The producers' partitioner places every keyed record where Kafka's default partitioner does
(aiokafka's ``DefaultPartitioner``, the Java client's): each key's events keep their order
whichever client produced them."""

from __future__ import annotations

import pytest
from aiokafka.partitioner import DefaultPartitioner
from hypothesis import given
from hypothesis import strategies as st

from shared.kafka.producer import KeyPartitioner, make_producer

# Kafka's own test vectors for murmur2 (clients' UtilsTest.testMurmur2), as signed 32-bit ints
KAFKA_MURMUR2 = {
    b"21": -973932308,
    b"foobar": -790332482,
    b"a-little-bit-long-string": -985981536,
    b"a-little-bit-longer-string": -1486304829,
    b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
    b"abc": 479470107,
}


@pytest.mark.parametrize(("key", "hashed"), KAFKA_MURMUR2.items())
def test_a_key_goes_where_kafkas_murmur2_puts_it(key, hashed):
    partitions = list(range(1000))
    assert KeyPartitioner()(key, partitions, partitions) == (hashed & 0x7FFFFFFF) % 1000


@given(
    key=st.binary(max_size=80) | st.binary(max_size=80).map(bytearray),
    count=st.integers(1, 64),
    missing=st.sets(st.integers(0, 63)),
)
def test_every_key_goes_where_aiokafkas_default_partitioner_puts_it(key, count, missing):
    partitions = list(range(count))
    available = [p for p in partitions if p not in missing]  # the key's partition even when it is down
    assert KeyPartitioner()(key, partitions, available) == DefaultPartitioner()(key, partitions, available)


def test_a_record_without_a_key_goes_to_an_available_partition():
    assert {KeyPartitioner()(None, [0, 1, 2], [2]) for _ in range(20)} == {2}
    assert KeyPartitioner()(None, [0, 1, 2], []) in {0, 1, 2}


async def test_the_services_producers_use_it():
    producer = make_producer("127.0.0.1:9", client_id="t")
    assert isinstance(producer._partitioner, KeyPartitioner)

"""Session-wide real infrastructure: one Apache Kafka broker and one PostgreSQL server.

Both are started by the project's own scripts (deploy/kafka/kafka.sh, deploy/postgres/pg.sh)
unless CORRIDOR_TEST_KAFKA_BOOTSTRAP / CORRIDOR_TEST_DATABASE_URL point at running ones.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres

# The suite runs in development mode: settings built by tests may use the development JWT
# secret. The services it starts as processes get a long random secret of their own anyway
# (tests.support.services), and tests of the production refusal set the mode themselves.
os.environ.setdefault("CORRIDOR_ENV", "development")

# A CI clone is thrown away after one run: the brokers' class archive, dumped by the JVM when
# the first broker without one stops (14-24 s at the end of a loaded session), would serve no
# later start. Brokers still map an archive that exists (deploy/kafka/kafka.sh).
if os.environ.get("CI"):
    os.environ.setdefault("KAFKA_CDS", "use")


@pytest.fixture(scope="session")
def kafka(tmp_path_factory) -> KafkaBroker:
    broker = external_kafka()
    if broker is not None:
        yield broker
        return
    broker = KafkaBroker.launch(tmp_path_factory.mktemp("kafka"))
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory) -> Postgres:
    pg = external_postgres()
    if pg is not None:
        yield pg
        return
    # Not under tmp_path: the server runs as the 'postgres' user, who cannot enter it.
    data = Path(tempfile.gettempdir()) / f"corridor-pg-{uuid.uuid4().hex[:8]}"
    pg = Postgres.launch(data)
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(data, ignore_errors=True)

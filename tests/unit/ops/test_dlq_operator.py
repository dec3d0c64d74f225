"""The dead-letter tool acts as an operator's principal: the CORRIDOR_KAFKA_* variables, else
in a checkout that runs ``make run`` its admin (an operator following the runbook there got
"Unable to bootstrap": the broker asks for SASL); ``--bootstrap`` goes before or after the
command's name."""

from __future__ import annotations

import pytest

from tools import dlq


def test_the_make_run_admin_is_used_when_no_principal_is_named(tmp_path):
    users = tmp_path / "kafka-users"
    users.write_text("# Kafka SCRAM-SHA-512 principals\nadmin=s3cret-admin\napplications=other\n")
    security = dlq.operator_security({}, users)
    assert (security.protocol, security.username, security.password) == ("SASL_PLAINTEXT", "admin", "s3cret-admin")
    named = dlq.operator_security({"CORRIDOR_KAFKA_USERNAME": "ops", "CORRIDOR_KAFKA_PASSWORD": "pw"}, users)
    assert named.username == "ops"  # the variables win
    assert not dlq.operator_security({}, tmp_path / "absent").authenticated


def test_the_bootstrap_option_goes_before_or_after_the_command(monkeypatch):
    monkeypatch.setenv("CORRIDOR_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")  # a broker asking for no login
    seen = []

    async def fake_main(args):
        seen.append((args.command, args.bootstrap, args.topic))
        return 0

    monkeypatch.setattr(dlq, "_main", fake_main)
    assert dlq.main(["list", "corridor.applications.v1", "--bootstrap", "127.0.0.1:19392"]) == 0
    assert dlq.main(["--bootstrap", "127.0.0.1:9093", "list", "corridor.applications.v1"]) == 0
    assert seen == [
        ("list", "127.0.0.1:19392", "corridor.applications.v1"),
        ("list", "127.0.0.1:9093", "corridor.applications.v1"),
    ]


BROKER = {
    "corridor.applications.v1",
    "corridor.applications.v1.dlq",
    "corridor.matching.v1",
    "corridor.matching.v1.dlq",
    "corridor.partner.xjmu.v1",  # no dead-letter twin
    "__consumer_offsets",
}


def test_a_topic_that_does_not_exist_is_said_so_with_the_known_ones():
    """A typo listed "0 dead-lettered record(s)" and exited 0."""
    assert dlq.topic_problem("corridor.applications.v1", BROKER) is None
    assert dlq.topic_problem("corridor.matching.v1.dlq", BROKER) is None
    assert dlq.topic_problem("corridor.partner.xjmu.v1", BROKER) is None  # exists: it has none
    said = dlq.topic_problem("corridor.nonsense.v1", BROKER)
    assert said == (
        "topic corridor.nonsense.v1 does not exist; "
        "the topics with dead letters: corridor.applications.v1, corridor.matching.v1"
    )
    assert "corridor.catalog.v1" in dlq.topic_problem("corridor.nonsense.v1", set())  # the system's, then


@pytest.mark.parametrize("argv", [["list", "corridor.nonsense.v1"], ["replay", "corridor.nonsense.v1", "--all"]])
def test_a_topic_the_broker_does_not_have_is_exit_2_and_nothing_read(argv, monkeypatch, capsys):
    monkeypatch.setenv("CORRIDOR_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")

    async def topics(_bootstrap):
        return BROKER

    async def unread(*_args, **_kw):
        raise AssertionError("nothing is read")

    monkeypatch.setattr(dlq, "broker_topics", topics)
    monkeypatch.setattr(dlq, "read_dead_letters", unread)
    assert dlq.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tools.dlq: topic corridor.nonsense.v1 does not exist")


def test_missing_credentials_are_named_in_one_line(tmp_path):
    absent = tmp_path / "absent"
    said = dlq.credentials_problem({}, absent)
    assert said.startswith("no Kafka credentials") and "CORRIDOR_KAFKA_USERNAME" in said and "\n" not in said
    assert dlq.credentials_problem({"CORRIDOR_KAFKA_USERNAME": "admin"}, absent) == (
        "CORRIDOR_KAFKA_PASSWORD is not set (CORRIDOR_KAFKA_USERNAME is)"
    )
    assert "CORRIDOR_KAFKA_USERNAME is not set" in dlq.credentials_problem({"CORRIDOR_KAFKA_PASSWORD": "pw"}, absent)
    assert "not one of" in dlq.credentials_problem({"CORRIDOR_KAFKA_SECURITY_PROTOCOL": "SASL"}, absent)
    assert dlq.credentials_problem({"CORRIDOR_KAFKA_USERNAME": "ops", "CORRIDOR_KAFKA_PASSWORD": "pw"}, absent) is None
    assert dlq.credentials_problem({"CORRIDOR_KAFKA_SECURITY_PROTOCOL": "plaintext"}, absent) is None  # on purpose
    users = tmp_path / "kafka-users"
    users.write_text("admin=s3cret-admin\n")
    assert dlq.credentials_problem({}, users) is None  # make run's admin


@pytest.mark.parametrize(
    ("argv", "env", "said"),
    [
        (["list", "corridor.applications.v1"], {}, "no Kafka credentials"),
        (["list", "corridor.applications.v1"], {"CORRIDOR_KAFKA_USERNAME": "admin"}, "CORRIDOR_KAFKA_PASSWORD"),
    ],
)
def test_missing_credentials_are_exit_2_before_asking_a_broker(argv, env, said, monkeypatch, tmp_path, capsys):
    for name in ("CORRIDOR_KAFKA_SECURITY_PROTOCOL", "CORRIDOR_KAFKA_USERNAME", "CORRIDOR_KAFKA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(dlq, "RUN_USERS", tmp_path / "absent")

    async def no_broker(args):
        raise AssertionError("no broker is asked")

    monkeypatch.setattr(dlq, "_main", no_broker)
    assert dlq.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tools.dlq: ") and said in err


def test_trim_points_delete_up_to_and_including_the_offset_named():
    letters = [dlq.DeadLetter(p, o, None, None, []) for p, o in [(0, 3), (0, 7), (2, 1)]]
    assert dlq.trim_points(letters, [], everything=True) == {0: 8, 2: 2}
    assert dlq.trim_points(letters, ["0:3", "1:0", "0:1"], everything=False) == {0: 4, 1: 1}
    for malformed in ("zero", "0", "0:x", "-1:2", "0:-1"):
        with pytest.raises(ValueError):
            dlq.trim_points(letters, [malformed], everything=False)

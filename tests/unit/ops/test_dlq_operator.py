"""The dead-letter tool acts as an operator's principal: the CORRIDOR_KAFKA_* variables, else
in a checkout that runs ``make run`` its admin (an operator following the runbook there got
"Unable to bootstrap": the broker asks for SASL); ``--bootstrap`` goes before or after the
command's name."""

from __future__ import annotations

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

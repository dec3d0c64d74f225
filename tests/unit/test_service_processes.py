"""The suites' service processes: a port taken between choosing it and binding it (an outgoing
connection of the suite running beside takes ports from the same ephemeral range) is tried again
on another, so that one collision does not fail every test of a suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.services import ServiceProcess


def test_a_service_whose_port_was_taken_starts_on_another(monkeypatch, tmp_path: Path):
    service = ServiceProcess("portal", {}, tmp_path / "portal.log")
    tried: list[int] = []

    def start_once(timeout: float) -> ServiceProcess:
        tried.append(service.port)
        if len(tried) == 1:
            raise RuntimeError("portal exited early; log: ...\nerror while attempting to bind: address already in use")
        return service

    monkeypatch.setattr(service, "_start", start_once)
    assert service.start() is service
    assert len(tried) == 2 and tried[0] != tried[1] and service.port == tried[1]


def test_any_other_failure_to_start_is_not_retried(monkeypatch, tmp_path: Path):
    service = ServiceProcess("portal", {}, tmp_path / "portal.log")
    tried: list[int] = []

    def broken(timeout: float) -> ServiceProcess:
        tried.append(service.port)
        raise RuntimeError("portal exited early; not starting, a setting is not valid")

    monkeypatch.setattr(service, "_start", broken)
    with pytest.raises(RuntimeError, match="a setting is not valid"):
        service.start()
    assert len(tried) == 1

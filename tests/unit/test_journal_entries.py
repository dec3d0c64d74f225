"""The shared journal's entries: what they keep of who acted and of what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared.journal import append
from shared.principal import Principal, Role


class Act(StrEnum):
    MADE = "subscription.created"


@dataclass
class Entry:
    actor: str
    actor_name: str
    action: str
    subject: str
    scheme_id: str | None = None
    cycle_id: str | None = None
    application_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""


@dataclass
class Session:
    added: list[Any] = field(default_factory=list)

    def add(self, entry: Any) -> None:
        self.added.append(entry)


def test_a_machine_clients_action_names_the_client_and_a_urls_query_secret_is_masked():
    """After a leaked client secret, "review what was changed" needs which client did it; and a
    webhook URL's ?access_token= was kept in clear in the journal (and its export)."""
    machine = Principal(sub="acc-1", role=Role.PARTNER, name="LZU admissions", client_id="pc_c938")
    url = "https://lzu.example/hook?access_token=PW-QUERY-SECRET-42&v=2"
    entry = append(Session(), machine, Act.MADE, model=Entry, subject="subscription:s1", after={"url": url})
    assert entry.actor == "acc-1" and entry.actor_name == "LZU admissions · client pc_c938"
    assert "PW-QUERY-SECRET-42" not in entry.after["url"] and entry.after["url"].endswith("v=2")
    person = Principal(sub="acc-1", role=Role.PARTNER, name="LZU admissions")
    assert append(Session(), person, Act.MADE, model=Entry, subject="s").actor_name == "LZU admissions"

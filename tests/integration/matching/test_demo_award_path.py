"""The demo `make run` loads, through the matching service's API (issue 14): SCO 2026 goes
through HEC and the Kazakh ministry with allocations from its quota rules, the PK–KZ
exchange through host admission, and the demo nominators see only their own country."""

from __future__ import annotations

from datetime import datetime

from services.matching import demo as catalog
from shared.principal import Role
from tests.support.services import auth
from tools import demo

ADMIN = auth(Role.ADMIN, "demo")


async def test_the_demo_award_path_as_the_service_answers_it(matching):
    await catalog.load_demo("http://testserver", ADMIN["Authorization"].split()[1], client=matching)
    sco = (await matching.get("/schemes/sco", headers=ADMIN)).json()
    assert sco["path"] == ["nomination", "matching", "review", "admission", "answer"]
    assert sco["authorities"]["PK"] == "Higher Education Commission (HEC)"
    med = (await matching.get("/schemes/pk-kz-med", headers=ADMIN)).json()
    assert med["path"] == ["endorsement", "matching", "review", "admission", "answer"]
    assert (await matching.get("/schemes/cgs-cpec", headers=ADMIN)).json()["path"] == []
    cycle = (await matching.get("/cycles/sco-2026", headers=ADMIN)).json()
    closes, nominations, admissions = (
        datetime.fromisoformat(cycle[k]) for k in ("closes_at", "nomination_closes_at", "admission_closes_at")
    )
    assert closes < nominations < admissions

    for account, country, authority, allocation in (
        (demo.HEC_NOMINATOR, "PK", "Higher Education Commission (HEC)", 5),
        (demo.KZ_NOMINATOR, "KZ", "Ministry of Science and Higher Education", 6),
    ):
        headers = auth(Role.NOMINATOR, account["email"], schemes=account["schemes"], countries=account["countries"])
        r = await matching.get("/cycles/sco-2026/nominations", headers=headers)
        assert r.status_code == 200, r.text
        (summary,) = r.json()
        assert (summary["sending_country"], summary["authority"], summary["allocation"]) == (
            country,
            authority,
            allocation,
        )
        assert summary["status"] == "draft" and summary["closes_at"] is not None
        other = "KZ" if country == "PK" else "PK"
        assert (await matching.get(f"/cycles/sco-2026/nominations/{other}", headers=headers)).status_code == 403

"""Real staff and partner accounts for tests against the applications service, which accepts
a token only when its account exists and is active.

    officer = await staff_headers(client, admin_headers, Role.OFFICER, schemes=[scheme_id])
"""

from __future__ import annotations

import httpx

from shared.principal import Role
from tests.support.ids import uid
from tests.support.services import auth

STAFF_PASSWORD = "quiet-orchid-lantern-47"


async def create_staff(client: httpx.AsyncClient, admin: dict[str, str], role: Role, **scope) -> dict:
    """A new staff or partner account (created by an admin); its AccountOut."""
    body = {
        "email": f"{uid(role.value)}@staff.example.org",
        "password": STAFF_PASSWORD,
        "name": f"Test {role.value}",
        "role": role.value,
        **scope,
    }
    r = await client.post("/admin/accounts", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


async def staff_headers(client: httpx.AsyncClient, admin: dict[str, str], role: Role, **scope) -> dict[str, str]:
    """Authorization headers of a new account of ``role`` with ``scope`` (a minted token for
    the real account: no log-in, so no password hashing)."""
    account = await create_staff(client, admin, role, **scope)
    return auth(role, account["id"], **scope)

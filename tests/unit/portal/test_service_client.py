"""The portal's clients of the services drop an idle connection before the service does: a
request sent on a connection the service is closing at that moment fails with a ReadError
(seen as "service unavailable" on a log-in in a full browser run)."""

from __future__ import annotations

from services.portal.clients import ServiceClient
from shared.serve import KEEP_ALIVE_SECONDS


async def test_idle_connections_are_given_up_before_the_services_keep_alive_ends():
    client = ServiceClient("applications", "http://127.0.0.1:9", timeout=5)
    try:
        expiry = client.http._transport._pool._keepalive_expiry  # httpx's pool, as configured
        assert expiry is not None and 0 < expiry <= KEEP_ALIVE_SECONDS / 2
    finally:
        await client.close()

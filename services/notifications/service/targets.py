"""Resolving and checking a webhook URL (the rule is ``domain/targets.py``).

``TargetGuard.check`` resolves the host once, checks every address it resolves to, and
returns the one to connect to: the sender then connects to that address (with the
original Host header and TLS server name), so a DNS answer that changes between the check
and the connection (DNS rebinding) cannot move the request elsewhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services.notifications.domain.targets import IPAddress, Policy, Refusal, Target, check_address, parse

# host, port -> the addresses it resolves to (a fake in the unit tests)
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Checked:
    """A target that passed, and the address to connect to."""

    target: Target
    address: IPAddress


class TargetGuard:
    def __init__(self, policy: Policy, resolver: Resolver | None = None, timeout: float = 5.0):
        self.policy = policy
        self.resolver = resolver or system_resolver
        self.timeout = timeout

    async def check(self, url: str) -> Checked:
        """Raises ``Refusal`` (its code and reason say why) when Corridor must not call ``url``."""
        target = parse(url, self.policy)
        if target.ip is not None:
            check_address(target, target.ip, self.policy)
            return Checked(target, target.ip)
        try:
            found = await asyncio.wait_for(self.resolver(target.host, target.port), self.timeout)
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
        except (OSError, TimeoutError, ValueError, UnicodeError) as exc:
            raise Refusal("webhook.url_unresolvable", "the host name does not resolve") from exc
        if not addresses:
            raise Refusal("webhook.url_unresolvable", "the host name does not resolve")
        for address in addresses:  # all of them: a name with one private address is refused
            check_address(target, address, self.policy)
        return Checked(target, addresses[0])

"""Which webhook URLs Corridor will POST to (pure): the guard against server-side request
forgery through partner webhooks.

A partner names the URL, and Corridor's servers make the request, so without a guard a
partner could make Corridor call its own internal services, the cloud metadata endpoint
or anything on the private network (and read the outcome from the delivery list). The
rule, applied at registration and again at every delivery after the name is resolved
(``service/targets.py`` then connects to the very address it checked):

- the scheme is https (http too in development, or when the operator allows it);
- no user:password@ in the URL;
- the host is a DNS name or a canonical IP literal: numeric tricks that resolvers read as
  addresses (``2130706433``, ``0x7f.0.0.1``, ``0177.0.0.1``, ``127.1``) are refused outright,
  whatever they would point at, and so are ``localhost`` names;
- every address the name resolves to is public: not loopback, private, link-local,
  multicast, reserved, unspecified, shared (CGNAT), documentation or unique-local, also when
  carried inside IPv6 (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64);
- the port is one the operator allows (443; 80 too in development).

The operator's allowlist overrides the address and port rules (never the scheme): a CIDR
(``10.20.0.0/16``: any port on those addresses, a trusted network) or a ``host:port`` pair
(``hooks.internal:8080``, ``127.0.0.1:9000``: that host on that port only).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_PORTS = {"https": 443, "http": 80}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
# IETF protocol assignments (RFC 6890): Python 3.11 counts most of them global (192.0.0.8 is)
_IETF = ipaddress.ip_network("192.0.0.0/24")
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_CANONICAL_V4 = re.compile(r"^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$")


class Refusal(ValueError):
    """A URL or address Corridor will not call; ``code`` is stable (``webhook.url_*``)."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Policy:
    """What the operator allows (from the settings)."""

    require_https: bool = True
    ports: frozenset[int] = frozenset({443})
    networks: tuple[IPNetwork, ...] = ()
    pairs: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def of(cls, *, require_https: bool, ports: Iterable[int], allow: Iterable[str]) -> Policy:
        networks, pairs = parse_allowlist(allow)
        return cls(require_https, frozenset(ports), networks, pairs)


@dataclass(frozen=True)
class Target:
    """A parsed webhook URL: the host in ASCII (no brackets), its port, and the address when
    the host is an IP literal."""

    url: str
    scheme: str
    host: str
    port: int
    ip: IPAddress | None = None

    @property
    def host_header(self) -> str:
        """The Host header the receiver expects (the port only when not the scheme's default)."""
        host = f"[{self.host}]" if self.ip is not None and self.ip.version == 6 else self.host
        return f"{host}:{self.port}" if self.port != DEFAULT_PORTS[self.scheme] else host

    def pair_allowed(self, policy: Policy) -> bool:
        return (self.host, self.port) in policy.pairs


def parse_allowlist(entries: Iterable[str]) -> tuple[tuple[IPNetwork, ...], frozenset[tuple[str, int]]]:
    """``10.0.0.0/8`` (a network, any port) or ``host:port`` / ``[v6]:port`` (that pair);
    raises ValueError on anything else."""
    networks: list[IPNetwork] = []
    pairs: set[tuple[str, int]] = set()
    for raw in entries:
        entry = raw.strip().lower()
        if not entry:
            continue
        if "/" in entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
            continue
        host, sep, port = entry.rpartition(":")
        if not sep or not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
            raise ValueError(f"allowlist entry {raw!r}: expected a CIDR (10.0.0.0/8) or host:port")
        pairs.add((host.strip("[]"), int(port)))
    return tuple(networks), frozenset(pairs)


def _numeric_ipv4(host: str) -> bool:
    """Whether a resolver could read ``host`` as an IPv4 address (inet_aton's forms: one to
    four parts, each decimal, octal with a leading 0, or hex with 0x). A real domain name
    never ends in an all-numeric label."""
    return bool(_NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]))


def check_as_written(url: str) -> None:
    """What a URL being registered must not hold although it could be called: kept out of new
    and changed subscriptions only (one stored before still delivers). Raises ``Refusal``."""
    if any(unicodedata.category(c) == "Cf" for c in url):
        # a zero-width or direction mark, invisible in every list that shows the URL
        raise Refusal("webhook.url_invalid", "must not contain invisible characters (zero-width or direction marks)")
    if "\\" in url:
        # browsers read a backslash as "/", HTTP clients do not: which host it names depends on who reads it
        raise Refusal("webhook.url_invalid", "must not contain a backslash")
    if "#" in url:
        raise Refusal("webhook.url_invalid", "must not carry a fragment (#...): a fragment is never sent to the server")


def parse(url: str, policy: Policy) -> Target:
    """The target of ``url`` if its shape is acceptable; raises ``Refusal``."""
    if any(c.isspace() or unicodedata.category(c) == "Cc" for c in url.strip()):
        # stored as sent, "…/x\r\nHost: evil" could not be posted to: its deliveries never left
        raise Refusal("webhook.url_invalid", "must not contain spaces or control characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise Refusal("webhook.url_invalid", "not a valid URL") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise Refusal("webhook.url_invalid", "must be an absolute https URL")
    if scheme != "https" and policy.require_https:
        raise Refusal("webhook.url_not_https", "must use https")
    if parts.username is not None or parts.password is not None:
        raise Refusal("webhook.url_credentials", "must not carry a user name or password")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refusal("webhook.url_invalid", "must name a host")
    port = port if port is not None else DEFAULT_PORTS[scheme]
    if ":" in host:  # an IPv6 literal (urlsplit has removed the brackets)
        if "%" in host:
            raise Refusal("webhook.url_not_public", "a scoped (link-local) IPv6 address is not public")
        try:
            ip: IPAddress = ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise Refusal("webhook.url_invalid", "not a valid IPv6 address") from exc
        return Target(url.strip(), scheme, ip.compressed, port, ip)
    if not host.isascii():
        try:  # IDNA (with its NFKC mapping: full-width digits become digits, then are checked below)
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise Refusal("webhook.url_invalid", "not a valid host name") from exc
    host = host.lower()
    if _numeric_ipv4(host):
        if not _CANONICAL_V4.match(host) or any(int(p) > 255 for p in host.split(".")):
            raise Refusal("webhook.url_numeric_host", "a numeric host must be a plain dotted IPv4 address (a.b.c.d)")
        return Target(url.strip(), scheme, host, port, ipaddress.IPv4Address(host))
    if not all(_LABEL.match(label) for label in host.split(".")) or len(host) > 253:
        raise Refusal("webhook.url_invalid", "not a valid host name")
    if (host == "localhost" or host.endswith(".localhost")) and (host, port) not in policy.pairs:
        raise Refusal("webhook.url_not_public", "localhost is not a public address")
    return Target(url.strip(), scheme, host, port)


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def not_public(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address (None: it is)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None and (why := not_public(inner)):
            return why
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared (carrier-grade NAT)"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _IETF:
        return "reserved"
    if ip.is_private:
        return "unique-local" if ip.version == 6 and ip in ipaddress.ip_network("fc00::/7") else "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "not globally routable"
    return None


def check_address(target: Target, ip: IPAddress, policy: Policy) -> None:
    """Whether Corridor may connect to ``ip`` (one address of ``target``); raises ``Refusal``."""
    if target.pair_allowed(policy) or any(ip in net for net in policy.networks if net.version == ip.version):
        return
    why = not_public(ip)
    if why:
        raise Refusal("webhook.url_not_public", f"the host's address is not public ({why})")
    if target.port not in policy.ports:
        allowed = ", ".join(str(p) for p in sorted(policy.ports)) or "none"
        raise Refusal("webhook.url_port", f"port {target.port} is not allowed (allowed: {allowed})")

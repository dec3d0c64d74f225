"""Time-ordered UUIDs (version 7, RFC 9562) for event ids and other keys made in bulk.

The first 48 bits are the milliseconds since the epoch, then the version, 74 random bits and
the variant: ``str`` of one reads like any UUID. An event's id keys the consumers'
``processed_events`` and the partner feed's unique (source event, institution) index; a
round's proposals key ``matches``. A random (version 4) id put each new key on a random page
of an index that grows by a round every round; a time-ordered one puts it on the last page
(bench/feed_ids.py --key event). Ids made in one call share their millisecond and differ in
the random bits (74 of them: as unguessable and as unlikely to collide as a version 4's 122
are for this use); nothing reads the time back out of an id.
"""

from __future__ import annotations

import os
import time

_VERSION_7 = bytes((b & 0x0F) | 0x70 for b in range(256))  # byte 6: version 7 in its high nibble
_RFC_4122 = bytes((b & 0x3F) | 0x80 for b in range(256))  # byte 8: the RFC 4122 variant bits


def uuid7_strings(n: int) -> list[str]:
    """``n`` version 7 UUIDs of this millisecond, written as ``str(uuid.UUID)`` writes them,
    from one read of the system's random source."""
    raw = bytearray(os.urandom(16 * n))
    ms = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    for k in range(6):
        raw[k::16] = ms[k : k + 1] * n
    raw[6::16] = raw[6::16].translate(_VERSION_7)
    raw[8::16] = raw[8::16].translate(_RFC_4122)
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-{h[i + 20 : i + 32]}"
        for i in range(0, 32 * n, 32)
    ]


def uuid7_string() -> str:
    return uuid7_strings(1)[0]

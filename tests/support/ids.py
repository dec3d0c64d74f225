"""Unique ids for test data, so tests sharing a broker or a database never collide."""

import uuid


def uid(prefix: str = "") -> str:
    """``prefix-<10 hex>``, or the 10 hex digits alone."""
    token = uuid.uuid4().hex[:10]
    return f"{prefix}-{token}" if prefix else token

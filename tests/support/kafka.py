"""Reading the shared topics in tests."""

from shared.events.envelope import Envelope, PoisonMessage, decode_message


def decode_record(rec) -> Envelope | None:
    """The record's envelope, or None for poison (the guarantees suite puts some on the topics)."""
    try:
        return decode_message(rec.key, rec.value, rec.headers)
    except PoisonMessage:
        return None

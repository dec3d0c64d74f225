from shared.events.catalog import EVENT_TYPES, EventSpec, Topics, spec_for  # noqa: F401
from shared.events.envelope import Envelope, PoisonMessage, decode_message, encode_envelope, new_event  # noqa: F401

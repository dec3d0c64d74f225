"""The event contract: the envelope (CloudEvents), the catalog of event types, the AsyncAPI document."""

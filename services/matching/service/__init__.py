"""The matching service's use cases and its background worker (the round runner).

Each function takes an ``AsyncSession`` (and what else it needs: the caller, the event
source) and raises ``shared.errors``; none knows HTTP or Kafka.
"""

"""Read one sample from a service's /metrics (Prometheus text format)."""

from prometheus_client.parser import text_string_to_metric_families


async def metric_value(client, name: str, **labels) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels`` (0 if none)."""
    r = await client.get("/metrics")
    assert r.status_code == 200, r.text
    total = 0.0
    for family in text_string_to_metric_families(r.text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total

"""Numbers to operate by: the service's state and latencies for Prometheus (``GET /metrics``)."""

from collaboratory.metrics.service import Metrics

__all__ = ["Metrics"]

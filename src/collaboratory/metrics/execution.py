"""How long cells take to run, from leaving the queue to their last output."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Histogram

from collaboratory.execution.service import ExecutionService

OUTCOMES = ("done", "error")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600)


class ExecutionMetrics:
    def __init__(self, registry: CollectorRegistry, execution: ExecutionService) -> None:
        self.execute = Histogram(
            "collaboratory_cell_execute_seconds",
            "Execute round trip of one cell on its runtime, by outcome (done, error).",
            ["outcome"],
            buckets=BUCKETS,
            registry=registry,
        )
        for outcome in OUTCOMES:
            self.execute.labels(outcome)
        execution.on_cell_finished.append(self._finished)

    def _finished(self, outcome: str, seconds: float) -> None:
        self.execute.labels(outcome).observe(seconds)

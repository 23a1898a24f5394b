"""How the export and training benches print a figure: one JSON line each."""

from __future__ import annotations

import json


def figure(
    bench: str, metric: str, value: float, target: str | None = None, ok=None, digits: int = 2
) -> None:
    """Print `{"bench", "metric", "value"}` (and `target`, `ok` when a target is set)."""
    line = {"bench": bench, "metric": metric, "value": round(value, digits)}
    if target is not None:
        line.update(target=target, ok=ok)
    print(json.dumps(line), flush=True)

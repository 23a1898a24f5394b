"""How the window benches time: the spread of repeated samples, and where they ran.

Every timed figure carries `method` (which statistic of how many samples, warm or cold, and
on what: Qt's offscreen platform or a real display) and its spread (p50, p95, max), so a
figure measured on another machine can be read the same way.
"""

from __future__ import annotations

import os


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` 0.95 for p95) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def screen() -> str:
    """Where the window was drawn: Qt's offscreen platform, or the display it ran on."""
    platform = os.environ.get("QT_QPA_PLATFORM")
    if platform:
        return platform
    return f"display {os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY') or '?'}"


def method(statistic: str, samples: int, warm: str = "warm", where: str | None = None) -> str:
    """One line saying how a figure was taken, e.g. "p95 of 40 warm samples, offscreen"."""
    if samples == 1:
        return f"one {warm} sample, {where or screen()}"
    return f"{statistic} of {samples} {warm} samples, {where or screen()}"


def spread(values: list[float], unit: str = "ms", digits: int = 2) -> dict[str, float | int]:
    """p50, p95 and max of `values` (in `unit`), and how many there were."""
    return {
        f"p50_{unit}": round(percentile(values, 0.5), digits),
        f"p95_{unit}": round(percentile(values, 0.95), digits),
        f"max_{unit}": round(max(values), digits),
        "samples": len(values),
    }


def machine() -> dict[str, float | int | str]:
    """The load the figures were taken under: print it beside them."""
    return {"load_1min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count() or 0}

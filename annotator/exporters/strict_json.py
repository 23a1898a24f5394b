"""Strict JSON for every exported file: no NaN or Infinity, which JSON readers outside Python
(JavaScript, Go, jq, most databases) refuse.

Import refuses them, but a project made by an older version may hold one in a document's
meta; it is written as null, JSON's missing value (as pandas writes a NaN).
"""

from __future__ import annotations

import json
import math
from typing import Any


def strict_dumps(data: Any, **options: Any) -> str:
    """`json.dumps(data, **options)`, with any NaN or infinite number written as null."""
    try:
        return json.dumps(data, allow_nan=False, **options)
    except ValueError:  # rare: only an old project's meta; the fast path stays one call
        return json.dumps(finite(data), allow_nan=False, **options)


def finite(value: Any) -> Any:
    """`value` with every NaN or infinite float inside it replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value

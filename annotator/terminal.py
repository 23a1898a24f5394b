"""Whether command output may carry colour: on a terminal only, and not with NO_COLOR set."""

from __future__ import annotations

import os
import sys


def colour_wanted() -> bool:
    """True when standard output is a terminal and NO_COLOR is not set: a pipe or a file gets
    plain text (https://no-color.org)."""
    terminal = sys.stdout is not None and sys.stdout.isatty()
    return terminal and not os.environ.get("NO_COLOR")

"""Write an export file whole or not at all."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(output: Path) -> Iterator[TextIO]:
    """A text file to write in place of `output`.

    The writing goes to a hidden file beside `output`, renamed onto it when the block ends
    without an error; an error (or a kill) leaves no half-written `output`.
    """
    staging = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.exporting")
    try:
        with staging.open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(staging, output)
    finally:
        staging.unlink(missing_ok=True)

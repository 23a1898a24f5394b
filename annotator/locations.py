"""Where annotator's own data files are: the repository's folders, or the installed copies.

An editable install (`make run`, `make test`) reads `schemas/` and `resources/samples/` from
the repository; a regular install (`pip install .`) puts copies under
`<prefix>/share/annotator/` (see `[tool.setuptools.data-files]` in pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
INSTALLED = Path(sys.prefix) / "share" / "annotator"


def data_folder(in_repository: str, installed: str) -> Path:
    """The repository's folder if it is there, else the installed copy."""
    folder = REPOSITORY / in_repository
    return folder if folder.is_dir() else INSTALLED / installed

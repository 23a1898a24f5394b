"""The `annotator` command line: a thin Typer layer over the library; one module per command.

Every module in this package registers its commands on `app` when imported.
"""

import importlib
import pkgutil

from annotator.cli._app import app

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def main() -> None:
    app()

"""Exports that write a folder (spacy, hf): a stable train/dev split and the output check."""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotator.exporters.source import ExportError


def split_of(uid: str, seed: int, dev_fraction: float) -> str:
    """'train' or 'dev' for a document: a SHA-256 of (seed, uid) read as a number in [0, 1).

    Depends on nothing but the document and the seed, so adding documents never moves old ones.
    """
    digest = hashlib.sha256(f"{seed}:{uid}".encode()).digest()
    return "dev" if int.from_bytes(digest[:8], "big") / 2**64 < dev_fraction else "train"


def check_output(output: Path, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output}: exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise ExportError(f"{output}: folder exists and is not empty (use --force to overwrite)")

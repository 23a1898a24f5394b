"""Data files are found in the repository, or where a regular install puts them."""

import tomllib
from pathlib import Path

import annotator.locations as locations
from annotator.samples import sample_files

REPO = Path(__file__).resolve().parents[1]


def test_repository_folder_first_then_installed_copy(tmp_path, monkeypatch):
    assert locations.data_folder("schemas", "schemas") == REPO / "schemas"
    monkeypatch.setattr(locations, "REPOSITORY", tmp_path)
    assert locations.data_folder("schemas", "schemas") == locations.INSTALLED / "schemas"


def installed_layout() -> dict[Path, Path]:
    """Repository file -> where pyproject's data-files put it under share/annotator."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    layout = {}
    for target, patterns in config["tool"]["setuptools"]["data-files"].items():
        for pattern in patterns:
            for path in REPO.glob(pattern):
                layout[path] = Path(target).relative_to("share/annotator") / path.name
    return layout


def test_a_regular_install_carries_the_schemas_and_the_whole_sample_project():
    layout = installed_layout()
    for schema in (REPO / "schemas").glob("*.json"):
        assert layout[schema] == Path("schemas") / schema.name
    samples = REPO / "resources" / "samples"
    for path in [*sample_files(samples), samples / "gold.jsonl"]:
        assert layout[path] == Path("samples") / path.relative_to(samples)


def test_a_regular_install_carries_the_shipped_patterns():
    layout = installed_layout()
    shipped = sorted((REPO / "resources" / "patterns").glob("*.jsonl"))
    assert shipped
    for path in shipped:
        assert layout[path] == Path("patterns") / path.name

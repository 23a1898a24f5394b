"""Import then export gives back the same spans (widened to tokens), for any text and spans."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exporters.jsonl import export_jsonl
from annotator.importers import import_files
from annotator.store import Project
from annotator.tokens import Tokens, blank_english

WORDS = st.sampled_from(
    [
        "Ostrel",
        "army",
        "rebels",
        "killed",
        "18",
        "at",
        "least",
        "drone",
        "—",
        "café",
        "U.S.",
        "(NLF)",
        "Brannick's",
        "shelled",
        ",",
        ".",
        "e-mail",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", ""])
ATTRS = {
    "ACTOR": st.fixed_dictionaries(
        {}, optional={"actor_type": st.sampled_from(["rebel_group", "civilians"])}
    ),
    "LOCATION": st.fixed_dictionaries({}, optional={"precision": st.sampled_from(["town"])}),
    "WEAPON": st.just({}),
    "CASUALTY": st.fixed_dictionaries(
        {}, optional={"count": st.integers(0, 500), "kind": st.just("killed")}
    ),
}


@st.composite
def texts(draw):
    pieces = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=25))
    return "".join(word + separator for word, separator in pieces).strip() or "Ostrel"


@st.composite
def records(draw):
    text = draw(texts())
    tokens = Tokens.from_text(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        if tokens.snap(start, end) is None:
            continue
        label = draw(st.sampled_from(sorted(ATTRS)))
        spans.append({"start": start, "end": end, "label": label, "attrs": draw(ATTRS[label])})
    annotator = draw(st.sampled_from(["amira", "ben"]))
    return {"text": text, "spans": spans, "_annotator_id": annotator}


def expected_spans(batch):
    """What import should store: each span snapped to tokens; one per key and annotator."""
    found = {}
    for record in batch:
        tokens = Tokens.from_text(record["text"])
        for span in record["spans"]:
            start, end = tokens.snap(span["start"], span["end"])
            key = (record["text"], record["_annotator_id"], start, end, span["label"])
            found.setdefault(key, span["attrs"])
    return found


def exported_spans(path: Path):
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            key = (
                record["text"],
                record["_annotator_id"],
                span["start"],
                span["end"],
                span["label"],
            )
            found[key] = span["attrs"]
            token_text = "".join(
                t["text"] + " " * t["ws"]
                for t in record["tokens"][span["token_start"] : span["token_end"] + 1]
            )
            assert token_text.rstrip(" ") == record["text"][span["start"] : span["end"]]
    return found


@pytest.fixture(autouse=True, scope="module")
def loaded_tokenizer():
    """Load spaCy before hypothesis runs the strategies (loading touches `random`)."""
    blank_english()


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=4))
def test_import_export_round_trip(batch):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "in.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
        with Project.create(folder / "p.db") as project:
            import_files(project, [source])
            export_jsonl(project, output=folder / "out.jsonl")
            exported = exported_spans(folder / "out.jsonl")
            assert exported == expected_spans(batch)
            again = import_files(project, [folder / "out.jsonl"])
            assert again.spans == 0 and again.documents_new == 0

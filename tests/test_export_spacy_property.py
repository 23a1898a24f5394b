"""Property: for random spans on random texts, the exported `doc.spans["sc"]` is the project's."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exporters.spacy import export_spacy, read_docs
from annotator.model import GOLD, Span, Status
from annotator.spans import SpanError
from annotator.store import Project
from tests.conftest import add_text

WORDS = [
    "Rebels",
    "shelled",
    "Ostrel",
    "at",
    "least",
    "18",
    "were",
    "killed",
    "U.N.",
    "(AP)",
    "army's",
    "mortar-fire",
    "—",
    "dawn,",
    "5km",
    '"near"',
    "Karsh.",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", " \t"]
LABELS = ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]

texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40
).map(lambda pairs: "".join(word + sep for word, sep in pairs).strip())


@st.composite
def labelled_texts(draw):
    text = draw(texts)
    cuts = st.integers(0, len(text))
    spans = draw(st.lists(st.tuples(cuts, cuts, st.sampled_from(LABELS)), max_size=12))
    return text, [(min(a, b), max(a, b), label) for a, b, label in spans if a != b]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(labelled_texts(), min_size=1, max_size=4))
def test_exported_sc_spans_equal_the_projects_spans(documents):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        with Project.create(path) as project:
            expected = {}
            for index, (text, spans) in enumerate(documents):
                document = add_text(project, f"{index}. {text}")
                keys = set()
                for start, end, label in spans:
                    span = Span(
                        document=document, annotator=GOLD, start=start, end=end, label=label
                    )
                    with contextlib.suppress(SpanError):  # whitespace only, or a repeat
                        keys.add(project.add_span(span).key)
                project.set_status(document, GOLD, Status.done)
                expected[project.document(document).uid] = keys
            export_spacy(project, output=Path(folder) / "out", dev_fraction=0.5)
        out = Path(folder) / "out"
        docs = list(read_docs(out / "train.spacy"))
        if (out / "dev.spacy").exists():
            docs += list(read_docs(out / "dev.spacy"))
        actual = {
            doc.user_data["annotator"]["uid"]: {
                (s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]
            }
            for doc in docs
        }
        assert actual == expected
        for doc in docs:
            tokens = [i for ent in doc.ents for i in range(ent.start, ent.end)]
            assert len(tokens) == len(set(tokens))

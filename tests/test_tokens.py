"""Token offsets: packing round-trips, snapping widens to whole tokens, uids are stable."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.tokens import Tokens, blank_english, document_uid

TEXT = "At least 18 fighters were killed  in Ostrel's market.\n\nThe army said."

texts = st.text(alphabet=st.sampled_from(list("abc XYZ 12,.'-\n\té")), min_size=0, max_size=80)


def test_tokens_match_spacy():
    tokens = Tokens.from_text(TEXT)
    doc = blank_english()(TEXT)
    assert [(t.idx, t.idx + len(t)) for t in doc] == list(zip(tokens.starts, tokens.ends))


@given(texts)
def test_pack_round_trip(text):
    tokens = Tokens.from_text(text)
    unpacked = Tokens.unpack(tokens.pack(), text)
    assert unpacked.starts.tolist() == tokens.starts.tolist()
    assert unpacked.ends.tolist() == tokens.ends.tolist()


@given(texts)
def test_words_and_spaces_rebuild_the_text(text):
    words, spaces = Tokens.from_text(text).words_and_spaces()
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text


def test_snap_widens_to_touched_tokens():
    tokens = Tokens.from_text(TEXT)
    assert TEXT[slice(*tokens.snap(10, 15))] == "18 fighters"
    assert TEXT[slice(*tokens.snap(9, 11))] == "18"
    assert TEXT[slice(*tokens.snap(38, 42))] == "Ostrel"
    assert tokens.snap(8, 9) is None  # a lone space
    assert tokens.snap(5, 5) is None


@settings(max_examples=200)
@given(texts, st.integers(0, 80), st.integers(0, 80))
def test_snapped_span_is_token_aligned_and_covers_the_selection(text, a, b):
    tokens = Tokens.from_text(text)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    snapped = tokens.snap(start, end)
    if snapped is None:
        assert text[start:end].strip() == ""
        return
    s, e = snapped
    # Every non-space character of the selection lies inside the snapped span.
    inside = [i for i in range(start, end) if not text[i].isspace()]
    assert inside and s <= inside[0] and inside[-1] < e
    assert text[s:e] == text[s:e].strip()
    first, last = tokens.token_span(s, e)
    assert tokens.starts[first] == s and tokens.ends[last] == e
    assert tokens.snap(s, e) == (s, e)


def test_uid_ignores_newline_style_but_not_words():
    assert document_uid("a\r\nb") == document_uid("a\nb")
    assert document_uid("a b") != document_uid("a  b")


@given(st.text(alphabet="ab .,\n-'", min_size=1, max_size=40), st.data())
def test_snap_many_agrees_with_snap(text, data):
    import numpy as np

    tokens = Tokens.from_text(text)
    pairs = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=8)
    )
    starts = np.array([s for s, _ in pairs], dtype=np.int64)
    ends = np.array([e for _, e in pairs], dtype=np.int64)
    new_starts, new_ends, snapped = tokens.snap_many(starts, ends)
    for i, (start, end) in enumerate(pairs):
        expected = tokens.snap(start, end)
        assert (expected is not None) == bool(snapped[i])
        if expected is not None:
            assert expected == (int(new_starts[i]), int(new_ends[i]))

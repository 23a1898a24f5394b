"""Word token offsets of many documents laid end to end (the units of token agreement)."""

from annotator.tokens import Tokens, word_offsets_end_to_end

TEXTS = [
    "Rebels  shelled Ostrel.\n\nTwo paragraphs, double spaces ",
    "x",
    "A\u00a0b \u3000 c\tfin",
    "   ",
]


def test_offsets_are_each_documents_word_tokens_shifted_by_its_base():
    tokens = [Tokens.from_text(text) for text in TEXTS]
    bases, starts, ends, owner = word_offsets_end_to_end(TEXTS, [t.pack() for t in tokens])
    expected = [
        (int(t.starts[w] + bases[i]), int(t.ends[w] + bases[i]), i)
        for i, t in enumerate(tokens)
        for w in t.word_index
    ]
    assert list(zip(starts.tolist(), ends.tolist(), owner.tolist())) == expected
    joined = "\0".join(TEXTS)
    words = [joined[s:e] for s, e in zip(starts, ends)]
    assert words[:4] == ["Rebels", "shelled", "Ostrel", "."]
    assert not any(word.isspace() for word in words)
    # Documents never touch: each starts one character after the previous ends.
    first, second, third = (len(text) + 1 for text in TEXTS[:3])
    assert bases.tolist() == [0, first, first + second, first + second + third]

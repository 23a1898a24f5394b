"""Sentences on stored tokens follow spaCy's own sentencizer, token for token."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from annotator.exporters.sentences import SENTENCE_FINAL, is_punct, sentence_bounds
from annotator.tokens import Tokens
from tests.conftest import SAMPLES

TRICKY = [
    "No full stop at all",
    "One. Two! Three? Four...",
    'He said: "Stop." Then left. "Go," she said.',
    "Ends with a quote: 'Yes.'",
    "Numbers 3.5 and U.N. officials. (Next one.) Done",
    "Lines\n\nwith breaks. And more.\n",
    "Shells hit.\u201cWe hid.\u201d 12 were hurt!!! Then?!",
    "Full-width marks\uff01 Then\u3002 Ideographic stop\uff61 Then",
    "Beyond the BMP \U00011047 then \U0001f600 an emoji. And ! \u00bf Que?",
]


def _spacy_sentences(text: str) -> list[tuple[int, int]]:
    """spaCy's sentencizer on the same tokens, an opening quote at a sentence's end moved to
    the next (what the export did with a spaCy Doc before)."""
    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    words, spaces = Tokens.from_text(text).words_and_spaces()
    doc = sentencizer(Doc(nlp.vocab, words=words, spaces=spaces))
    sentences = [[sent.start, sent.end] for sent in doc.sents]
    for sentence, following in zip(sentences, sentences[1:]):
        last = doc[sentence[1] - 1]
        opens = last.text in {'"', "\u201c", "'", "\u2018", "\u00ab"} and not last.whitespace_
        if sentence[1] - sentence[0] > 1 and opens and last.nbor(-1).whitespace_:
            sentence[1] -= 1
            following[0] -= 1
    return [(doc[start:end].start_char, doc[start:end].end_char) for start, end in sentences]


@pytest.mark.parametrize(
    "text",
    TRICKY + [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("articles/*.txt"))],
)
def test_sentences_are_spacys(text):
    assert sentence_bounds(Tokens.from_text(text)) == _spacy_sentences(text)


def test_an_opening_quote_starts_the_next_sentence():
    text = 'Shells hit the hospital. "We hid in the cellar," she said. 12 were "badly" hurt.'
    sentences = [text[start:end] for start, end in sentence_bounds(Tokens.from_text(text))]
    assert sentences == [
        "Shells hit the hospital.",
        '"We hid in the cellar," she said.',
        '12 were "badly" hurt.',
    ]


def test_our_sentence_final_characters_and_punctuation_are_spacys():
    from spacy.lang.lex_attrs import is_punct as spacys_is_punct
    from spacy.pipeline.sentencizer import Sentencizer

    assert frozenset(Sentencizer.default_punct_chars) == SENTENCE_FINAL
    words = [chr(code) for code in range(0x20, 0x3000)] + ["...", "?!", "a.", "\u00bf\u00a1"]
    assert [is_punct(word) for word in words] == [spacys_is_punct(word) for word in words]

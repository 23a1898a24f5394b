"""The cue words that choose which sentences the casualty parser reads."""

import re

from annotator.suggest.casualties import find_casualties
from annotator.suggest.cues import cue_sentences, trie_pattern
from annotator.suggest.lexicon import ENGLISH


def test_the_trie_matches_exactly_its_words():
    words = ["kill", "killed", "killing", "kills", "dead", "die", "died", "a"]
    regex = re.compile(f"(?:{trie_pattern(words)})$")
    for word in words:
        assert regex.match(word), word
    for other in ["kil", "killer", "de", "dies", "", "an"]:
        assert not regex.match(other), other


def test_only_sentences_with_a_cue_word_are_read():
    text = "Three years passed. 4 soldiers were killed; five houses burned.\nTwo died"
    chosen = [m.group() for m in cue_sentences(text, ENGLISH)]
    assert chosen == [" 4 soldiers were killed;", "Two died"]


def test_a_cue_inside_a_longer_word_or_after_an_apostrophe_is_no_cue():
    assert list(cue_sentences("The skilled deadline o'killed passed.", ENGLISH)) == []
    assert [m.group() for m in cue_sentences("He said ‘killed’.", ENGLISH)] == ["He said ‘killed’."]


def test_figures_after_a_letter_that_lowers_longer_are_still_found():
    text = "Near İİİİİİ: 3 soldiers died"
    [mention] = find_casualties(text)
    assert text[mention.start : mention.end] == "3 soldiers"
    assert mention.attrs == {"kind": "killed", "count": 3, "qualifier": "exact"}

"""Where a casualty figure may be: the sentences holding a word that can give its kind.

One compiled regex of every such word ("killed", "wounded", "loss" ...) runs over the whole
lowered text; only the sentences it hits are tokenised and read. The words are compiled as a
trie ("kill(?:ed|ing|s)?") so the regex tries one branch per letter instead of every word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from annotator.suggest.lexicon import Lexicon

SENTENCE = re.compile(r"[^\n.;!?]+(?:[.;!?]+|\n|$)")
"""A sentence: up to and with its closing punctuation, or a line."""
WORD_BEFORE = r"(?<!\w)(?<!\w['’])"
WORD_AFTER = r"(?!\w|['’]\w)"
"""A cue is a whole word as `\\w+(?:['’]\\w+)*` reads words: "killed", not "l'otage"'s part."""


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, as a trie: common prefixes written once."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(tree)


def _branch(node: dict) -> str:
    ends = "" in node
    children = sorted(item for item in node.items() if item[0])
    alternatives = [re.escape(char) + _branch(child) for char, child in children]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and not ends:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")" + ("?" if ends else "")


@lru_cache(maxsize=8)
def cue_regex(lex: Lexicon) -> re.Pattern[str]:
    """Every word that can give a kind (a kind word, or a kind phrase's first word)."""
    words = {*lex.kinds, *(phrase[0] for phrase in lex.kind_phrases)}
    return re.compile(WORD_BEFORE + trie_pattern(words) + WORD_AFTER)


@lru_cache(maxsize=8)
def _cue_regex_any_case(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(cue_regex(lex).pattern, re.IGNORECASE)


def cue_sentences(text: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """The sentences of `text` (SENTENCE matches) holding a cue word, in text order."""
    lower = text.lower()
    if len(lower) == len(text):
        hits = [hit.start() for hit in cue_regex(lex).finditer(lower)]
    else:  # lowering changed some lengths ("İ"): search the text itself, ignoring case
        hits = [hit.start() for hit in _cue_regex_any_case(lex).finditer(text)]
    if not hits:
        return
    next_hit = 0
    for sentence in SENTENCE.finditer(text):
        if hits[next_hit] >= sentence.end():
            continue
        yield sentence
        while next_hit < len(hits) and hits[next_hit] < sentence.end():
            next_hit += 1
        if next_hit == len(hits):
            return

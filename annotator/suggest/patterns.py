"""Pattern files in spaCy's format, checked line by line, and spaCy's SpanRuler that runs them.

A line is `{"label": ..., "pattern": "phrase" or [token patterns], "attrs": {...}}`: spaCy's
own pattern format plus optional attributes the proposed span carries. The files shipped in
`resources/patterns/` hold the sample articles' actors, weapons by category and places.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, one_line
from annotator.locations import data_folder
from annotator.schema import AttrError, LabelSchema
from annotator.suggest.composed import composed_with_offsets, is_composed

PATTERNS_DIR = data_folder("resources/patterns", "patterns")
RULER_KEY = "suggested"


class PatternError(AnnotatorError, ValueError):
    """A pattern file that cannot be used; the message names the file, line and reason."""


def read_pattern_file(
    path: Path | str, schema: LabelSchema, *, spacy_check: bool = False
) -> list[dict[str, Any]]:
    """Every pattern of a JSONL file, checked against the schema (and, with `spacy_check`, by
    spaCy's pattern validation); the first bad line raises PatternError naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PatternError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise PatternError(f"{path}: not a UTF-8 text file") from None
    patterns, numbers = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            patterns.append(checked_pattern(json.loads(line), schema))
            numbers.append(number)
        except json.JSONDecodeError as error:
            raise PatternError(f"{path}:{number}: not valid JSON: {error.msg}") from None
        except RecursionError:
            raise PatternError(f"{path}:{number}: JSON nested too deeply to read") from None
        except (AttrError, ValueError) as error:
            raise PatternError(f"{path}:{number}: {error}") from None
    if not patterns:
        raise PatternError(f"{path}:1: no patterns (the file holds no lines but blank ones)")
    refused = spacy_refusal(patterns) if spacy_check else None
    if refused:
        index, reason = refused
        raise PatternError(f"{path}:{numbers[index]}: spaCy cannot use this pattern: {reason}")
    return patterns


def spacy_refusal(patterns: Iterable[dict[str, Any]]) -> tuple[int, str] | None:
    """The index of the first pattern spaCy's pattern validation refuses, and its reason in
    one line; None when spaCy takes them all."""
    import spacy

    ruler = spacy.blank("en").add_pipe("span_ruler", config={"validate": True})
    for index, pattern in enumerate(patterns):
        try:
            ruler.add_patterns([{"label": pattern["label"], "pattern": pattern["pattern"]}])
        except (ValueError, re.error) as error:  # re.error: a REGEX spaCy compiles
            return index, one_line(error, 200)
    return None


def checked_pattern(entry: Any, schema: LabelSchema) -> dict[str, Any]:
    """`entry` as {"label", "pattern", "attrs"}; raises ValueError saying what is wrong."""
    if not isinstance(entry, dict):
        raise ValueError("a pattern line must be a JSON object")
    unknown = set(entry) - {"label", "pattern", "attrs", "id"}
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
    label, pattern = entry.get("label"), entry.get("pattern")
    if not isinstance(label, str):
        raise ValueError("'label' must be a label name")
    schema.label(label)
    phrase = isinstance(pattern, str) and pattern.strip()
    tokens = isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)
    if not (phrase or tokens):
        raise ValueError("'pattern' must be a phrase or a list of token patterns")
    if tokens:
        check_tokens(pattern)
    attrs = schema.check_attrs(label, entry.get("attrs") or {})
    return {"label": label, "pattern": pattern, "attrs": attrs}


# Token attributes spaCy's Matcher takes from pipeline components: annotator's pipelines are
# blank (a tokenizer only), so a pattern on one stops spaCy's matching (POS, TAG, MORPH,
# LEMMA, DEP: error E155) or never matches (entities, sentence starts, custom attributes).
NEEDS_A_COMPONENT = {
    "POS": "a tagger",
    "TAG": "a tagger",
    "MORPH": "a tagger",
    "LEMMA": "a lemmatizer",
    "DEP": "a parser",
    "ENT_TYPE": "an entity recognizer",
    "ENT_IOB": "an entity recognizer",
    "ENT_ID": "an entity recognizer",
    "ENT_KB_ID": "an entity linker",
    "SENT_START": "a sentence splitter",
    "IS_SENT_START": "a sentence splitter",
    "_": "a component that sets custom attributes",
}


def check_tokens(pattern: list[dict[str, Any]]) -> None:
    """Raise ValueError for a token attribute the blank pipeline cannot give, or a regular
    expression Python cannot compile (spaCy would stop with a traceback on either)."""
    for number, token in enumerate(pattern, start=1):
        for key, value in token.items():
            needs = NEEDS_A_COMPONENT.get(str(key).upper())
            if needs:
                raise ValueError(
                    f"pattern token {number} uses {key}, which needs {needs};"
                    " annotator's pipelines only tokenise"
                )
            check_regexes(value)


def check_regexes(value: Any) -> None:
    """Compile every REGEX in a token attribute's value ({"REGEX": ...}, also nested)."""
    if not isinstance(value, dict):
        return
    for key, inner in value.items():
        if str(key).upper() == "REGEX" and isinstance(inner, str):
            try:
                re.compile(inner)
            except re.error as error:
                raise ValueError(f"bad regular expression {inner!r}: {error}") from None
        check_regexes(inner)


def stored_refusal(
    numbered: list[tuple[int, dict[str, Any]]], schema: LabelSchema
) -> tuple[int, str] | None:
    """The id of the first stored pattern that cannot be used, checked as a file's line is
    (an older version stored some unchecked), and why; None when all can be used."""
    for id_, entry in numbered:
        try:
            checked_pattern(entry, schema)
        except (ValueError, RecursionError) as error:  # AttrError is a ValueError
            return id_, one_line(error, 200)
    tokens = [(id_, entry) for id_, entry in numbered if not isinstance(entry["pattern"], str)]
    refused = spacy_refusal(entry for _, entry in tokens)  # a checked phrase always works
    if refused:
        index, reason = refused
        return tokens[index][0], f"spaCy cannot use it: {reason}"
    return None


def shipped_patterns(schema: LabelSchema) -> list[dict[str, Any]]:
    """The patterns in resources/patterns/*.jsonl whose labels the schema has."""
    patterns = []
    for path in sorted(PATTERNS_DIR.glob("*.jsonl")):
        patterns.extend(read_pattern_file(path, schema))
    return patterns


class PatternSuggester:
    """spaCy's SpanRuler over a blank pipeline; proposes (start, end, label, attrs) per text.

    Two rulers write one span group: patterns made only of {"LOWER": ...} tokens become
    phrases of a ruler matching on LOWER (spaCy's PhraseMatcher: one lookup per token,
    where its token Matcher steps every pattern), the rest go to a ruler matching as written.
    Where one label's matches nest, the longest is kept ("Velorian army", not "army").
    """

    def __init__(self, patterns: Iterable[dict[str, Any]], language: str = "en") -> None:
        import spacy

        self.nlp = spacy.blank(language)
        lower, exact = [], []
        self.attrs: dict[str, dict[str, Any]] = {}
        for pattern in patterns:
            key = json.dumps([pattern["label"], pattern.get("attrs") or {}], sort_keys=True)
            self.attrs[key] = pattern.get("attrs") or {}
            phrase = lower_phrase(pattern["pattern"])
            written = phrase or pattern["pattern"]
            if isinstance(written, str):  # texts are matched composed (see suggest)
                written = unicodedata.normalize("NFC", written)
            entry = {"label": pattern["label"], "pattern": written, "id": key}
            (lower if phrase else exact).append(entry)
        for name, entries, attr in (("lower_ruler", lower, "LOWER"), ("exact_ruler", exact, None)):
            if not entries:  # a ruler without patterns only warns (spaCy's W036)
                continue
            config = {"spans_key": RULER_KEY, "validate": True, "overwrite": False}
            if attr:
                config["phrase_matcher_attr"] = attr
            ruler = self.nlp.add_pipe("span_ruler", name=name, config=config)
            try:
                ruler.add_patterns(entries)
            except ValueError as error:
                raise PatternError(f"a pattern spaCy cannot use: {one_line(error)}") from None

    def suggest(self, texts: Iterable[str]) -> Iterator[list[tuple[int, int, str, dict]]]:
        """For each text, its matches as (start, end, label, attrs), in text order. A text
        with decomposed accents is matched composed, as patterns are written (see composed)."""
        strings = self.nlp.vocab.strings
        attrs = {strings.add(key): value for key, value in self.attrs.items()}
        labels: dict[int, str] = {}
        prepared = [(t, None) if is_composed(t) else composed_with_offsets(t) for t in texts]
        docs = self.nlp.pipe([readable for readable, _ in prepared], batch_size=256)
        for (_, at), doc in zip(prepared, docs):
            found = []
            for span in doc.spans.get(RULER_KEY, ()):
                label = labels.get(span.label)
                if label is None:
                    label = labels[span.label] = strings[span.label]
                found.append((span.start_char, span.end_char, label, attrs.get(span.id, {})))
            if at is not None:  # back on the decomposed text's offsets
                found = [(at[start], at[end], *rest) for start, end, *rest in found]
            yield longest_per_label(found)


def lower_phrase(pattern: Any) -> str | None:
    """The phrase a token pattern of only {"LOWER": text} tokens matches, else None."""
    if not isinstance(pattern, list):
        return None
    words = []
    for token in pattern:
        if set(token) != {"LOWER"} or not isinstance(token["LOWER"], str):
            return None
        words.append(token["LOWER"])
    return " ".join(words)


def longest_per_label(
    matches: Iterable[tuple[int, int, str, dict]],
) -> list[tuple[int, int, str, dict]]:
    """Matches without those inside a longer match of the same label."""
    kept: list[tuple[int, int, str, dict]] = []
    reach: dict[str, int] = {}  # per label, the furthest end of a match kept so far
    for match in sorted(matches, key=lambda m: (m[0], -m[1])):
        start, end, label, _ = match
        if reach.get(label, -1) < end:
            kept.append(match)
            reach[label] = end
    return kept

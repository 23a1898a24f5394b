"""CoNLL and IOB files: tokens with BIO/IOB tags, turned into a text with spans.

- CoNLL (`.conll`, CoNLL-2003 and our own export): one token a line, its tag in the last
  column (space- or tab-separated), a blank line after each sentence. `-DOCSTART-` lines
  split documents when the file has them; otherwise each blank-line block is a document (as
  `annotator export --format conll` writes them).
- IOB (`.iob`, spaCy's `convert` input): one sentence a line, tokens `word|TAG` or
  `word|POS|TAG` separated by spaces. `-DOCSTART-` or blank lines split documents;
  without either, each line is a document.

A document's text is its tokens joined by single spaces, a line break between sentences;
its tokens are those of the file. Tags may be IOB1, IOB2 (BIO) or BILUO/BIOES.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.importers.records import (
    ImportRecord,
    Rejection,
    SpanInput,
    normalise_newlines,
    read_text_file,
    title_from_text,
)
from annotator.tokens import Tokens

DOCSTART = "-DOCSTART-"
SENTENCE_BREAK = "\n"
PREFIXES = ("B", "I", "E", "L", "S", "U")
SEPARATORS = re.compile("[ \t]+")


@dataclass
class _Block:
    """The tagged tokens of one document: sentences of (token, tag, line)."""

    line: int
    sentences: list[list[tuple[str, str, int]]] = field(default_factory=list)


def read_conll(path: Path) -> Iterator[ImportRecord | Rejection]:
    yield from _records(path, _conll_blocks(path))


def read_iob(path: Path) -> Iterator[ImportRecord | Rejection]:
    yield from _records(path, _iob_blocks(path))


def _records(path: Path, blocks: Iterator[_Block]) -> Iterator[ImportRecord | Rejection]:
    source = str(path)
    for block in blocks:
        if not any(block.sentences):
            continue
        try:
            yield block_record(block, source)
        except ValueError as error:
            yield Rejection(source, block.line, str(error))


def block_record(block: _Block, source: str) -> ImportRecord:
    """Text, tokens and spans of one document; ValueError names the line of a bad tag."""
    from spacy.tokens import Doc

    from annotator.tokens import blank_english

    words, spaces, tags = [], [], []
    for sentence in (s for s in block.sentences if s):
        if words:
            spaces[-1] = False
            words.append(SENTENCE_BREAK)
            spaces.append(False)
            tags.append(("O", block.line))
        for token, tag, line in sentence:
            words.append(token)
            spaces.append(True)
            tags.append((tag, line))
    spaces[-1] = False
    doc = Doc(blank_english().vocab, words=words, spaces=spaces)
    text = doc.text
    spans = [
        SpanInput(doc[first].idx, doc[end - 1].idx + len(doc[end - 1]), label, {})
        for first, end, label in tag_spans(tags)
    ]
    return ImportRecord(
        text=text,
        title=title_from_text(text),
        meta={"line": block.line},
        spans=spans,
        tokens=Tokens.from_spacy_doc(doc, text).pack(),
        source=source,
        line=block.line,
    )


def tag_spans(tags: list[tuple[str, int]]) -> list[tuple[int, int, str]]:
    """(first, end, label) token spans of IOB1, IOB2 or BILUO tags; ValueError on a bad tag."""
    spans: list[tuple[int, int, str]] = []
    open_span: tuple[int, str] | None = None
    for index, (tag, line) in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if tag != "O" and (prefix not in PREFIXES or not label):
            found = f"tag {tag!r}" if tag else "no tag"
            raise ValueError(
                f"line {line}: {found}; expected O, or B-, I-, E-, L-, S-, U- and a label"
            )
        if open_span is not None and (tag == "O" or open_span[1] != label or prefix in "BSU"):
            spans.append((open_span[0], index, open_span[1]))
            open_span = None
        if tag == "O":
            continue
        if open_span is None:
            open_span = (index, label)
        if prefix in "ELSU":
            spans.append((open_span[0], index + 1, label))
            open_span = None
    if open_span is not None:
        spans.append((open_span[0], len(tags), open_span[1]))
    return spans


def file_lines(path: Path) -> list[str]:
    """The file's lines, split at line feeds and carriage returns only: `str.splitlines` also
    splits at U+2028, form feeds and other characters a token may hold."""
    return normalise_newlines(read_text_file(path)).removesuffix("\n").split("\n")


def _conll_blocks(path: Path) -> Iterator[_Block]:
    lines = file_lines(path)
    by_docstart = any(line.startswith(DOCSTART) for line in lines)
    block, sentence = _Block(1), []
    for number, line in enumerate(lines, start=1):
        columns = _columns(line)
        if columns and columns[0] == DOCSTART:
            yield _closed(block, sentence)
            block, sentence = _Block(number + 1), []
        elif not columns:
            block.sentences.append(sentence)
            sentence = []
            if not by_docstart and any(block.sentences):
                yield block
                block = _Block(number + 1)
        else:
            if not any(block.sentences) and not sentence:
                block.line = number
            sentence.append((columns[0], columns[-1] if len(columns) > 1 else "", number))
    yield _closed(block, sentence)


def _columns(line: str) -> list[str]:
    """Tab-separated columns when the line has tabs (so a tag may hold a space: B-Price range),
    else space-separated ones. Only ASCII spaces and tabs separate: a no-break space (or
    another space character) a token holds stays in it."""
    if "\t" in line:
        return [column.strip(" ") for column in line.split("\t")] if line.strip() else []
    return _fields(line)


def _fields(line: str) -> list[str]:
    """The fields of `line` between runs of ASCII spaces and tabs (`str.split` would also
    split at a no-break space or an em space inside a token)."""
    return [field for field in SEPARATORS.split(line) if field]


def _iob_blocks(path: Path) -> Iterator[_Block]:
    lines = file_lines(path)
    split_by_line = not any(not line.strip() or line.startswith(DOCSTART) for line in lines)
    block = _Block(1)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith(DOCSTART):
            yield block
            block = _Block(number + 1)
            continue
        sentence = []
        for item in _fields(line):
            word, _, tag = item.partition("|")
            sentence.append((word, tag.rpartition("|")[2], number))
        if not any(block.sentences):
            block.line = number
        block.sentences.append(sentence)
        if split_by_line:
            yield block
            block = _Block(number + 1)
    yield block


def _closed(block: _Block, sentence: list[tuple[str, str, int]]) -> _Block:
    block.sentences.append(sentence)
    return block

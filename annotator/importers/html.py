"""HTML pages: the article text without the page around it (menus, share buttons, forms).

Extraction is trafilatura's; of what it keeps, paragraphs before the headline (kickers,
section names) are dropped and the headline becomes the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura

from annotator.importers.records import ImportFailed, ImportRecord, read_text_file

TEXT_ELEMENTS = ("p", "quote", "list", "item", "head")
XML_DECLARATION = re.compile(r"\s*<\?xml\s[^>]*>")
"""An XHTML page's `<?xml version="1.0" encoding="utf-8"?>`: lxml refuses a str that starts
with one, and trafilatura parses such a page another way, leaving its paragraphs unmarked."""


def read_html(path: Path) -> Iterator[ImportRecord]:
    page = XML_DECLARATION.sub("", read_text_file(path), count=1)
    title = page_title(page)
    text = article_text(page, title)
    if not text:
        raise ImportFailed(path, 1, "no article text found in the page")
    yield ImportRecord(
        text=text,
        title=title or text.split("\n", 1)[0][:80],
        meta={"file": path.name},
        source=str(path),
        line=1,
    )


def page_title(page: str) -> str:
    """og:title, else the first <h1>, else <title>; empty when the page has none (or no
    elements at all: only a doctype or comments, which lxml calls an empty document)."""
    try:
        tree = lxml.html.fromstring(page)
    except lxml.etree.ParserError:
        return ""
    for query in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        found = tree.xpath(query)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            if value.strip():
                return " ".join(value.split())
    return ""


def article_text(page: str, title: str) -> str:
    """The article's paragraphs, joined by blank lines."""
    extracted = trafilatura.extract(page, output_format="xml", favor_precision=True)
    if not extracted:
        return ""
    main = lxml.etree.fromstring(extracted.encode("utf-8")).find("main")
    for line_break in main.iter("lb"):  # a <br>: the words on either side are two words
        line_break.tail = " " + (line_break.tail or "")
    blocks = list(text_blocks(main))
    headline = next((i for i, (tag, _) in enumerate(blocks) if tag == "head"), None)
    if headline is not None:
        blocks = blocks[headline + 1 :]
    return "\n\n".join(text for _, text in blocks if text and text != title)


def text_blocks(element: lxml.etree._Element) -> Iterator[tuple[str, str]]:
    """(tag, words) of each block of text under `element`, in order, every word once.

    A block inside another (a paragraph in a quote or a list item) is a block of its own, and
    the outer one's words before and after it are blocks of their own too.
    """
    words = [element.text or ""]
    for child in element:
        if next(child.iter(*TEXT_ELEMENTS), None) is None:
            words += [*child.itertext(), child.tail or ""]
            continue
        if element.tag in TEXT_ELEMENTS:
            yield element.tag, " ".join("".join(words).split())
        yield from text_blocks(child)
        words = [child.tail or ""]
    if element.tag in TEXT_ELEMENTS:
        yield element.tag, " ".join("".join(words).split())

"""Token JSON made by numpy is byte for byte what orjson writes for Prodigy's token dicts."""

from __future__ import annotations

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporters import token_json as token_json_module
from annotator.exporters.token_json import TokenJson, token_records
from annotator.tokens import Tokens


def plain(text: str) -> tuple[bytes, Tokens]:
    """orjson's bytes for the token dicts made one by one, and the tokens."""
    tokens = Tokens.from_text(text)
    records = token_records(text, tokens.starts, tokens.ends) if len(tokens) else []
    return orjson.dumps(records), tokens


# Characters of every kind: ASCII, every control character, quotes and backslashes, accents
# (and combining ones), Arabic, line and paragraph separators, emoji beyond the BMP.
any_character = st.characters(exclude_categories=("Cs",))
edge_characters = st.sampled_from(
    [
        '"',
        "\\",
        "\n",
        "\r",
        "\t",
        "\x00",
        "\x1f",
        "\x7f",
        "é",
        "e\u0301",
        "قتل",
        "\u2028",
        "😀",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(any_character, edge_characters), max_size=80).map("".join))
def test_equals_orjson_on_any_text(text):
    expected, tokens = plain(text)
    assert TokenJson().dumps(text, tokens.starts, tokens.ends) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "\n",
        'Le maire a dit « non » à Alep — 12 morts\n\n"Oui" \\ x\t y',
        "قتل ٣ أشخاص في «حلب»\r\n😀 ok",
        "Ceasefire\u2028broken\x7f at dawn",
    ],
)
def test_equals_orjson_on_edge_texts(text):
    expected, tokens = plain(text)
    assert TokenJson().dumps(text, tokens.starts, tokens.ends) == expected


def test_numbers_past_the_first_table():
    """Offsets and ids above 4,095 and 65,535 (new tables of decimal numbers)."""
    text = " ".join(f'"w{i}"\n' for i in range(14_000))
    expected, tokens = plain(text)
    assert tokens.ends[-1] > 70_000
    assert TokenJson().dumps(text, tokens.starts, tokens.ends) == expected


def test_the_longest_document_made_by_gather():
    """One character short of the plain way's threshold: the largest table is used whole."""
    text = ('Shelling near "Karsh".\n' * 12_000)[: token_json_module._LARGEST - 1]
    assert len(text) == token_json_module._LARGEST - 1
    expected, tokens = plain(text)
    assert TokenJson().dumps(text, tokens.starts, tokens.ends) == expected


def test_one_maker_for_documents_of_any_size():
    """Its work arrays grow and are reused; a small document after a large one is still exact."""
    maker = TokenJson()
    for text in ["Rebels shelled Ostrel. " * 300, "Two killed.", "é " * 2000, "x"]:
        expected, tokens = plain(text)
        assert maker.dumps(text, tokens.starts, tokens.ends) == expected


def test_reads_back_as_the_tokens():
    text = 'Shelling near "Karsh" killed 18.\n'
    tokens = Tokens.from_text(text)
    records = orjson.loads(TokenJson().dumps(text, tokens.starts, tokens.ends))
    assert [r["text"] for r in records] == ["Shelling", "near", '"', "Karsh", '"', "killed"] + [
        "18",
        ".",
        "\n",
    ]
    assert [r["ws"] for r in records] == [True, True, False, False, True, True, False, False, False]
    assert records[3] == {"text": "Karsh", "start": 15, "end": 20, "id": 3, "ws": False}
    assert np.array_equal([r["start"] for r in records], tokens.starts)


def test_a_document_of_a_million_characters_is_exact_too():
    """Past 262,144 characters the dicts are made one by one; read back, they are the text's
    tokens."""
    text = "Shelling near Karsh.\n" * 50_000
    tokens = Tokens.from_text(text)
    records = orjson.loads(TokenJson().dumps(text, tokens.starts, tokens.ends))
    assert len(records) == len(tokens) == 250_000
    assert "".join(r["text"] + " " * r["ws"] for r in records) == text
    assert records[-1] == {
        "text": "\n",
        "start": 1_049_999,
        "end": 1_050_000,
        "id": 249_999,
        "ws": False,
    }

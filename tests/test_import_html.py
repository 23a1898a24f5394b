"""HTML import: the article's paragraphs are kept, the page's boilerplate is dropped."""

import pytest

from annotator.importers import ImportFailed, import_files
from tests.conftest import SAMPLES, run_cli

PARAGRAPHS = [
    "OSTREL, Veloria — At least 18 fighters of the Northern Front were killed on Tuesday when "
    "army units fought the rebels on the outskirts of Ostrel, the regional command said.",
    "Four soldiers also died in the clashes, which began before dawn near a grain depot on the "
    "road to Brannick and continued until late afternoon, residents told reporters.",
    "Between 12 and 15 civilians were injured, according to staff at the district hospital, "
    "most of them by shrapnel from mortar shells that landed in the orchards.",
]
BOILERPLATE = [
    "We use cookies",
    "Accept all cookies",
    "Home",
    "Share on Facebook",
    "Tweet",
    "Recommend this article",
    "Send to a friend",
    "Your email",
    "Related stories",
    "Drought hits farmers",
    "All rights reserved",
    "Subscribe",
]


def page(title_tags: str, body: str = "") -> str:
    body = body or "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">{title_tags}</head><body>
<div class="cookie-banner"><p>We use cookies to measure our site.</p>
<button>Accept all cookies</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sub">Subscribe</a></li></ul></nav>
<main><article>
<p class="kicker">Karsh</p>
<h1>Army and rebels clash outside Ostrel</h1>
<div class="share-buttons"><a href="https://facebook.com/share">Share on Facebook</a>
<a href="https://twitter.com/intent">Tweet</a></div>
<div class="story-body">{body}</div>
</article>
<section class="recommend"><h2>Recommend this article</h2>
<form class="send-to-friend"><h3>Send to a friend</h3><label>Your email</label>
<input type="email"><button>Send</button></form></section>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/x">Drought hits farmers
in the south as rains fail for a third year</a></li></ul></aside>
</main>
<footer><p>© 2024 The Ledger. All rights reserved.</p></footer>
</body></html>"""


def test_keeps_every_paragraph_and_drops_the_boilerplate(project, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page("<title>Clash | The Ledger</title>"), encoding="utf-8")
    import_files(project, [path])
    document = next(project.documents())
    assert document.text == "\n\n".join(PARAGRAPHS)
    for text in BOILERPLATE:
        assert text not in document.text
    assert document.title == "Army and rebels clash outside Ostrel"


def test_title_prefers_og_title(project, tmp_path):
    path = tmp_path / "report.htm"
    path.write_text(page('<meta property="og:title" content="Ostrel clashes">'), encoding="utf-8")
    import_files(project, [path])
    assert next(project.documents()).title == "Ostrel clashes"


def test_page_without_article_text_is_an_error(project, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"empty\.html:1: no article text"):
        import_files(project, [path])


@pytest.mark.parametrize("declaration", ["utf-8", "UTF-16", "iso-8859-1"])
def test_xhtml_page_with_an_xml_declaration(project, tmp_path, declaration):
    """lxml refuses a str starting with `<?xml ... encoding=...?>`; the file is UTF-8 whatever
    the declaration says (it is read as UTF-8 or refused before), so the declaration is moot."""
    path = tmp_path / "report.xhtml.html"
    path.write_text(
        f'<?xml version="1.0" encoding="{declaration}"?>\n'
        + page("<title>Clash | The Ledger</title>").removeprefix("<!DOCTYPE html>"),
        encoding="utf-8",
    )
    import_files(project, [path])
    document = next(project.documents())
    assert document.text == "\n\n".join(PARAGRAPHS)
    assert document.title == "Army and rebels clash outside Ostrel"


@pytest.mark.parametrize(
    "content", ["<!-- nothing -->", "<!DOCTYPE html>", '<?xml version="1.0"?>\n<!-- x -->']
)
def test_page_without_any_element_is_one_line_and_exit_2(project_path, tmp_path, content):
    path = tmp_path / "blank.html"
    path.write_text(content, encoding="utf-8")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith(f"{path}:1: no article text found in the page")
    assert "Traceback" not in result.stderr


def test_line_breaks_and_quoted_paragraphs(project, tmp_path):
    """A <br> parts two words (they were glued: "Ostrel.Four"); a paragraph inside a quote
    or a list item is its text once (it was twice: the quote's, then its own)."""
    first, second, third = PARAGRAPHS
    body = (
        f"<p>{first}<br>{second}</p>"
        f"<blockquote><p>{third}</p><p>{first}</p></blockquote>"
        f"<ul><li>{second}<p>{third}</p>After the paragraph.</li></ul>"
    )
    path = tmp_path / "report.html"
    path.write_text(page("", body), encoding="utf-8")
    import_files(project, [path])
    assert next(project.documents()).text.split("\n\n") == [
        f"{first} {second}",
        third,
        first,
        second,
        third,
        "After the paragraph.",
    ]


@pytest.mark.skipif(not (SAMPLES / "formats").is_dir(), reason="sample pages not in this checkout")
def test_sample_pages_give_the_same_documents_as_the_sample_articles(project):
    pages = sorted((SAMPLES / "formats").glob("report-*.html"))
    report = import_files(project, pages)
    assert report.documents_new == len(pages)
    articles = import_files(project, sorted((SAMPLES / "articles").glob("*.txt")))
    assert articles.documents_existing == len(pages)
    for document in project.documents():
        assert "Share on Facebook" not in document.text
        assert "Send to a friend" not in document.text

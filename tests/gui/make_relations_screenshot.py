"""Regenerate resources/screenshots/relations.png: relations listed beside the text, one chosen.

Run under Xvfb (xvfb-run -a python tests/gui/make_relations_screenshot.py) or offscreen
(QT_QPA_PLATFORM=offscreen python tests/gui/make_relations_screenshot.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


from annotator.gui.app import application, open_window  # noqa: E402
from tests.gui.make_screenshots import OUT, SPANS, offset, sample_project  # noqa: E402

# (head needle, tail needle, type), needles as in SPANS (first occurrence unless given)
RELATIONS = [
    ("At least 18 fighters", "Northern Liberation Front", "VICTIM"),
    ("At least 18 fighters", "Velorian army units", "PERPETRATOR"),
    ("At least 18 fighters", ("Ostrel", 1), "PLACE"),
    ("Four soldiers also died", "soldiers", "VICTIM"),
    ("Four soldiers also died", "rifles", "MEANS"),
    ("Between 12 and 15 civilians", "civilians", "VICTIM"),
    ("Between 12 and 15 civilians", "mortar shells", "MEANS"),
]


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    path = sample_project("relations.db")
    app = application()
    window = open_window(path, "amira")
    window.resize(1500, 880)
    window.show()
    session, editor = window.session, window.relation_editor
    session.open_document(1)
    text = session.document.text
    for needle, occurrence, label, attrs in SPANS:
        start = offset(text, needle, occurrence)
        session.add_span(start, start + len(needle), label, attrs)
    for head, tail, label in RELATIONS:
        editor.add(_span(session, text, head), _span(session, text, tail), label)
    editor.choose(editor.relations[1])
    app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "relations.png"))
    window.close()
    print(f"wrote {OUT / 'relations.png'}")


def _span(session, text, needle):
    needle, occurrence = needle if isinstance(needle, tuple) else (needle, 0)
    start = offset(text, needle, occurrence)
    return next(s for s in session.spans if s.start == start and s.end >= start + len(needle))


if __name__ == "__main__":
    main()

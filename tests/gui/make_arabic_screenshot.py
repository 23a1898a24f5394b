"""Regenerate resources/screenshots/arabic.png: an Arabic article annotated in the window.

Run under a virtual display, where Qt shapes and draws text as on a desktop:
  xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \
    python tests/gui/make_arabic_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings  # noqa: E402

from annotator.gui.app import application, open_window  # noqa: E402
from annotator.store import Project  # noqa: E402
from tests.conftest import add_text  # noqa: E402

OUT = REPO / "resources" / "screenshots" / "arabic.png"
TITLE = "قصف على بلدة أوسترل"
# An original short article (fiction, like every sample), with an English paragraph after it.
ARTICLE = (
    "قصفت قوات الجبهة الشمالية بلدة أوسترل فجر يوم الاثنين بقذائف الهاون، "
    "وفق ما قال مسؤولون محليون.\n\n"
    "وقال المتحدث باسم القيادة العسكرية في المنطقة إن 12 مدنيا قتلوا وأصيب 30 آخرون، "
    "بينهم أطفال.\n\n"
    "وردّ الجيش بنيران المدفعية على التلال المطلة على البلدة، وفرّ السكان نحو النهر.\n\n"
    "The Northern Front said its fighters had hit only military positions."
)
SPANS = [
    ("قوات الجبهة الشمالية", "ACTOR", {"actor_type": "rebel_group"}),
    ("الجبهة الشمالية", "ACTOR", {}),
    ("بلدة أوسترل", "LOCATION", {"precision": "town"}),
    ("بقذائف الهاون", "WEAPON", {"category": "artillery"}),
    ("12 مدنيا قتلوا", "CASUALTY", {"kind": "killed", "count": 12}),
    ("وأصيب 30 آخرون", "CASUALTY", {"kind": "injured", "count": 30}),
    ("بنيران المدفعية", "WEAPON", {"category": "artillery"}),
    ("الجيش", "ACTOR", {"actor_type": "state_forces"}),
    ("The Northern Front", "ACTOR", {"actor_type": "rebel_group"}),
]


def main() -> None:
    work = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    path = work / "arabic.db"
    with Project.create(path) as project:
        add_text(project, ARTICLE, TITLE)
    app = application()
    window = open_window(path, "amira")
    window.resize(1400, 640)
    window.show()
    session = window.session
    for needle, label, attrs in SPANS:
        start = ARTICLE.index(needle)
        session.add_span(start, start + len(needle), label, attrs)
    start = ARTICLE.index("السكان")
    session.select_range(start, start + len("السكان"))
    for _ in range(10):
        app.processEvents()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT))
    window.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

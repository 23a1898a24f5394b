"""`annotator review` opens the review window as the name the user chose, never the login."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from annotator.gui.app import settings
from annotator.gui.review_window import ReviewWindow
from tests.conftest import run_cli
from tests.gui.test_review_window import review_project  # noqa: F401 (fixture)


@pytest.fixture
def shown_windows(monkeypatch, qtbot) -> list[ReviewWindow]:
    """The review windows the command shows; its event loop returns at once (they are closed
    by qtbot), since a second event loop inside the test's cannot be quit cleanly."""
    seen: list[ReviewWindow] = []

    def run_once(app) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ReviewWindow) and widget.isVisible():
                qtbot.addWidget(widget)
                seen.append(widget)
        return 0

    monkeypatch.setattr(QApplication, "exec", run_once)
    return seen


def test_review_command_uses_the_remembered_annotator_name(shown_windows, review_project):  # noqa: F811
    path, _, _ = review_project
    settings().setValue("annotator", "rita")
    assert run_cli("review", path).exit_code == 0
    [window] = shown_windows
    assert window.reviewer == "rita"
    assert window.windowTitle().endswith("— rita")
    assert window.review.document.title == "Ostrel attack"


def test_review_command_takes_reviewer_over_the_remembered_name(shown_windows, review_project):  # noqa: F811
    path, _, _ = review_project
    settings().setValue("annotator", "rita")
    assert run_cli("review", path, "--reviewer", "sam").exit_code == 0
    assert [w.reviewer for w in shown_windows] == ["sam"]
    assert settings().value("annotator") == "rita"

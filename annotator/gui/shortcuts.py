"""Every shortcut of the window in one table: it creates the actions and renders the Help."""

from __future__ import annotations

from typing import NamedTuple

from annotator.schema import LabelSchema


class Shortcut(NamedTuple):
    """`action` names a MainWindow action (None: a key the article view handles itself)."""

    action: str | None
    keys: tuple[str, ...]
    text: str
    menu: str


MENU_ORDER = ("File", "Edit", "Label", "Relation", "Go", "View", "Help", "Article")

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("open", ("Ctrl+O",), "Open or create a project…", "File"),
    Shortcut("import_files", ("Ctrl+I",), "Import articles…", "File"),
    Shortcut("switch_annotator", (), "Switch annotator…", "File"),
    Shortcut("quit", ("Ctrl+Q",), "Quit", "File"),
    Shortcut("undo", ("Ctrl+Z",), "Undo the last edit", "Edit"),
    Shortcut("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo", "Edit"),
    Shortcut(
        "delete_span",
        ("Delete", "Backspace"),
        "Delete the selected span (none selected: reject the current suggestion)",
        "Edit",
    ),
    Shortcut("accept_suggestion", ("Return", "Enter"), "Accept the current suggestion", "Edit"),
    Shortcut(
        "accept_all_suggestions",
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
        "Accept all of this article's suggestions",
        "Edit",
    ),
    Shortcut(
        "clear_selection", ("Esc",), "Clear the selection (or stop drawing a relation)", "Edit"
    ),
    Shortcut("find", ("Ctrl+F",), "Search the articles", "Edit"),
    Shortcut("relate", ("R",), "Draw a relation from the selected span", "Relation"),
    Shortcut("focus_relations", ("Ctrl+L",), "Go to the list of relations", "Relation"),
    Shortcut("mark_done", ("Ctrl+Return", "Ctrl+Enter"), "Mark done, open the next todo", "Go"),
    Shortcut("skip", ("Ctrl+K",), "Skip this article, open the next todo", "Go"),
    Shortcut("next_document", ("Ctrl+PgDown", "Alt+Right"), "Next article", "Go"),
    Shortcut("previous_document", ("Ctrl+PgUp", "Alt+Left"), "Previous article", "Go"),
    Shortcut("next_todo", ("Ctrl+T",), "Next article to do", "Go"),
    Shortcut("next_uncertain", ("Ctrl+U",), "Article to do the model is least sure of", "Go"),
    Shortcut("review", ("Ctrl+R",), "Review mode: settle disagreements into gold", "Go"),
    Shortcut(
        "toggle_uncertainty_sort",
        ("Ctrl+Shift+U",),
        "Sort the article list by the model's uncertainty, or back by order",
        "View",
    ),
    Shortcut("zoom_in", ("Ctrl++", "Ctrl+="), "Larger text", "View"),
    Shortcut("zoom_out", ("Ctrl+-",), "Smaller text", "View"),
    Shortcut("zoom_reset", ("Ctrl+0",), "Normal text size", "View"),
    Shortcut("help", ("F1",), "This list of shortcuts", "Help"),
    Shortcut("guidelines", ("F2",), "Show or hide the labels' descriptions and guidelines", "Help"),
    Shortcut(None, ("Right", "Left"), "Select the next / previous word", "Article"),
    Shortcut(None, ("Shift+Right", "Shift+Left"), "Extend / shrink the selection", "Article"),
    Shortcut(
        None,
        ("Tab", "Shift+Tab"),
        "Next / previous suggestion (without suggestions: span)",
        "Article",
    ),
    Shortcut(None, ("Right-click",), "On a span: Always suggest this as its label", "Article"),
    Shortcut(None, ("Drag", "Double-click"), "Select words (snaps to whole words)", "Article"),
    Shortcut(None, ("Click",), "Select the span; click again for the one around it", "Article"),
)


def label_shortcuts(schema: LabelSchema) -> list[Shortcut]:
    """One shortcut per label: its hotkey labels the selection or relabels the selected span."""
    return [
        Shortcut(f"label_{label.name}", (label.hotkey,), f"Label as {label.name}", "Label")
        for label in schema.labels
    ]


def relation_shortcuts(schema: LabelSchema) -> list[Shortcut]:
    """One shortcut per relation type: it ends the relation being drawn with that type, or
    retypes the relation chosen in the list."""
    return [
        Shortcut(
            f"relation_{spec.name}",
            (spec.hotkey.upper(),),
            f"Relation type {spec.name} ({' / '.join(spec.head)} → {' / '.join(spec.tail)})",
            "Relation",
        )
        for spec in schema.relations or []
    ]


def help_html(schema: LabelSchema) -> str:
    """The Help dialog: every shortcut, grouped by menu."""
    rows, menu = [], None
    every = (*SHORTCUTS, *label_shortcuts(schema), *relation_shortcuts(schema))
    for shortcut in sorted(every, key=lambda s: MENU_ORDER.index(s.menu)):
        if shortcut.menu != menu:
            menu = shortcut.menu
            rows.append(f"<tr><th colspan=2 align=left><br>{menu}</th></tr>")
        keys = " or ".join(f"<b>{key}</b>" for key in shortcut.keys)
        rows.append(f"<tr><td>{keys}&nbsp;&nbsp;</td><td>{shortcut.text}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"

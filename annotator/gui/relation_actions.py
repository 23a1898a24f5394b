"""The annotation window's relation actions and span context menu: start a relation (R),
end or retype it with a type's key, the right-click menu of a span or suggestion, and the
focus move to the relation list.

A mixin of `MainWindow`, whose `session`, `relation_editor`, `article` and `relations`
panel it works on, and whose `_push` makes each edit an undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QMenu

from annotator.gui.relation_commands import AddRelationCommand, RetypeRelationCommand
from annotator.store.relations import RelationError


class RelationActions:
    """Relations and the span menu of the annotation window (see the module's text)."""

    def relate(self) -> None:
        """Start a relation at the selected span (R)."""
        try:
            self.statusBar().showMessage(self.relation_editor.start())
        except RelationError as error:
            self.statusBar().showMessage(f"✘ {error}")

    def apply_relation_type(self, label: str) -> None:
        """End the relation being drawn with type `label`, or retype the chosen relation."""
        editor = self.relation_editor
        if editor.draft is not None:
            try:
                head, tail = editor.oriented(label)
            except RelationError as error:
                self.statusBar().showMessage(f"✘ {error}")
                return
            editor.end_draft()
            self._push(AddRelationCommand(editor, head, tail, label))
        elif editor.chosen is not None and editor.chosen.label != label:
            self._push(RetypeRelationCommand(editor, editor.chosen, label))
        elif editor.chosen is None:
            self.statusBar().showMessage("Select a span and press R, or choose a relation first.")

    def span_menu(self, point: QPoint) -> None:
        """The context menu of the span under `point`: relations from it (or ending the one
        being drawn there with a type that fits), and deleting it."""
        offset = self.article.char_at(QPointF(point))
        selected = self.session.span(self.session.selected_span or -1)
        if offset is not None and not (selected and selected.start <= offset < selected.end):
            self.session.click_at(offset)
        menu = QMenu(self)
        if self.session.selected_span is None:
            suggestion = self.session.suggested.choose_at(offset) if offset is not None else None
            if suggestion is None:
                return
            self._add_always_suggest(menu, suggestion)
            self._show_span_menu(menu, point)
            return
        editor = self.relation_editor
        if editor.draft is not None:
            for spec in editor.types_now():
                name = spec.name
                menu.addAction(
                    f"&{spec.hotkey.upper()}  {name}", lambda n=name: self.apply_relation_type(n)
                )
        else:
            menu.addAction("&Relation from this span…  (R)", self.relate)
        menu.addAction("&Delete this span  (Del)", self.delete_span)
        self._add_always_suggest(menu, self.session.span(self.session.selected_span))
        self._show_span_menu(menu, point)

    def _add_always_suggest(self, menu: QMenu, target) -> None:
        text = self.session.document.text[target.start : target.end]
        menu.addAction(
            f"Always suggest “{text}” as {target.label}",
            lambda: self.always_suggest(target.start, target.end, target.label, dict(target.attrs)),
        )

    def _show_span_menu(self, menu: QMenu, point: QPoint) -> None:
        menu.popup(self.article.viewport().mapToGlobal(point))
        self.span_context_menu = menu

    def focus_relations(self) -> None:
        self.relations.list.setFocus()
        if self.relations.list.currentRow() < 0 and self.relations.list.count():
            self.relations.list.setCurrentRow(0)

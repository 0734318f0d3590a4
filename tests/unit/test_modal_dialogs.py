"""Every dialog the UI runs with ``exec()`` runs inside ``with modal(...)`` (ui/common/modal.py),
so it is deleted on the GUI thread when its block ends, never by a garbage collection on a
worker thread (which crashed the app). Read from the source (AST), so a new dialog cannot
slip back: ``x.exec()`` counts only in a ``with modal(x)`` / ``with modal(...) as x`` block
of the same function (a function defined inside the block runs later, outside it)."""

from __future__ import annotations

import ast
from pathlib import Path

import watchjournal

UI = Path(watchjournal.__file__).parent / "ui"

# The exec() calls that run no dialog: (module under ui/, receiver) -> what it is.
NOT_DIALOGS = {
    ("app.py", "app"): "the QApplication's event loop",
    ("common/tasks.py", "loop"): "a QEventLoop (wait_until)",
    ("window/context_menus.py", "menu"): "a context menu, deleted with deleteLater after it",
}

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _modal_names(node: ast.With) -> set[str]:
    """What a ``with`` statement's ``modal(...)`` items stand for: the argument and the name."""
    names: set[str] = set()
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and ast.unparse(call.func).split(".")[-1] == "modal":
            names.update(ast.unparse(arg) for arg in call.args)
            if item.optional_vars is not None:
                names.add(ast.unparse(item.optional_vars))
    return names


def unguarded_execs(source: str) -> list[tuple[int, str]]:
    """(line, receiver) of every ``.exec()`` / ``.exec_()`` outside a ``with modal(...)``
    block for that receiver."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, guarded: frozenset[str]) -> None:
        if isinstance(node, _SCOPES):
            guarded = frozenset()  # what a function defined in the block does runs later
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in ("exec", "exec_"):
            receiver = ast.unparse(func.value)
            if receiver not in guarded:
                found.append((func.lineno, receiver))
        if isinstance(node, ast.With):
            for item in node.items:
                visit(item, guarded)
            inner = guarded | _modal_names(node)
            for statement in node.body:
                visit(statement, inner)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), frozenset())
    return found


def test_every_dialog_is_run_in_a_modal_block() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        module = path.relative_to(UI).as_posix()
        for line, receiver in unguarded_execs(path.read_text(encoding="utf-8")):
            if (module, receiver) not in NOT_DIALOGS:
                offenders.append(f"{module}:{line}: {receiver}.exec() outside `with modal(...)`")
    assert offenders == []


def test_the_exemptions_are_still_there() -> None:
    """An exemption left behind after its call went would let a dialog of that name in."""
    left = []
    for module, receiver in NOT_DIALOGS:
        calls = unguarded_execs((UI / module).read_text(encoding="utf-8"))
        if receiver not in {name for _line, name in calls}:
            left.append((module, receiver))
    assert left == []


def test_the_scan_tells_a_guarded_dialog_from_an_unguarded_one() -> None:
    source = """
def fine(parent):
    with modal(Dialog(parent)) as dialog:
        if dialog.exec():
            return dialog.value()
    box = QMessageBox(parent)
    with modal(box):
        box.exec()

def bare(parent):
    Dialog(parent).exec()
    dialog = Dialog(parent)
    if dialog.exec_():
        pass

def another_dialog(parent, box):
    with modal(box):
        Dialog(parent).exec()

def later(parent, box):
    with modal(box):
        QTimer.singleShot(0, lambda: box.exec())
        def run():
            box.exec()

def not_modal(parent, box):
    with open("x") as box:
        box.exec()
"""
    assert unguarded_execs(source) == [
        (11, "Dialog(parent)"),
        (13, "dialog"),
        (18, "Dialog(parent)"),
        (22, "box"),
        (24, "box"),
        (28, "box"),
    ]

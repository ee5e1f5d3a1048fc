"""One way to import: ggzy modules are imported at the module top (docs/adr/0004-layering.md).

A function-local import of ggzy code (absolute ``ggzy…`` or relative) stays only where a real reason forces
it — ``AppConfig.ready()`` registration, a real cycle, a heavy optional dependency — and says so with a
``# local import: <reason>`` comment on its line or the line above. A comment above a block of imports
covers the block (imports that follow one another in the same body, blank lines between them allowed).
Migrations are exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MARKER = "# local import:"


def _is_ggzy_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name == "ggzy" or alias.name.startswith("ggzy.") for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or node.module == "ggzy" or (node.module or "").startswith("ggzy.")
    return False


def _bodies(node: ast.AST):
    """Every statement list directly under ``node`` (body, orelse, finalbody, handlers' and cases' bodies)."""
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(node, field, None)
        if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
            yield stmts
    for child in getattr(node, "handlers", []) + getattr(node, "cases", []):
        yield child.body


def _uncommented(tree: ast.Module, lines: list[str]) -> list[int]:
    """Line numbers of ggzy imports inside a function body that carry no ``# local import:`` comment."""

    def marked(lineno: int) -> bool:
        return MARKER in lines[lineno - 1] or (lineno > 1 and MARKER in lines[lineno - 2])

    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for stmts in _bodies(node):
            covered = False  # the previous statement was an import covered by a comment
            for stmt in stmts:
                if isinstance(stmt, ast.Import | ast.ImportFrom):
                    covered = covered or marked(stmt.lineno) or marked(stmt.end_lineno or stmt.lineno)
                    if inside and _is_ggzy_import(stmt) and not covered:
                        found.append(stmt.lineno)
                else:
                    covered = False
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return sorted(found)


def _modules():
    for path in sorted((SRC / "ggzy").rglob("*.py")):
        if "migrations" not in path.relative_to(SRC).parts:
            yield path


def test_every_function_local_ggzy_import_names_its_reason():
    """Function-local imports of ggzy code only where forced, each with ``# local import: <reason>``."""
    offenders = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        for lineno in _uncommented(ast.parse(text, filename=str(path)), text.splitlines()):
            offenders.append(f"{path.relative_to(SRC.parent)}:{lineno}")
    assert offenders == [], "function-local ggzy imports without '# local import: <reason>':\n" + "\n".join(
        offenders
    )


def test_the_check_sees_local_imports():
    """The checker itself: absolute and relative imports in functions, methods and nested blocks are found;
    module-level imports and commented ones are not."""
    source = """
import ggzy.core
from ggzy.core import clock


def f():
    from ggzy.core import audit
    import ggzy.parties
    if True:
        from . import models
    import json


class C:
    from ggzy.core import calendar

    def m(self):
        try:
            from ..services import x
        except ImportError:
            pass


def g():
    # local import: a reason
    from ggzy.core import audit

    from .models import M
    from .x import y  # local import: another reason
    x = 1
    from .z import w
"""
    lines = source.splitlines()
    assert _uncommented(ast.parse(source), lines) == [7, 8, 10, 19, 31]

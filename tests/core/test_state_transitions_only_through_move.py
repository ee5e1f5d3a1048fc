"""A status changes only through ``StateMachine.move()`` (ggzy.core.states).

The source tree is read as Python syntax (``ast``), not searched as text: an assignment to ``.status``,
``setattr(obj, "status", …)``, ``.update(status=…)``, or a row created (``Model(…)``, ``.create``,
``.get_or_create``, ``.update_or_create``, ``defaults={"status": …}``) in a state that is not one of a
machine's initial states, anywhere but ``core/states.py``, fails the test with its file and line.
Data migrations are exempt (they rewrite history, they do not make transitions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import ggzy
from ggzy.catalog import states as _catalog  # noqa: F401  (each import declares its machines)
from ggzy.core.states import machines
from ggzy.hub.experts import states as _experts  # noqa: F401
from ggzy.parties import states as _parties  # noqa: F401
from ggzy.supervision.filing import states as _filing  # noqa: F401
from ggzy.supervision.redflags import states as _redflags  # noqa: F401
from ggzy.trading.evaluation import states as _evaluation  # noqa: F401
from ggzy.trading.tendering import states as _tendering  # noqa: F401

SRC = Path(ggzy.__file__).parent
HELPER = SRC / "core" / "states.py"
# ``.status`` that is not a model's state: the HTTP status a client-side error carries.
NOT_A_MODEL_STATE = {"trading/tendering/bidder_client/http_client.py"}
# (file, function): writes that are not transitions.
EXEMPT = {
    (
        "trading/tendering/selectors.py",
        "section_as_due",
    ): "a display copy carrying the due state, never saved",
    ("hub/experts/demo_data.py", "seed_demo"): "demo rows seeded as vetted experts, like a data migration",
}
CREATING = {"create", "get_or_create", "update_or_create"}


def _sources() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if "migrations" not in p.parts and p != HELPER and str(p.relative_to(SRC)) not in NOT_A_MODEL_STATE
    ]


def _initial_names() -> set[str]:
    """How the code names every machine's initial states: ``X.Status.DRAFT`` (members are spelled as
    their values in upper case, e.g. ``award_pending`` = ``AWARD_PENDING``) or the literal ``"draft"``."""
    values = {state for machine in machines() for state in machine.initial}
    return {v.upper() for v in values} | {f"<literal {v!r}>" for v in values}


def _terminal_names(node: ast.AST) -> set[str]:
    """The state names an expression can evaluate to: ``X.Status.DRAFT`` → DRAFT, ``a if c else b`` → both."""
    if isinstance(node, ast.IfExp):
        return _terminal_names(node.body) | _terminal_names(node.orelse)
    if isinstance(node, ast.Attribute):
        return {node.attr}
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Constant):
        return {f"<literal {node.value!r}>"}
    return {"<computed>"}


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _violations(tree: ast.AST, initial: set[str], models: set[str], path: str = "") -> list[tuple[int, str]]:
    exempt = {
        line
        for func in ast.walk(tree)
        if isinstance(func, ast.FunctionDef) and (path, func.name) in EXEMPT
        for line in range(func.lineno, (func.end_lineno or func.lineno) + 1)
    }
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in exempt:
            continue
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if (
                        isinstance(sub, ast.Attribute)
                        and sub.attr == "status"
                        and isinstance(sub.ctx, ast.Store)
                    ):
                        found.append((node.lineno, "assigns .status"))
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "setattr" and len(node.args) >= 2 and getattr(node.args[1], "value", None) == "status":
            found.append((node.lineno, 'setattr(…, "status", …)'))
        if name == "update" and any(kw.arg == "status" for kw in node.keywords):
            found.append((node.lineno, "update(status=…)"))
        creating = name in CREATING or name in models
        if not creating:
            continue
        values = [kw.value for kw in node.keywords if kw.arg == "status"]
        for kw in node.keywords:
            if kw.arg in {"defaults", "create_defaults"} and isinstance(kw.value, ast.Dict):
                values += [
                    v
                    for k, v in zip(kw.value.keys, kw.value.values, strict=True)
                    if getattr(k, "value", None) == "status"
                ]
        for value in values:
            names = _terminal_names(value)
            if not names <= initial:
                found.append(
                    (
                        node.lineno,
                        f"{name}(status=…) in a state that is not initial: {sorted(names - initial)}",
                    )
                )
    return found


def test_statuses_change_only_through_move():
    """Every status change goes through one machine's ``move()``: table, lock, save and audit in one place."""
    initial = _initial_names()
    models = {machine.model.__name__ for machine in machines()}
    problems = []
    for path in _sources():
        relative = str(path.relative_to(SRC))
        for line, what in _violations(ast.parse(path.read_text(encoding="utf-8")), initial, models, relative):
            problems.append(f"src/ggzy/{path.relative_to(SRC)}:{line}: {what}")
    assert not problems, "status set outside StateMachine.move():\n" + "\n".join(problems)


def test_the_check_sees_every_form_of_assignment():
    """The scanner itself: each forbidden form is found, the allowed ones are not."""
    code = """
obj.status = X.Status.DONE
setattr(obj, "status", "done")
Thing.objects.filter(pk=1).update(status="done")
Thing.objects.create(status=Thing.Status.DONE)
Thing(status=Thing.Status.DONE)
Thing.objects.update_or_create(pk=1, defaults={"status": "done"})
Thing.objects.create(status=Thing.Status.DRAFT)
Thing(status=Thing.Status.DRAFT if a else Thing.Status.DRAFT)
Thing.objects.filter(status=Thing.Status.DONE)
Q(status="done")
JsonResponse({}, status=403)
"""
    lines = [line for line, _ in _violations(ast.parse(code), {"DRAFT"}, {"Thing"})]
    assert lines == [2, 3, 4, 5, 6, 7]


def test_every_status_field_has_one_machine_naming_real_states():
    """Each model with a ``status`` field has exactly one machine; its table and initial states are choices
    of the field."""
    from django.apps import apps

    by_model = {}
    for machine in machines():
        assert machine.labels  # resolves the model and checks the table against the field's choices
        assert machine.model not in by_model, f"two machines for {machine.model.__name__}"
        by_model[machine.model] = machine
    with_status = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("ggzy.") and any(f.name == "status" for f in model._meta.fields)
    }
    assert with_status == set(by_model)

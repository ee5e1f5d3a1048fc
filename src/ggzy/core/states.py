"""One way to change a status: a table of allowed transitions and one :meth:`StateMachine.move`.

Each app declares its machines next to its models (``trading/tendering/states.py``,
``trading/evaluation/states.py``, ``hub/experts/states.py``, ``parties/states.py``, ``catalog/states.py``,
``supervision/redflags/states.py``) and its services call ``move()``, which

1. locks the row (``select_for_update``) and reads the status *stored* there — a stale copy in memory
   cannot slip a transition past the table;
2. refuses a move the table does not list (``Conflict``, a stable code, both states named in Chinese);
3. saves the new status (plus the caller's ``extra_fields``) with ``update_fields``;
4. writes the audit record in the same transaction (:func:`ggzy.core.audit.record`), payload
   ``{"from", "to", "reason"?, **audit_details}``.

Nothing else assigns ``status``: ``tests/core/test_state_transitions_only_through_move.py`` scans the
source tree and names any other assignment by file and line. Creating a row in one of the machine's
``initial`` states is the only other way a status is written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from typing import Any

from django.apps import apps
from django.db import models, transaction

from . import audit
from .exceptions import Conflict

__all__ = ["StateMachine", "machines"]

_REGISTRY: list[StateMachine] = []


def machines() -> tuple[StateMachine, ...]:
    """Every declared machine (for checks and documentation)."""
    return tuple(_REGISTRY)


class StateMachine:
    """The allowed transitions of ``model.<field>``.

    ``transitions`` maps a state to the states it may move to (a state absent from the keys is final).
    ``initial``: the states a row may be created in (default: the field's default).
    ``audit_action``: the default audit action of a move (a call may name its own, e.g. ``"section.awarded"``);
    ``None`` only for bookkeeping that is not a business state (the message outbox).
    ``code``: the stable error code of a refused move.
    """

    def __init__(
        self,
        model: type[models.Model] | str,
        *,
        transitions: Mapping[str, Iterable[str]],
        audit_action: str | None,
        field: str = "status",
        initial: Iterable[str] | None = None,
        code: str = "invalid_transition",
        label: str | None = None,
    ) -> None:
        # ``model`` may be "app_label.Model": a states module imported by its own models cannot import them.
        self._model_ref = model
        self.field = field
        self.transitions: dict[str, frozenset[str]] = {
            str(k): frozenset(str(t) for t in v) for k, v in transitions.items()
        }
        self._initial = None if initial is None else frozenset(str(s) for s in initial)
        self.audit_action = audit_action
        self.code = code
        self._label = label
        _REGISTRY.append(self)

    @functools.cached_property
    def model(self) -> type[models.Model]:
        ref = self._model_ref
        return apps.get_model(ref) if isinstance(ref, str) else ref

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        """Display label of each state; checks once that the table names only states of the field."""
        labels = {
            str(value): str(text) for value, text in self.model._meta.get_field(self.field).choices or ()
        }
        used = (
            set(self.transitions)
            | {t for targets in self.transitions.values() for t in targets}
            | self.initial
        )
        assert used <= set(labels), f"{self!r}: unknown states {sorted(used - set(labels))}"
        return labels

    @functools.cached_property
    def initial(self) -> frozenset[str]:
        """The states a row may be created in."""
        if self._initial is not None:
            return self._initial
        return frozenset({str(self.model._meta.get_field(self.field).default)})

    @property
    def label(self) -> str:
        return self._label or str(self.model._meta.verbose_name)

    def __repr__(self) -> str:
        ref = self._model_ref if isinstance(self._model_ref, str) else self._model_ref.__name__
        return f"<StateMachine {ref}.{self.field}>"

    def label_of(self, state: str) -> str:
        return self.labels.get(str(state), str(state))

    def allowed(self, current: str) -> frozenset[str]:
        return self.transitions.get(str(current), frozenset())

    def can_move(self, current: str, target: str) -> bool:
        return str(target) in self.allowed(current)

    def check(
        self, current: str, target: str, *, code: str | None = None, only_from: Iterable[str] | None = None
    ) -> None:
        """Refuse ``current → target`` unless the table lists it (and ``current`` is one of ``only_from``,
        for an event that is one edge of the table, e.g. reinstating only what was suspended)."""
        narrowed = only_from is not None and str(current) not in {str(s) for s in only_from}
        if narrowed or not self.can_move(current, target):
            raise Conflict(
                f"{self.label}当前状态为“{self.label_of(current)}”，不能变更为“{self.label_of(target)}”",
                code=code or self.code,
                details={"status": str(current), "from": str(current), "to": str(target)},
            )

    def move(
        self,
        obj: models.Model,
        to: str,
        *,
        actor,
        reason: str | None = None,
        extra_fields: Iterable[str] = (),
        audit_action: str | None = None,
        audit_details: Mapping[str, Any] | None = None,
        audit_states: bool = True,
        code: str | None = None,
        only_from: Iterable[str] | None = None,
    ) -> str:
        """Move ``obj`` to ``to``: lock, check against the table, save, audit. Returns the previous state.

        Set any other changed fields on ``obj`` first and name them in ``extra_fields``: they are saved
        with the status, in one UPDATE. A refusal writes nothing. ``audit_states=False`` leaves both states
        out of the audit payload, for a new state that is itself sealed until later (a bid's decryption
        outcome before the reveal).
        """
        assert isinstance(obj, self.model), f"{self!r} cannot move a {type(obj).__name__}"
        # Inside the caller's transaction no savepoint is needed: a refusal comes before any write.
        block = nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()
        with block:
            to = str(to)
            current = str(
                self.model._default_manager.select_for_update()
                .filter(pk=obj.pk)
                .values_list(self.field, flat=True)
                .get()
            )
            self.check(current, to, code=code, only_from=only_from)
            setattr(obj, self.field, to)
            fields = [self.field, *(f for f in extra_fields if f != self.field)]
            obj.save(update_fields=fields)
            action = audit_action or self.audit_action
            if action:
                payload: dict[str, Any] = {"from": current, "to": to} if audit_states else {}
                if reason:
                    payload["reason"] = reason
                payload.update(audit_details or {})
                audit.record(actor=actor, action=action, target=obj, payload=payload)
            return current

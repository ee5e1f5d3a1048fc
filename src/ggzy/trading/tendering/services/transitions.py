"""The deadline engine: each section/contract carries ``next_check_at``; due moves happen here.

Called by the worker (``tasks.py``, ``skip_locked`` so concurrent workers share the work) and, as an explicit
step, by every write on a tender or section before it acts (``tender_apply_due``), so a service never
decides on a state that should already have moved on. Reads never call it: they compute the due state
(``selectors.section_due_status``) without writing (docs/adr/0003-no-writes-on-read.md).
Exactly once: the row is locked and its state re-checked inside the transaction before moving.
"""

from __future__ import annotations

from django.db import connection, transaction

from ggzy.core import clock

from ..models import Contract, Section
from ..states import SectionStatus
from .award import contract_flag_overdue, section_publicity_close
from .opening import section_close_bidding, section_reveal


def _lock(model, pk: int, *, skip_locked: bool):
    qs = model.objects.filter(pk=pk)
    if connection.features.has_select_for_update_skip_locked and skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",)).first()
    return qs.select_for_update(of=("self",)).first()


def section_apply_due(*, section_id: int, skip_locked: bool = False) -> bool:
    """Perform the section's due transition if any; True when something moved."""
    now = clock.now()
    with transaction.atomic():
        section = _lock(Section, section_id, skip_locked=skip_locked)
        if section is None or section.next_check_at is None or section.next_check_at > now:
            return False
        section = Section.objects.select_related("tender", "tender__procedure_type").get(pk=section.pk)
        if section.status == SectionStatus.BIDDING and now >= section.tender.tender_period_end:
            section_close_bidding(section=section)
            if section.status == SectionStatus.OPENING and now >= section.opening_window_end:
                section_reveal(section=section)
            return True
        if section.status == SectionStatus.OPENING and now >= section.opening_window_end:
            section_reveal(section=section)
            return True
        if (
            section.status == SectionStatus.PUBLICITY
            and section.publicity_end
            and now >= section.publicity_end
        ):
            section_publicity_close(section=section)
            return True
        if section.status in (SectionStatus.BIDDING, SectionStatus.OPENING, SectionStatus.PUBLICITY):
            return False  # next_check_at ahead of the real due time (e.g. deadline moved): wait
        section.next_check_at = None
        section.save(update_fields=["next_check_at"])
        return False


def tender_apply_due(*, tender_id: int) -> int:
    """The explicit step before a write on a tender or one of its sections: apply every due transition."""
    now = clock.now()
    ids = list(
        Section.objects.filter(tender_id=tender_id, next_check_at__lte=now).values_list("pk", flat=True)
    )
    return sum(section_apply_due(section_id=pk) for pk in ids)


def contract_apply_due(*, contract_id: int, skip_locked: bool = False) -> bool:
    now = clock.now()
    with transaction.atomic():
        contract = _lock(Contract, contract_id, skip_locked=skip_locked)
        if contract is None or contract.next_check_at is None or contract.next_check_at > now:
            return False
        contract_flag_overdue(contract=contract)
        return True


def apply_due_sections(*, skip_locked: bool = True) -> int:
    now = clock.now()
    ids = list(
        Section.objects.filter(next_check_at__lte=now).order_by("next_check_at").values_list("pk", flat=True)
    )
    return sum(section_apply_due(section_id=pk, skip_locked=skip_locked) for pk in ids)


def apply_due_contracts(*, skip_locked: bool = True) -> int:
    now = clock.now()
    ids = list(Contract.objects.filter(next_check_at__lte=now).values_list("pk", flat=True))
    return sum(contract_apply_due(contract_id=pk, skip_locked=skip_locked) for pk in ids)

"""Legal holds and disposal: refused during the retention period and under a hold; two different people."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.exceptions import Conflict, Forbidden
from ggzy.core.models import AuditRecord
from ggzy.hub.archives import conf
from ggzy.hub.archives.models import Archive, DisposalRequest
from ggzy.hub.archives.services import (
    disposal_approve,
    disposal_reject,
    disposal_request,
    hold_lift,
    hold_place,
)
from ggzy.parties.roles import Role
from tests.trading.tendering.conftest import make_user

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))


def after_retention(archive, clock_at):
    clock_at(dt.datetime.combine(archive.retention_until, dt.time(10), tzinfo=SH))


@pytest.mark.legal_rule("采购法42")
def test_disposal_is_refused_during_the_retention_period(archive, parties):
    """Finding: deleting before Ggzy-Retention-Until must be refused, writing nothing."""
    with pytest.raises(Conflict) as refused:
        disposal_request(actor=parties["operator"], archive=archive, reason="到期")
    assert refused.value.code == "archive_retention_running"
    assert "政府采购法第四十二条" in refused.value.message
    archive.refresh_from_db()
    assert archive.status == "stored" and not DisposalRequest.objects.exists()
    assert (conf.archive_root() / archive.path).is_dir()


def test_disposal_is_refused_under_a_legal_hold_even_after_retention(archive, parties, clock_at):
    """Finding: a legal hold blocks disposal; lifting it (audited) allows the request again."""
    operator = parties["operator"]
    hold = hold_place(actor=operator, archive=archive, reason="诉讼保全")
    after_retention(archive, clock_at)
    with pytest.raises(Conflict) as refused:
        disposal_request(actor=operator, archive=archive, reason="到期")
    assert refused.value.code == "archive_on_hold"
    hold_lift(actor=operator, archive=archive, hold_id=hold.pk, reason="判决生效")
    assert disposal_request(actor=operator, archive=archive, reason="到期").status == "pending"
    actions = set(AuditRecord.objects.filter(target_type="archives.archive").values_list("action", flat=True))
    assert {"archive.hold_placed", "archive.hold_lifted", "archive.disposal_requested"} <= actions


def test_a_hold_placed_while_disposal_is_pending_blocks_the_approval(archive, parties, clock_at):
    """Finding: approval re-checks the holds (a hold can come between request and approval)."""
    after_retention(archive, clock_at)
    disposal_request(actor=parties["operator"], archive=archive, reason="到期")
    admin = make_user("admin", Role.ADMIN, None)
    hold_place(actor=admin, archive=archive, reason="调查")
    with pytest.raises(Conflict):
        disposal_approve(actor=admin, archive=archive)
    assert (conf.archive_root() / archive.path).is_dir()


def test_disposal_needs_a_second_person_and_is_recorded(
    archive, parties, clock_at, django_capture_on_commit_callbacks
):
    """Finding: two approvals — the requester cannot approve; a second operator can; the bag is deleted, audited."""
    first = parties["operator"]
    second = make_user("operator2", Role.OPERATOR, None)
    after_retention(archive, clock_at)
    disposal_request(actor=first, archive=archive, reason="保存期满")
    with pytest.raises(Forbidden) as same:
        disposal_approve(actor=first, archive=archive)
    assert same.value.code == "disposal_same_person"
    with django_capture_on_commit_callbacks(execute=True):
        disposal_approve(actor=second, archive=archive)
    archive.refresh_from_db()
    assert archive.status == "disposed"
    assert not (conf.archive_root() / archive.path).exists()
    assert AuditRecord.objects.filter(action="archive.disposed", target_id=str(archive.pk)).exists()


def test_a_rejected_request_returns_the_archive_to_storage(archive, parties, clock_at):
    after_retention(archive, clock_at)
    disposal_request(actor=parties["operator"], archive=archive, reason="保存期满")
    disposal_reject(actor=make_user("admin", Role.ADMIN, None), archive=archive)
    assert Archive.objects.get(pk=archive.pk).status == "stored"


@pytest.mark.parametrize("who", ["buyer", "regulator", "agency"])
def test_only_keepers_place_holds_or_request_disposal(archive, parties, who):
    """Negative: readers of an archive may not hold or dispose of it."""
    with pytest.raises(Forbidden):
        hold_place(actor=parties[who], archive=archive, reason="x")
    with pytest.raises(Forbidden):
        disposal_request(actor=parties[who], archive=archive, reason="x")
    assert not archive.holds.exists()

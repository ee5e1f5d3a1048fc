"""``ggzy seed-demo`` adds published demo tenders; ``ggzy worker --once`` runs the tendering tasks."""

import datetime as dt

import pytest
from django.core.management import call_command

from ggzy.trading.tendering.models import Section, Tender

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_demo_tenders_once():
    from ggzy.portal.demo import seed_demo

    seed_demo()
    assert Tender.objects.filter(status="published").count() == 2
    assert Tender.objects.filter(status="terminated").count() == 1  # a finished demo trade for the archives
    seed_demo()
    assert Tender.objects.count() == 3


def test_worker_once_performs_due_transitions(published, clock_at):
    clock_at(DEADLINE + dt.timedelta(seconds=1))
    call_command("worker", "--once")
    assert Section.objects.get(tender=published).status == "failed"

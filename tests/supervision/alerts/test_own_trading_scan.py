"""Own trading data reaches the engine too: changed sections are queued and scanned with fingerprints."""

from __future__ import annotations

from ggzy.supervision.exchange import ocds_export
from ggzy.supervision.redflags.models import Alert, ScanRequest
from ggzy.supervision.redflags.scanning import enqueue_own_changes, scan_pending
from tests.supervision.exchange import helpers
from tests.supervision.exchange.own_trading import own_section

LEAK = {"hardwareId": "HW-SAME", "depositAccount": "6222-0001", "documentHash": "d" * 64}


def test_changed_sections_are_queued_once(world):
    section = own_section(stage="awarded")
    assert enqueue_own_changes() == 1
    assert list(ScanRequest.objects.values_list("ocid", "source")) == [
        (ocds_export.section_ocid(section), "own")
    ]
    assert enqueue_own_changes() == 0


def test_cartel_on_own_platform_raises_alerts_with_the_fingerprint_evidence(world):
    firms = [helpers.entity(f"围标公司{i}", kind="enterprise") for i in range(4)]
    base = [9_000_000, 9_090_000, 9_180_000, 9_270_000]
    for n in range(8):
        prices = base[n % 4 :] + base[: n % 4]
        own_section(stage="awarded", prices=prices, bidders=firms, fingerprint=LEAK)
    enqueue_own_changes()
    assert scan_pending() == 8
    alerts = Alert.objects.filter(subject_type="tender")
    assert alerts.count() == 8
    alert = alerts.first()
    assert list(alert.regulators.all()) == [world.works] and alert.source == "own"
    codes = {f["code"] for f in alert.flags}
    assert "GGZY-SAME-DEVICE" in codes or "GGZY-SAME-ACCOUNT" in codes

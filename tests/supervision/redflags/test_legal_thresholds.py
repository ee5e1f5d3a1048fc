"""The red-flag engine's legal thresholds come from the platform's legal rules registry (法24)."""

from __future__ import annotations

import pytest

from ggzy.core.legal_rules import rule
from ggzy.supervision.redflags.engine.config import Config
from ggzy.supervision.redflags.legal import platform_config


@pytest.mark.legal_rule("法24")
def test_platform_scan_takes_the_bid_period_from_the_registry():
    """法24: the platform's scan config carries the registry's 20 days, whatever the base config says; the
    engine's standalone default is documented as 法24 and must not drift from the registry."""
    assert platform_config().min_period_days == float(rule("法24").value) == 20.0
    assert platform_config(Config(min_period_days=3.0, high=0.9)).min_period_days == 20.0
    assert platform_config(Config(high=0.9)).high == 0.9  # other tuning is kept
    assert Config().min_period_days == float(rule("法24").value)

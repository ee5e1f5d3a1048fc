"""The legal numbers the red-flag engine applies, passed in from the platform's registry.

The engine (``engine/``) is a standalone library without Django or ggzy imports; its built-in
defaults mirror the law for the CLI (``ggzy redflags scan``). Inside the platform the scan takes the
numbers from :mod:`ggzy.core.legal_rules`, so a change there reaches the detector too.
"""

from __future__ import annotations

import dataclasses

from ggzy.core.legal_rules import rule

from .engine.config import Config

# R003: documents first issued → bid deadline shorter than the legal minimum (法24; GP 采购法35 is the same).
SHORT_PERIOD_RULE = "法24"


def platform_config(base: Config | None = None) -> Config:
    """``base`` (the engine's defaults when None) with the legal thresholds from the registry."""
    return dataclasses.replace(base or Config(), min_period_days=float(rule(SHORT_PERIOD_RULE).value))

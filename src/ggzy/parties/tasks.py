from __future__ import annotations

from .throttle import prune_login_attempts

PERIODIC_TASKS = [prune_login_attempts]

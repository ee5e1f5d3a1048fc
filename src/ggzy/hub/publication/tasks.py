from __future__ import annotations

from .feed import feed_assign_positions

# Safety net: positions are normally assigned right after commit; this catches a process that died
# between its commit and the on_commit hook.
PERIODIC_TASKS = [feed_assign_positions]

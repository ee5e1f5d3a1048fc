"""The ``ggzy`` console script: Django's management commands with friendlier names.

``ggzy serve``, ``ggzy seed-demo``, ``ggzy audit verify``, ``ggzy clock set …`` etc. map to
management commands (hyphens become underscores); anything else is passed to Django as is.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "serve"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ggzy", *args])


if __name__ == "__main__":
    main()

"""Sub-commands of the ``kpi766`` CLI: each module has ``add_parser(subparsers)`` and ``run(args)``."""

from __future__ import annotations

import argparse

from kpi import labels
from kpi.registry import PROFILES


def add_profile_argument(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """``--profile``, the scoring profile (:data:`kpi.registry.PROFILES`), as ``score`` and
    ``audit`` take it; not given: the profile of the scoring parameters."""
    parser.add_argument(
        "--profile",
        default=default,
        choices=tuple(PROFILES),
        help=labels.HELP_PROFILE,
    )

"""kpi: scoring of the Decision 766/QĐ-TTg service-quality index.

The public API, importable from the package (``kpi.points(5, 18, 20, rules=kpi.load_rules())``);
each name is loaded on first use, so that ``import kpi`` (and every ``kpi766`` command) stays
light. The scoring functions take their parameters explicitly: ``params/`` is read by the
caller (``load_rules``, ``load_units``), never inside the core:

- scoring: :func:`points`, :func:`score_period`, :class:`Scorecard`, :func:`load_rules`,
  :func:`load_units`, :func:`parse_period`;
- data: :func:`load_extract`, :func:`audit_period`;
- the national portal: :func:`read_portal`, :func:`check_portal`, :func:`reconcile`;
- scenarios: :func:`simulate`, :class:`Scenario`, :func:`goal_seek`;
- archived audits: :func:`run_audit`, :func:`verify`.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, tuple[str, str]] = {
    "points": ("kpi.scoring", "points"),
    "score_period": ("kpi.scorecard", "score_period"),
    "Scorecard": ("kpi.scorecard", "Scorecard"),
    "load_rules": ("kpi.params", "load_rules"),
    "load_units": ("kpi.params", "load_units"),
    "parse_period": ("kpi.periods", "parse_period"),
    "load_extract": ("kpi.ingest", "load_extract"),
    "audit_period": ("kpi.extracts", "audit_period"),
    "read_portal": ("kpi.portal.read", "read_folder"),
    "check_portal": ("kpi.portal.check", "check_capture"),
    "reconcile": ("kpi.portal.reconcile", "reconcile"),
    "simulate": ("kpi.whatif", "simulate"),
    "Scenario": ("kpi.whatif", "Scenario"),
    "goal_seek": ("kpi.goalseek", "goal_seek"),
    "run_audit": ("kpi.archive.runner", "run_audit"),
    "verify": ("kpi.archive.verify", "verify"),
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kpi' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

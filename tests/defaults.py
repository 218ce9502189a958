"""The parameters of ``params/``, read once for the tests: the edge the core never crosses.

``score_period`` and ``make_context`` here are the core's with these defaults filled in, so that a
test says only what it changes (``rules=…``, ``calendar=…``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpi import scorecard
from kpi.calendar import default_calendar
from kpi.params import load_rules, load_units
from kpi.periods import Period

RULES = load_rules()
UNITS = load_units()
CALENDAR = default_calendar()


def parameters(**given: Any) -> dict[str, Any]:
    """``rules``, ``units`` and ``calendar`` of ``params/``, overridden by ``given`` (where it is
    not None)."""
    defaults = {"rules": RULES, "units": UNITS, "calendar": CALENDAR}
    return {**given, **{name: given.get(name) or value for name, value in defaults.items()}}


def score_period(
    tables: dict[str, pd.DataFrame], period: Period | str, **options: Any
) -> scorecard.Scorecard:
    """:func:`kpi.scorecard.score_period` with the parameters of ``params/`` by default."""
    return scorecard.score_period(tables, period, **parameters(**options))


def make_context(
    tables: dict[str, pd.DataFrame], period: Period | str, **options: Any
) -> scorecard.Context:
    """:func:`kpi.scorecard.make_context` with the parameters of ``params/`` by default."""
    return scorecard.make_context(tables, period, **parameters(**options))

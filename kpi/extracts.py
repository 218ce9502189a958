"""Find the extract folders of a period and load them with the period's scorecard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kpi import labels, paths
from kpi.calendar import WorkCalendar, default_calendar
from kpi.errors import ExtractError
from kpi.ingest import Extract, load_extract, match_key
from kpi.params import ScoringRules, UnitsParams, load_rules, load_units
from kpi.periods import Period, parse_period
from kpi.scorecard import AGENCY, Scorecard, score_period

if TYPE_CHECKING:
    import pandas as pd


def sample_folders(period: Period | str, root: Path = paths.SAMPLE_DIR) -> list[Path]:
    """The monthly folders ``root/YYYY-MM`` of the months ``period`` touches.

    Raises
    ------
    ExtractError
        When no month of the period has a folder (Vietnamese message naming the root).
    """
    period = parse_period(period) if isinstance(period, str) else period
    folders = [root / month for month in period.months() if (root / month).is_dir()]
    if not folders:
        raise ExtractError(
            labels.NO_EXTRACT_FOR_PERIOD.format(
                period=period.label, root=root, months=", ".join(period.months())
            )
        )
    return folders


def resolve_unit(text: str, units: UnitsParams | None = None) -> str:
    """The unit code for a code, name or alias (case, accents and spacing ignored).

    Raises
    ------
    ExtractError
        When no unit matches (the message lists the known codes).
    """
    units = units or load_units()
    key = match_key(text)
    for unit in units.units:
        if key in {match_key(spelling) for spelling in (unit.code, unit.name, *unit.aliases)}:
            return unit.code
    known = ", ".join(unit.code for unit in units.units)
    raise ExtractError(labels.UNIT_NOT_FOUND.format(text=text, known=known))


@dataclass
class PeriodAudit:
    """An extract and its scorecard for one period (and optionally one unit)."""

    extract: Extract
    scorecard: Scorecard
    scope: str = AGENCY


def audit_period(
    period: Period | str,
    folders: Sequence[Path | str] | None = None,
    *,
    unit: str | None = None,
    rules: ScoringRules | None = None,
    units: UnitsParams | None = None,
    calendar: WorkCalendar | None = None,
    presence_only: bool = False,
    export_time: pd.Timestamp | str | None = None,
) -> PeriodAudit:
    """Load the extract folders of ``period`` (default: the bundled sample) and score them.

    The scores are computed as of the period's end, or as of the extract's export time when
    that is earlier (an open period). ``presence_only``: see :func:`kpi.ingest.load_extract`
    (same scores, less memory; the tables then lack the text of a result code and file).
    ``export_time`` (day first, e.g. ``05/07/2024 07:00``) replaces the manifests' and lets a
    folder without ``manifest.yaml`` be read.

    This is the notebooks' edge: ``rules``, ``units`` and ``calendar`` default to the files of
    ``params/``, read here and passed explicitly to the core.
    """
    period = parse_period(period) if isinstance(period, str) else period
    units = units or load_units()
    folders = list(folders) if folders else sample_folders(period)
    scope = resolve_unit(unit, units) if unit else AGENCY
    extract = load_extract(
        folders, units=units, presence_only=presence_only, export_time=export_time or None
    )
    scorecard = score_period(
        extract.tables,
        period,
        export_time=extract.export_time,
        rules=rules or load_rules(),
        units=units,
        calendar=calendar or default_calendar(),
    )
    return PeriodAudit(extract, scorecard, scope)

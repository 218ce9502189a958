"""``kpi766 reconcile``: the agency's own scores beside the portal's published row, line by
line, each difference with its class and the records behind it.

Exit codes: 0 (differences are findings, not failures), 2 bad input (a ``KpiError``).
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from kpi import labels
from kpi.commands.portal import number_text
from kpi.portal import messages

if TYPE_CHECKING:
    import pandas as pd

    from kpi.portal.reconcile import Reconciliation
    from kpi.scorecard import Scorecard

__all__ = ["add_parser", "run", "reconcile_table"]

RECORDS_SHOWN = 5  # record ids shown per indicator and cause in the table (all in csv/json)

SHOWN_COLUMNS = [
    "indicator", "ours_numerator", "ours_denominator", "ours_points", "portal_numerator",
    "portal_denominator", "portal_points", "points_gap", "class",
]  # fmt: skip


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``reconcile --portal DIR --period P [--data DIR…] [--entity KEY] …``."""
    parser = subparsers.add_parser(
        "reconcile",
        help=labels.RECONCILE_HELP,
        description=labels.RECONCILE_DESCRIPTION,
    )
    parser.add_argument(
        "--portal",
        required=True,
        type=Path,
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_PORTAL_FOLDER,
    )
    parser.add_argument(
        "--period", required=True, metavar=labels.METAVAR_PERIOD, help=labels.HELP_PERIOD_EXAMPLE
    )
    parser.add_argument(
        "--data",
        action="append",
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_EXTRACT_FOLDERS,
    )
    parser.add_argument(
        "--entity",
        metavar=labels.METAVAR_CODE,
        help=labels.HELP_DEPARTMENT,
    )
    parser.add_argument(
        "--captured-at",
        metavar=labels.METAVAR_TIME,
        help=labels.HELP_CAPTURED_AT,
    )
    parser.add_argument("--params", metavar=labels.METAVAR_FILE, help=labels.HELP_SCORING_PARAMS)
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help=labels.HELP_FORMAT
    )
    parser.set_defaults(run=run)


def _shown(frame: pd.DataFrame, columns: list[str]) -> str:
    shown = frame[columns].copy()
    for name in columns:
        if name == "class":
            shown[name] = shown[name].map(messages.CLASS_NAMES)
        elif name == "cause":
            shown[name] = shown[name].map(messages.CAUSE_NAMES)
        elif shown[name].dtype.kind == "f" or str(shown[name].dtype) == "Float64":
            shown[name] = [number_text(value) for value in shown[name]]
    return shown.rename(columns=messages.RECONCILE_COLUMNS).to_string(index=False)


def _record_lines(records: pd.DataFrame) -> list[str]:
    lines = []
    for (indicator, cause, effect), rows in records.groupby(
        ["indicator", "cause", "effect"], sort=True
    ):
        ids = ", ".join(rows["record_id"].head(RECORDS_SHOWN))
        more = len(rows) - RECORDS_SHOWN
        lines.append(
            messages.RECORD_LINE.format(
                indicator=indicator,
                n=len(rows),
                cause=messages.CAUSE_NAMES[cause],
                effect=effect,
                ids=ids + (messages.MORE.format(n=more) if more > 0 else ""),
            )
        )
    return lines


def reconcile_table(result: Reconciliation, scorecard: Scorecard) -> str:
    """The terminal view of a reconciliation, in Vietnamese."""
    from kpi.portal.reconcile import explanations

    entity = result.entity
    captured = (
        f"{result.captured_at:%d/%m/%Y %H:%M}"
        if result.captured_at is not None
        else messages.UNKNOWN_TIME
    )
    lines = [
        messages.RECONCILE_TITLE.format(agency=scorecard.units.agency, period=scorecard.period.label),
        messages.RECONCILE_ENTITY.format(name=entity["entity_name"], code=entity["entity_code"] or "—",
                                         id=entity["entity_id"]),
        messages.RECONCILE_TIMES.format(as_of=f"{scorecard.as_of:%d/%m/%Y %H:%M}", captured=captured),
        "",
        _shown(result.indicators, SHOWN_COLUMNS),
        "",
        messages.EXPLANATIONS,
    ]  # fmt: skip
    lines += [f"  #{code} ({kind}): {text}" for code, kind, text in explanations(result)]
    lines += [
        "",
        messages.GROUPS_5,
        _shown(
            result.groups, ["group", "name", "ours_points", "portal_points", "points_gap", "class"]
        ),
        "",
        messages.GROUPS_6,
        _shown(
            result.portal_groups,
            ["group", "name", "ours_points", "portal_points", "points_gap", "class"],
        ),
    ]
    if len(result.records):
        lines += [
            "",
            messages.RECORDS_TITLE.format(n=len(result.records)),
            *_record_lines(result.records),
        ]
    lines += ["", *[labels.NOTE.format(note=note) for note in result.notes]] if result.notes else []
    counts = ", ".join(
        f"{messages.CLASS_NAMES[name]} {n}" for name, n in result.counts().items() if n
    )
    lines += ["", messages.RECONCILE_VERDICT.format(counts=counts)]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Score the period under the portal profile, read the portal folder, reconcile, print."""
    from kpi.commands.portal import _write
    from kpi.extracts import audit_period
    from kpi.params import load_rules
    from kpi.periods import parse_period
    from kpi.portal.reconcile import display_tables, reconcile_document, reconcile_folder

    period = parse_period(args.period)
    rules = load_rules(args.params or None).with_profile("portal")
    scorecard = audit_period(period, args.data, rules=rules).scorecard
    result = reconcile_folder(
        scorecard, args.portal, entity=args.entity, captured_at=args.captured_at
    )
    if args.format == "json":
        _write(
            json.dumps(reconcile_document(result, scorecard), ensure_ascii=False, indent=2) + "\n"
        )
    elif args.format == "csv":
        buffer = io.StringIO()
        display_tables(result)["indicators"].to_csv(buffer, index=False)
        _write(buffer.getvalue())
    else:
        _write(reconcile_table(result, scorecard) + "\n")
    return 0

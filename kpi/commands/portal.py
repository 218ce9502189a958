"""``kpi766 portal``: read the portal's JSON responses and check the portal's own arithmetic.

Exit codes: 0 every published figure checked matches, 1 some score, percentage or group
total does not, 2 a file cannot be read (``PortalError``, printed by :func:`kpi.cli.main`).
Province sums that do not tie are reported, not failures (TTHC and PAKN counts are not
additive over units).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpi import labels
from kpi.portal import messages

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_parser", "run"]

MISMATCH_COLUMNS = [
    "path", "entity_name", "indicator", "numerator", "denominator", "ratio_pct", "score",
    "recomputed", "note",
]  # fmt: skip
GROUP_COLUMNS = [
    "path", "entity_name", "group", "published_total", "computed_total", "published_max",
    "computed_max", "note",
]  # fmt: skip
SUM_COLUMNS = ["path", "indicator", "field", "province", "children_sum", "difference"]
CSV_COLUMNS = [
    "path", "endpoint", "period_type", "scope", "entity_id", "entity_code", "entity_name",
    "entity_type", "is_parent", "indicator", "numerator", "denominator", "ratio_pct", "score",
    "max_points", "recomputed", "matches", "ratio_matches", "note",
]  # fmt: skip
ALL_COLUMNS = [
    "path", "entity_code", "entity_name", "indicator", "numerator", "denominator", "ratio_pct",
    "score", "max_points", "recomputed", "matches", "note",
]  # fmt: skip


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``portal --portal DIR [--format table|json|csv] [--params FILE] [--all]``."""
    parser = subparsers.add_parser("portal", help=messages.HELP, description=messages.DESCRIPTION)
    parser.add_argument(
        "--portal",
        required=True,
        type=Path,
        metavar=labels.METAVAR_FOLDER,
        help=messages.HELP_PORTAL,
    )
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help=messages.HELP_FORMAT
    )
    parser.add_argument("--params", metavar=labels.METAVAR_FILE, help=messages.HELP_PARAMS)
    parser.add_argument("--all", action="store_true", help=messages.HELP_ALL)
    parser.set_defaults(run=run)


def number_text(value: Any) -> str:
    """A count or score as people read it: whole numbers without decimals, others with 2,
    "—" when missing."""
    import pandas as pd

    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"


def _display(frame: pd.DataFrame, columns: list[str]) -> str:
    """``frame[columns]`` as a text table with Vietnamese headers; numbers as people read them."""
    import pandas as pd

    shown = frame[columns].copy()
    for name in columns:
        if name in ("matches", "ratio_matches"):
            shown[name] = [
                "—" if pd.isna(flag) else messages.MATCH_WORDS[bool(flag)]
                for flag in shown[name].astype(object)
            ]
        elif str(shown[name].dtype) in ("Float64", "float64"):
            shown[name] = [number_text(value) for value in shown[name]]
    shown = shown.astype(object).where(shown.notna(), "—")
    return shown.rename(columns=messages.COLUMNS).to_string(index=False)


def _period(value: Any) -> str:
    if not isinstance(value, str):
        return messages.UNKNOWN_PERIOD
    return messages.PERIOD_NAMES.get(value, value)


def _table(
    folder: Path,
    files: list,
    checked: pd.DataFrame,
    groups: pd.DataFrame,
    sums: pd.DataFrame,
    tally: dict[str, int],
    every_row: bool,
) -> str:
    rows_per_file = checked.groupby("path").size()
    lines = [messages.TITLE.format(folder=folder), messages.FILES.format(n=len(files))]
    lines += [
        messages.FILE_LINE.format(
            path=file.path,
            endpoint=file.endpoint,
            period=_period(file.period_type),
            scope=messages.SCOPE_NAMES.get(file.scope, file.scope),
            rows=int(rows_per_file.get(file.path, 0)),
        )
        for file in files
    ]
    groups_failed = tally["groups_checked"] - tally["groups_tied"]
    lines += [
        messages.ROWS_LINE.format(**tally),
        messages.RATIOS_LINE.format(
            checked=tally["ratios_checked"],
            tied=tally["ratios_checked"] - tally["ratio_mismatches"],
            failed=tally["ratio_mismatches"],
        ),
        messages.GROUPS_LINE.format(
            checked=tally["groups_checked"], tied=tally["groups_tied"], failed=groups_failed
        ),
        messages.SUMS_LINE.format(
            checked=tally["sums_checked"],
            tied=tally["sums_tied"],
            failed=tally["sums_checked"] - tally["sums_tied"],
        ),
    ]
    wrong = checked[(checked["matches"] == False) | (checked["ratio_matches"] == False)]  # noqa: E712
    if len(wrong):
        lines += ["", messages.MISMATCHES.format(n=len(wrong)), _display(wrong, MISMATCH_COLUMNS)]
    flags = groups[["total_matches", "max_matches", "ratio_matches"]]
    wrong_groups = groups[(flags == False).any(axis=1)]  # noqa: E712 (nullable)
    if len(wrong_groups):
        lines += [
            "",
            messages.GROUP_MISMATCHES.format(n=len(wrong_groups)),
            _display(wrong_groups, GROUP_COLUMNS),
        ]
    gaps = sums[~sums["ties"]].assign(field=lambda f: f["field"].replace(messages.COUNT_NAMES))
    if len(gaps):
        lines += ["", messages.SUM_GAPS.format(n=len(gaps)), _display(gaps, SUM_COLUMNS)]
    if every_row:
        lines += ["", messages.ALL_ROWS.format(n=len(checked)), _display(checked, ALL_COLUMNS)]
    lines += ["", _verdict(tally)]
    return "\n".join(lines)


def _verdict(tally: dict[str, int]) -> str:
    return (
        messages.SOME_FAIL.format(n=tally["failures"]) if tally["failures"] else messages.ALL_MATCH
    )


def _write(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) ends the output quietly."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # later flushes must not fail again
        os.dup2(devnull, sys.stdout.fileno())


def run(args: argparse.Namespace) -> int:
    """Read ``args.portal``, run the checks and print them; 0 all match, 1 some do not."""
    from kpi.params import load_rules
    from kpi.portal.check import check_capture, group_checks, portal_json, sum_checks, summary
    from kpi.portal.read import read_folder

    rules = load_rules(args.params) if args.params else load_rules()
    capture = read_folder(args.portal)
    checked = check_capture(capture, rules)
    groups = group_checks(capture, rules)
    sums = sum_checks(capture)
    tally = summary(checked, groups, sums)
    if args.format == "json":
        document = portal_json(capture, checked, groups, sums)
        _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        buffer = io.StringIO()
        checked[CSV_COLUMNS].rename(columns=messages.COLUMNS).to_csv(buffer, index=False)
        _write(buffer.getvalue())
    else:
        _write(_table(args.portal, capture.files, checked, groups, sums, tally, args.all) + "\n")
    if tally["failures"] and args.format != "table":
        print(_verdict(tally), file=sys.stderr)
    return 1 if tally["failures"] else 0

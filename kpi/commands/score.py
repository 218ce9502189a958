"""``kpi766 score``: the scorecard of a period in the terminal, as CSV or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import pandas as pd

from kpi import labels
from kpi.commands import add_profile_argument
from kpi.commands.check import (
    add_engine_arguments,
    add_export_time_argument,
    add_strict_argument,
    strict_exit,
)
from kpi.params import load_rules
from kpi.registry import PROFILE_NAMES
from kpi.report.document import score_json
from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import round_half_up


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("score", help=labels.SCORE_DESCRIPTION)
    parser.add_argument(
        "--data",
        action="append",
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_EXTRACT_FOLDERS,
    )
    parser.add_argument(
        "--period",
        required=True,
        metavar=labels.METAVAR_PERIOD,
        help=labels.HELP_PERIOD_FORMS,
    )
    parser.add_argument("--unit", metavar=labels.METAVAR_UNIT, help=labels.HELP_SCORE_UNIT)
    parser.add_argument("--params", metavar=labels.METAVAR_FILE, help=labels.HELP_SCORING_PARAMS)
    add_profile_argument(parser)
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help=labels.HELP_FORMAT
    )
    add_strict_argument(parser)
    add_export_time_argument(parser)
    add_engine_arguments(parser)
    parser.set_defaults(run=run)


def _display(scorecard: Scorecard, scope: str) -> pd.DataFrame:
    rows = scorecard.scope(scope)
    return pd.DataFrame(
        {
            labels.COLUMNS["code"]: rows["code"],
            labels.COLUMNS["name"]: rows["name"],
            labels.COLUMNS["numerator"]: rows["numerator"],
            labels.COLUMNS["denominator"]: rows["denominator"],
            labels.COLUMNS["ratio"]: round_half_up(rows["ratio"] * 100),
            labels.COLUMNS["points"]: round_half_up(rows["points"]),
            labels.COLUMNS["max_points"]: rows["max_points"],
            labels.COLUMNS["status"]: rows["status"].map(labels.STATUS),
        }
    )


def _table(scorecard: Scorecard, scope: str, quality: Sequence[str] = ()) -> str:
    total = scorecard.total(scope)
    names = scorecard.units.unit_names()
    who = scorecard.units.agency if scope == AGENCY else names.get(scope, scope)
    frame = _display(scorecard, scope)
    frame[labels.COLUMNS["name"]] = frame[labels.COLUMNS["name"]].str.slice(0, 60)
    lines = [
        labels.SCORE_HEADING.format(who=who, period=scorecard.period.label, as_of=scorecard.as_of),
        labels.SCORE_TOTAL.format(
            points=round_half_up(total["points"]),
            max_applicable=total["max_applicable"],
            share_pct=total["share_pct"],
            band=total["band"],
        ),
        labels.SCORE_PROFILE.format(profile=PROFILE_NAMES[scorecard.rules.profile]),
        *quality,
        "",
        frame.to_string(index=False, na_rep="—"),
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from kpi.extracts import audit_period  # ingest (pandera, pyarrow): only when scoring
    from kpi.ingest import quality_report
    from kpi.ingest.report import use_color

    rules = load_rules(args.params or None).with_profile(args.profile)
    # Only scores are printed: result codes and files are read as given / missing.
    if args.engine == "dask":
        from kpi.distributed import audit_dataset

        audit = audit_dataset(
            args.period,
            args.data,
            unit=args.unit,
            rules=rules,
            scheduler=args.scheduler,
            partition_size=args.partition_size,
            export_time=args.export_time,
        )
    else:
        audit = audit_period(
            args.period,
            args.data,
            unit=args.unit,
            rules=rules,
            presence_only=True,
            export_time=args.export_time,
        )
    scorecard, scope = audit.scorecard, audit.scope
    quality = quality_report(audit.extract)
    if args.format == "json":
        document = score_json(scorecard, scope, quality.as_json())
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
        # The counts are in the document; the warnings also go to the terminal.
        for line in quality.lines(color=use_color(sys.stderr))[1:]:
            print(line, file=sys.stderr)
    elif args.format == "csv":
        _display(scorecard, scope).to_csv(sys.stdout, index=False)
        sys.stdout.flush()
        for line in quality.lines(color=use_color(sys.stderr)):  # stdout stays pure CSV
            print(line, file=sys.stderr)
    else:
        print(_table(scorecard, scope, quality.lines(color=use_color(sys.stdout))))
    return strict_exit(quality, args.strict)

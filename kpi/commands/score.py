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
    parser = subparsers.add_parser(
        "score", help="Chấm điểm 21 chỉ số của một kỳ cho toàn cơ quan và từng đơn vị."
    )
    parser.add_argument(
        "--data",
        action="append",
        metavar="THƯ_MỤC",
        help="thư mục trích xuất (lặp lại cho nhiều tháng); mặc định: dữ liệu mẫu",
    )
    parser.add_argument(
        "--period",
        required=True,
        metavar="KỲ",
        help="2024-06, 2024-Q2, 2024-H1, 2024 hoặc 2024-06-01..2024-06-20",
    )
    parser.add_argument(
        "--unit", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị (mặc định: toàn cơ quan)"
    )
    parser.add_argument("--params", metavar="TỆP", help="tệp tham số chấm điểm (scoring.yaml)")
    add_profile_argument(parser)
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="định dạng kết quả"
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
        f"{who} — kỳ {scorecard.period.label}, tính đến {scorecard.as_of:%d/%m/%Y %H:%M}",
        f"Tổng điểm: {round_half_up(total['points']):.2f}/{total['max_applicable']:g} "
        f"({total['share_pct']:.2f} %) — xếp loại: {total['band']}",
        f"Bộ quy tắc chấm điểm: {PROFILE_NAMES[scorecard.rules.profile]}",
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

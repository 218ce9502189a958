"""``kpi766 check``: load an extract and report what was read, used, quarantined and found.

Exit 0 when the extract is usable (even with quarantined rows); a fatal problem raises
``ExtractError`` (exit 2, one Vietnamese message from the dispatcher, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``check`` with ``--data DIR`` (repeatable) and ``--format table|json``."""
    parser = subparsers.add_parser(
        "check",
        help="kiểm tra một trích xuất dữ liệu",
        description="Đọc và kiểm tra trích xuất: số dòng đọc, sử dụng, cách ly và các phát hiện.",
    )
    parser.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="THƯ_MỤC",
        help="thư mục trích xuất (lặp lại cho nhiều tháng; bản xuất sau cùng được ưu tiên)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="định dạng kết quả (mặc định: table)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load ``args.data`` and print the report; 0 when the extract is usable."""
    from kpi.ingest import load_extract, report_json, report_text  # heavy: only here

    extract = load_extract(args.data)
    if args.format == "json":
        sys.stdout.write(json.dumps(report_json(extract), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report_text(extract) + "\n")
    return 0

"""``kpi766 check``: load an extract and report what was read, used, quarantined and found.

Exit 0 when the extract is usable (even with quarantined rows); a fatal problem raises
``ExtractError`` (exit 2, one Vietnamese message from the dispatcher, no traceback). With
``--strict``, a load above the warning thresholds of ``params/mapping.yaml`` (``quality``)
exits 2 too, after the report.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpi.ingest import QualityReport

__all__ = ["add_export_time_argument", "add_parser", "add_strict_argument", "run", "strict_exit"]
STRICT_EXIT = 2


def add_strict_argument(parser: argparse.ArgumentParser) -> None:
    """``--strict``: exit 2 when the load crosses a warning threshold."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="thoát với mã 2 khi dữ liệu vượt ngưỡng cảnh báo (tỷ lệ cách ly, bảng bắt buộc "
        "rỗng; ngưỡng trong params/mapping.yaml, mục quality)",
    )


def add_export_time_argument(parser: argparse.ArgumentParser) -> None:
    """``--export-time``: the export time, day first; replaces the manifests' and makes a
    missing ``manifest.yaml`` not fatal."""
    parser.add_argument(
        "--export-time",
        metavar="NGÀY_GIỜ",
        help="thời điểm trích xuất, ngày trước (ví dụ 05/07/2024 07:00); thay cho manifest.yaml "
        "và cho phép thư mục không có manifest.yaml",
    )


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine pandas|dask``, ``--scheduler``, ``--partition-size``: score or check a
    partitioned dataset (``kpi766 synth --partitioned``) on a Dask cluster."""
    parser.add_argument(
        "--engine",
        choices=("pandas", "dask"),
        default="pandas",
        help="pandas: trong bộ nhớ (mặc định); dask: tập dữ liệu phân mảnh "
        "(một thư mục, kpi766 synth --partitioned) trên cụm Dask",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ĐỊA_CHỈ",
        help="địa chỉ bộ lập lịch Dask (mặc định: khởi động cụm cục bộ)",
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=100_000,
        metavar="SỐ_DÒNG",
        help="số hồ sơ mỗi phần việc: giới hạn bộ nhớ của mỗi worker (mặc định 100000)",
    )


def strict_exit(quality: QualityReport, strict: bool) -> int:
    """The exit code: 2 under ``--strict`` when ``quality`` has a warning (said on stderr),
    else 0."""
    from kpi.ingest import messages

    if strict and quality.warnings:
        print(messages.STRICT_FAILED, file=sys.stderr)
        return STRICT_EXIT
    return 0


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
    parser.add_argument(
        "--details",
        metavar="TỆP.parquet",
        help="ghi danh sách đầy đủ các dòng bị cách ly và phát hiện (mỗi dòng một bản ghi) "
        "vào tệp Parquet; màn hình chỉ tóm tắt theo vấn đề khi danh sách dài",
    )
    add_strict_argument(parser)
    add_export_time_argument(parser)
    add_engine_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load ``args.data`` and print the report; 0 when the extract is usable (2 under
    ``--strict`` when it crosses a warning threshold)."""
    # heavy: only here
    from kpi.ingest import load_extract, quality_report, report_json, report_text
    from kpi.ingest.report import use_color

    if args.engine == "dask":
        from kpi.distributed import check_dataset

        extract = check_dataset(
            args.data,
            scheduler=args.scheduler,
            partition_size=args.partition_size,
            export_time=args.export_time,
        ).extract
    else:
        extract = load_extract(args.data, export_time=args.export_time)
    quality = quality_report(extract)
    if args.details:
        from kpi.ingest.report import write_issue_details

        write_issue_details(extract, args.details)
    if args.format == "json":
        document = {**report_json(extract), "quality": quality.as_json()}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        lines = quality.lines(color=use_color(sys.stdout))
        sys.stdout.write(report_text(extract) + "\n\n" + "\n".join(lines) + "\n")
    return strict_exit(quality, args.strict)

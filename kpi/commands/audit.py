"""``kpi766 audit``: execute the audit notebook for a period and archive the run."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kpi.commands import add_profile_argument
from kpi.commands.check import add_export_time_argument

DEFAULT_PERIOD = "2024-06"  # a month of the bundled sample


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit", help="Chạy sổ tay đánh giá của một kỳ và lưu hồ sơ đánh giá (có SHA-256)."
    )
    parser.add_argument(
        "--period",
        default=DEFAULT_PERIOD,
        metavar="KỲ",
        help=f"kỳ đánh giá (mặc định {DEFAULT_PERIOD}, dữ liệu mẫu); previous-month = tháng "
        "trước tháng hiện tại (cho lịch chạy hằng tháng)",
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="THƯ_MỤC",
        help="thư mục trích xuất (lặp lại cho nhiều tháng); mặc định: dữ liệu mẫu",
    )
    add_profile_argument(parser, default="")
    parser.add_argument("--unit", default="", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị")
    parser.add_argument("--params", default="", metavar="TỆP", help="tệp tham số chấm điểm")
    parser.add_argument(
        "--compare",
        default="auto",
        metavar="KỲ",
        help='kỳ so sánh ("auto" = kỳ liền trước, "" = không so sánh)',
    )
    parser.add_argument(
        "--out",
        default=None,
        metavar="THƯ_MỤC",
        help="thư mục gốc của các lần chạy (mặc định outputs/)",
    )
    parser.add_argument(
        "--portal",
        default=None,
        metavar="THƯ_MỤC",
        help="thư mục phản hồi của Cổng DVCQG cho kỳ này, để đối chiếu (mặc định "
        "với dữ liệu mẫu: data/sample-portal/<kỳ> nếu có)",
    )
    parser.add_argument(
        "--copy-inputs",
        action="store_true",
        help="sao chép dữ liệu trích xuất (cả kỳ so sánh) và thư mục Cổng DVCQG "
        "vào hồ sơ (inputs/), để verify --rerun chạy lại được khi thư mục "
        "gốc đã chuyển đi",
    )
    parser.add_argument(
        "--all-units",
        action="store_true",
        help="đánh giá toàn cơ quan rồi từng đơn vị, mỗi lần một hồ sơ riêng; "
        "cập nhật trang danh mục index.html",
    )
    add_export_time_argument(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="thoát với mã 2 khi dữ liệu đáng cảnh báo (tỷ lệ cách ly vượt ngưỡng, "
        "bảng bắt buộc không có dòng dùng được)",
    )
    parser.set_defaults(run=run)


def resolve_period(text: str, today: dt.date | None = None) -> str:
    """``previous-month`` → the month before ``today`` (``YYYY-MM``); any other text as given.

    >>> resolve_period("previous-month", dt.date(2026, 1, 15))
    '2025-12'
    """
    if text != "previous-month":
        return text
    today = today or dt.date.today()
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def portal_folder(given: str | None, period: str, own_data: bool) -> str:
    """The portal folder to reconcile with: the one given ("" = none); by default, with the
    bundled sample, ``data/sample-portal/<period>`` when it exists."""
    from kpi import paths

    if given is not None:
        return given
    sample = paths.DATA_DIR / "sample-portal" / period
    return str(sample) if not own_data and sample.is_dir() else ""


def run(args: argparse.Namespace) -> int:
    from kpi import paths
    from kpi.archive.index import write_index
    from kpi.archive.runner import (  # papermill: only here
        run_all_units,
        run_audit,
        validate_parameters,
    )
    from kpi.errors import KpiError
    from kpi.params import load_rules

    if args.all_units and args.unit:
        raise KpiError("Không dùng --unit cùng với --all-units (--all-units chạy mọi đơn vị).")
    period = resolve_period(args.period)
    parameters = validate_parameters(
        {
            "period": period,
            "data_dirs": list(args.data),
            "params_file": args.params,
            "unit": args.unit,
            "compare_period": args.compare,
            # recorded resolved, so that the manifest names the profile the scores used
            "profile": args.profile or load_rules(args.params or None).profile,
            "portal_dir": portal_folder(args.portal, period, bool(args.data)),
            "export_time": args.export_time or "",
        }
    )
    out_root = Path(args.out) if args.out is not None else paths.OUTPUTS_DIR
    color = sys.stdout.isatty()
    if not args.all_units:
        run_dir = run_audit(parameters, out_root=out_root, copy_inputs=args.copy_inputs)
        lines, warned = summary_lines(run_dir, color=color)
        print("\n".join(lines))
        print(f"Trang danh mục hồ sơ: {write_index(out_root)}")
        return 2 if warned and args.strict else 0

    def started(number: int, total: int, unit: str) -> None:
        print(f"[{number}/{total}] Đánh giá {unit or 'toàn cơ quan'}…", file=sys.stderr, flush=True)

    results = run_all_units(
        parameters, out_root=out_root, copy_inputs=args.copy_inputs, on_start=started
    )
    any_warning = False
    for result in results:
        scope = result.unit or "toàn cơ quan"
        if result.run_dir is None:
            print(f"Lỗi — {scope}: {result.error}")
            continue
        lines, warned = summary_lines(result.run_dir, color=color)
        any_warning |= warned
        print(f"— {scope} —\n" + "\n".join(lines))
    failed = [result.unit or "toàn cơ quan" for result in results if result.run_dir is None]
    print(
        f"Đã chạy {len(results) - len(failed)}/{len(results)} lần đánh giá"
        + (f"; lỗi: {', '.join(failed)}." if failed else ".")
    )
    print(f"Trang danh mục hồ sơ: {write_index(out_root)}")
    if failed:
        return 1
    return 2 if any_warning and args.strict else 0


def summary_lines(run_dir: Path, *, color: bool = False) -> tuple[list[str], bool]:
    """What the terminal shows after an audit, read from the run's own files: the folder,
    total and band, the rows used and quarantined, the data warnings (red when ``color``), and
    the manifest's SHA-256 (the value to write in a register). Second item: any warning."""
    from kpi.archive.files import MANIFEST_NAME, sha256_file

    lines = [f"Đã lưu hồ sơ đánh giá: {run_dir}"]
    document_path = run_dir / "scorecard.json"
    warnings: list[str] = []
    if document_path.is_file():
        document = json.loads(document_path.read_text(encoding="utf-8"))
        total = float(document["total"])
        lines.append(
            f"Tổng điểm: {total:.2f}/{document['max_applicable']:g} — xếp loại: "
            f"{document['band']} (kỳ {document['period']}, bộ quy tắc {document['profile']})"
        )
        quality = document.get("quality") or {}
        if "rows_read" in quality:
            lines.append(
                f"Dữ liệu: {quality['rows_read']} dòng đọc vào — {quality['rows_used']} dùng, "
                f"{quality['rows_quarantined']} cách ly, {quality['rows_superseded']} thay thế"
                + (
                    f"; {quality['findings']} phát hiện"
                    if quality.get("findings") is not None
                    else ""
                )
            )
        warnings = list(quality.get("warnings") or [])
    red, reset = ("\033[31m", "\033[0m") if color else ("", "")
    lines += [f"{red}Cảnh báo: {text}{reset}" for text in warnings]
    manifest = run_dir / MANIFEST_NAME
    if manifest.is_file():
        lines.append(f"SHA-256 của {MANIFEST_NAME} (ghi vào sổ theo dõi): {sha256_file(manifest)}")
    return lines, bool(warnings)

"""Every Vietnamese user-facing string that is not a domain name, keyed in English.

The presentation (tables, charts, sentences of the report and notebooks), the command line
(argparse's own texts, descriptions, help, messages), the reasons a record does not count
(``kpi.rules``) and the errors of the core. A text used in several places is one constant;
templates are filled with ``str.format``. Indicator, group and column names live in
:mod:`kpi.registry` and :mod:`kpi.columns`; the messages of reading extracts, of the national
portal and of the run manifest in :mod:`kpi.ingest.messages`, :mod:`kpi.portal.messages` and
:mod:`kpi.archive.files`. ``tests/test_labels.py`` fails on a Vietnamese literal elsewhere.
"""

from __future__ import annotations

import pandas as pd

# Words and headers shared by several tables, sentences and modules (one constant each)
INDICATOR = "Chỉ số"
GROUP = "Nhóm"
SCOPE = "Phạm vi"
PERIOD = "Kỳ"
AS_OF = "Tính đến"
TOTAL = "Tổng điểm"
POINTS = "Điểm"
MAX_POINTS = "Điểm tối đa"
APPLICABLE_MAX_POINTS = "Điểm tối đa áp dụng"
NUMERATOR = "Tử số"
TARGET_PCT = "Chỉ tiêu (%)"
RATIO_PCT = "Tỷ lệ (%)"
STATUS_HEADER = "Trạng thái"
UNIT = "Đơn vị"
CHANGE = "Thay đổi"
BAND = "Xếp loại"
UP = "tăng"
DOWN = "giảm"
UNCHANGED = "không đổi"
QUARANTINED = "Cách ly"
KPI_SET = "Bộ chỉ số 766"
AUDIT_TITLE = KPI_SET + " — {scope} — kỳ {period}"
# Alternative text of the report's charts (audit.html): their figures are in the tables beside.
CHART_ALT = "Biểu đồ; các số liệu của biểu đồ có trong bảng cùng mục"

COLUMNS: dict[str, str] = {
    "scope": SCOPE,
    "code": INDICATOR,
    "group": GROUP,
    "name": "Tên chỉ số",
    "numerator": NUMERATOR,
    "denominator": "Mẫu số",
    "ratio": RATIO_PCT,
    "ratio_pct": RATIO_PCT,
    "target": TARGET_PCT,
    "target_pct": TARGET_PCT,
    "max_points": MAX_POINTS,
    "applicable_max_points": APPLICABLE_MAX_POINTS,
    "points": POINTS,
    "points_lost": "Điểm bị mất",
    "status": STATUS_HEADER,
    "unit": "Mã đơn vị",
    "unit_name": UNIT,
    "record_type": "Loại bản ghi",
    "record_id": "Mã bản ghi",
    "counted": "Được tính",
    "reason": "Lý do không đạt",
    "responsible_unit": "Đơn vị chịu trách nhiệm",
    "coordinator": "Đơn vị theo dõi, tổng hợp",
    "deliverable": "Kết quả thực hiện",
    "frequency": "Thời gian thực hiện",
    "procedure_code": "Mã TTHC",
    "procedure_name": "Tên TTHC",
    "decision_id": "Quyết định công bố",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Ngày kết thúc",
    "sent_at": "Ngày gửi",
    "transferred_at": "Ngày chuyển đến",
    "dossier_status": "Trạng thái hồ sơ",
    "record_status": STATUS_HEADER,
    "channel": "Kênh",
    "weight": "Số DVC",
    "credit": "Số DVC được tính",
    "n_records": "Số bản ghi",
    "n_not_counted": "Số bản ghi không đạt",
    "share_pct": "Tỷ trọng (%)",
    "top_reason": "Lý do chính",
    "indicator": INDICATOR,
    "n_finished": "Số hồ sơ hoàn thành",
    "average_working_days": "Thời gian giải quyết bình quân (ngày làm việc)",
    "n_dossiers": "Số hồ sơ",
    "table": "Bảng",
    "file": "Tệp",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "rows_read": "Số dòng đọc",
    "rows_used": "Sử dụng",
    "rows_quarantined": QUARANTINED,
    "period": PERIOD,
    "points_before": "Điểm kỳ so sánh",
    "points_after": "Điểm kỳ này",
    "change": CHANGE,
    "total": TOTAL,
    "band": BAND,
}

STATUS: dict[str, str] = {
    "scored": "Có điểm",
    "zero_denominator": "Mẫu số bằng 0",
    "no_data": "Không có dữ liệu",
    "not_applicable": "Không áp dụng",
    "flat": "Điểm cố định (Cổng DVCQG)",
}

STATUS_HELP: dict[str, str] = {
    "scored": "tính từ tử số và mẫu số của kỳ: điểm = điểm tối đa × min(1, tỷ lệ / chỉ tiêu).",
    "zero_denominator": "trong kỳ không có hồ sơ, TTHC hoặc PAKN nào thuộc đối tượng của chỉ số; "
    "điểm theo quy tắc mẫu số bằng 0 của chỉ số (dưới đây).",
    "no_data": "thiếu bảng dữ liệu cần để tính (ví dụ chưa có danh sách quyết định công bố "
    "TTHC): chỉ số không có điểm và toàn bộ điểm tối đa của nó tính là bị mất.",
    "not_applicable": "chỉ số không áp dụng cho phạm vi này: không tính vào điểm tối đa áp dụng.",
    "flat": "Cổng DVCQG cho đủ điểm cố định, không tính từ hồ sơ (bộ quy tắc theo Cổng DVCQG).",
}

ZERO_DENOMINATOR_POLICY: dict[str, str] = {
    "no_score": "không có điểm, điểm tối đa tính là bị mất (không có gì để chứng minh đạt)",
    "zero": "0 điểm, điểm tối đa tính là bị mất",
    "max": "đủ điểm tối đa (không có gì phải xử lý nên không bị trừ)",
}

TABLE_NAMES: dict[str, str] = {
    "procedures": "TTHC",
    "announcements": "Quyết định công bố TTHC",
    "dossiers": "Hồ sơ",
    "feedback": "PAKN",
    "national_counts": "Số liệu từ Cổng DVCQG",
}

RECORD_TYPES: dict[str, str] = {
    "dossier": "Hồ sơ",
    "procedure": "TTHC",
    "feedback": "PAKN",
    "announcement": "TTHC",
}

CHANNELS: dict[str, str] = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
CHANNEL_CODES: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính"}

DOSSIER_STATUS: dict[str, str] = {
    "submitted": "Chờ tiếp nhận",
    "received": "Đã tiếp nhận",
    "processing": "Đang xử lý",
    "supplement_requested": "Chờ bổ sung",
    "done": "Đã xử lý xong",
    "returned": "Đã trả kết quả",
    "rejected": "Từ chối",
    "stopped": "Dừng xử lý",
    "withdrawn": "Công dân rút hồ sơ",
}
PROCEDURE_STATUS: dict[str, str] = {
    "published": "Đã công khai",
    "published_amended": "Đã công khai (sửa đổi)",
    "abolished": "Đã bãi bỏ",
    "unpublished": "Chưa công khai",
}
RECORD_STATUS: dict[str, str] = {**DOSSIER_STATUS, **PROCEDURE_STATUS}

AGENCY = "Toàn cơ quan"
COUNTED_YES = "Có"
COUNTED_NO = "Không"


def headers(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its columns renamed to their Vietnamese headers (unknown ones kept)."""
    return frame.rename(columns=COLUMNS)


# Presentation: tables, sentences and charts of the report (kpi.report.present)
ISSUE_COUNT = "Số dòng"
ISSUE_FIRST_ROWS = "Dòng đầu"
ISSUE_FIRST_VALUE = "Giá trị (đầu tiên)"
MISSING_NOTE = "—: không có giá trị (chỉ số không có điểm, mẫu số bằng 0 hoặc thiếu dữ liệu)."
NO_ROWS = "Không có dòng nào."
TABLE_REPR = "<Bảng {rows} dòng × {columns} cột>"
ZERO_DENOMINATOR_CODES = "chỉ số {codes}: {policy}"
ZERO_DENOMINATOR_LEGEND = "- Khi mẫu số bằng 0 (theo tham số chấm điểm): {zero}."
STATUS_LEGEND_TITLE = "**Chú giải trạng thái**\n\n"
SHARE_EARNED_PCT = "Tỷ lệ đạt (%)"
GROUP_NAME = "Tên nhóm"
ROWS_SUPERSEDED = "Thay bằng bản mới hơn"
DRILLDOWN_TITLE = "Chỉ số {code}. {name} — mất {lost:.2f} điểm; {n_failing} bản ghi không đạt; kết quả thực hiện: {deliverable} ({frequency})"
DRILLDOWN_TITLE_STATUS = "{title}; trạng thái: {status}"
COLLAPSIBLE_REPR = "<Mục thu gọn: {title}>"
FOLLOW_UP_SECTION_TITLE = "{unit} — {n_records} bản ghi không đạt ở {n_indicators} chỉ số"
FOLLOW_UP_SHOWN = (
    "Chỉ hiện {shown} bản ghi đầu trong {total} của đơn vị này; danh sách đầy đủ: thư mục "
    "evidence/ của hồ sơ đánh giá (Parquet)."
)
POPULATION = "Mẫu số (tập hợp tính)"
ZERO_DENOMINATOR_RULE = "Khi mẫu số bằng 0"
BAND_FROM_PCT = "Từ (% điểm tối đa áp dụng)"
AGENCY_HEADER = "Cơ quan"
EVALUATED_PERIOD = "Kỳ đánh giá"
PROFILE = "Bộ quy tắc chấm điểm"
BAND_THRESHOLDS = "Ngưỡng xếp loại"
LARGEST_LOSSES = "Mất nhiều điểm nhất"
WEAKEST_UNITS = "Đơn vị yếu nhất"
DATA = "Dữ liệu"
CHANGE_SINCE = "{direction} {change:.2f} điểm so với kỳ {compare_period} ({previous_points:.2f})"
DATA_ROWS_SUMMARY = "{rows_read} dòng đọc vào, {rows_used} dùng, {rows_quarantined} cách ly"
GROUP_TITLE = "Nhóm {group}. {name}"
ITEM = "Mục"
CONTENT = "Nội dung"
UNIT_SHARE_OF_MAX = "Đơn vị (% điểm tối đa của chỉ số)"
RECORD_KIND = "Loại"
NOW_COUNTED_OF_TOTAL = "Hiện đạt / tổng"
HEADROOM = "Có thể thêm tối đa"
GAIN_AT_FULL = "Điểm tăng tối đa"
POINTS_PER_100_RECORDS = "Điểm / 100 bản ghi"
EXTRA_ALONE = "Cần thêm (riêng chỉ số này)"
STEP = "Bước"
EXTRA_NEEDED = "Cần thêm"
GAIN = "Điểm tăng"
TOTAL_AFTER_STEP = "Tổng điểm sau bước"
CHART_REPR = "<Biểu đồ {kind}: {caption}>"
GROUPS_CHART_TITLE = "Điểm theo nhóm chỉ số — {scope}, kỳ {period}"
POINTS_EARNED = "Điểm đạt"
UNIT_HEATMAP_TITLE = "Đơn vị × chỉ số, kỳ {period}"
SHARE_OF_MAX_EARNED = "% điểm tối đa đạt được"
POINTS_NOW = "Điểm hiện tại"
POINTS_UNDER_SCENARIO = "Điểm theo kịch bản"
GROUP_COLUMN = "Nhóm {group}"
POINTS_AT_EXTRACTION = "Điểm đến thời điểm trích xuất"
POINTS_AT_PERIOD_END = "Điểm cuối kỳ nếu không xử lý thêm"

# The verdict and the conclusion (kpi.report.narrative)
VERDICT_BOX_TITLE = "Kết luận nhanh — {scope}, kỳ {period}"
NO_COMPARISON_DATA = "Không có dữ liệu kỳ so sánh."
POINTS_AMOUNT = "{change:.2f} điểm"
CHANGE_SENTENCE = "So với kỳ {compare_period}: {direction} ({previous_points:.2f} → {points:.2f})."
DATA_QUALITY_SUMMARY = "{used} dòng được sử dụng, {quarantined} dòng bị cách ly (trên {read} dòng đọc vào; chi tiết ở mục 1)."
BAND_SCALE = "Thang xếp loại"
BAND_SCALE_NOTE = "{bands} (theo tỷ lệ % điểm tối đa áp dụng)"
LOSS_ITEM = "{name} (mất {lost:.2f} điểm)"
WEAKEST_UNITS_LONG = "Đơn vị có tỷ lệ điểm thấp nhất"
DATA_QUALITY = "Chất lượng dữ liệu"
VERDICT_HEADLINE = (
    "Tổng điểm <b>{points:.2f}/{max_applicable:g}</b> ({share_pct:.2f} %) — xếp loại <b>{band}</b>"
)
CONCLUSION_TOTAL = "**{scope}** đạt **{points:.2f}/{max_applicable:g} điểm** ({share_pct:.2f} %) trong kỳ {period}, xếp loại **{band}**."
POINTS_AMOUNT_SPACED = " {change:.2f} điểm"
CONCLUSION_CHANGE = "So với kỳ {period}, tổng điểm {direction}{amount}."
CONCLUSION_PRIORITIES = "Cần ưu tiên khắc phục: {items}."
CONCLUSION_WEAKEST_UNITS = "Các đơn vị có tỷ lệ điểm thấp nhất: {names}."

# Widgets of the notebooks (kpi.report.widgets)
POLICY_NO_SCORE = "Không chấm điểm"
POLICY_ZERO = "0 điểm"
EXTRA_ON_TIME_DOSSIERS = "+ hồ sơ đúng hạn"
EXTRA_ONLINE_PCT = "+ % nộp trực tuyến"
EXTRA_ON_TIME_FEEDBACK = "+ PAKN đúng hạn"
EXTRA_COUNTED_RECORDS = "+ bản ghi đạt của chỉ số chọn"
GOAL_BAND = "xếp loại {band}"
GOAL_FULL_POINTS = "điểm tối đa"
GOAL_SEEK_SENTENCE = (
    "Để đạt {goal} ({target:.2f} điểm), từ {now:.2f} điểm: cần thêm ít nhất {needed:.2f} điểm."
)
BAND_OPTION = "Xếp loại {band}"
GOAL = "Mục tiêu"

# Notebook glue (kpi.report.notebook)
NOTEBOOK_SUBTITLE = "**{who}** — kỳ **{period}** ({start:%d/%m/%Y}–{end:%d/%m/%Y}), tính đến {as_of:%d/%m/%Y %H:%M}; trích xuất: {sources}; bộ quy tắc chấm điểm: {profile}."
NOTEBOOK_INDICATOR_NOTE = "- **Chỉ số {code}** ({kind}): {text}"

# The command line (kpi.cli, kpi.commands): descriptions, metavariables, help, messages
# argparse's own messages, in Vietnamese (kpi.cli installs them as argparse's gettext)
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số vị trí",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần đúng một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (kiểu %(type)s)",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s không rõ, có thể là: %(matches)s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "giá trị %r bị bỏ qua",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (chọn: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}  # fmt: skip

CLI_DESCRIPTION = "Kiểm tra, chấm điểm và lập hồ sơ đánh giá Bộ chỉ số 766 (QĐ 766/QĐ-TTg)."
METAVAR_COMMAND = "LỆNH"
ERROR_PREFIX = "Lỗi: {error}"

# kpi766 (shared options)
HELP_PROFILE = "bộ quy tắc chấm điểm: portal (theo Cổng DVCQG, mặc định của params/scoring.yaml) hoặc decision (QĐ 766, cách đọc năm 2022)"

# kpi766 score, and the metavariables and help the other commands share
SCORE_DESCRIPTION = "Chấm điểm 21 chỉ số của một kỳ cho toàn cơ quan và từng đơn vị."
METAVAR_FOLDER = "THƯ_MỤC"
HELP_EXTRACT_FOLDERS = "thư mục trích xuất (lặp lại cho nhiều tháng); mặc định: dữ liệu mẫu"
METAVAR_PERIOD = "KỲ"
HELP_PERIOD_FORMS = "2024-06, 2024-Q2, 2024-H1, 2024 hoặc 2024-06-01..2024-06-20"
METAVAR_UNIT = "ĐƠN_VỊ"
HELP_SCORE_UNIT = "mã hoặc tên đơn vị (mặc định: toàn cơ quan)"
METAVAR_FILE = "TỆP"
HELP_SCORING_PARAMS = "tệp tham số chấm điểm (scoring.yaml)"
HELP_FORMAT = "định dạng kết quả"
SCORE_HEADING = "{who} — kỳ {period}, tính đến {as_of:%d/%m/%Y %H:%M}"
SCORE_TOTAL = "Tổng điểm: {points:.2f}/{max_applicable:g} ({share_pct:.2f} %) — xếp loại: {band}"
SCORE_PROFILE = "Bộ quy tắc chấm điểm: {profile}"

# kpi766 check
HELP_CHECK_STRICT = "thoát với mã 2 khi dữ liệu vượt ngưỡng cảnh báo (tỷ lệ cách ly, bảng bắt buộc rỗng; ngưỡng trong params/mapping.yaml, mục quality)"
METAVAR_DATETIME = "NGÀY_GIỜ"
HELP_EXPORTED_AT = "thời điểm trích xuất, ngày trước (ví dụ 05/07/2024 07:00); thay cho manifest.yaml và cho phép thư mục không có manifest.yaml"
HELP_ENGINE = "pandas: trong bộ nhớ (mặc định); dask: tập dữ liệu phân mảnh (một thư mục, kpi766 synth --partitioned) trên cụm Dask"
METAVAR_ADDRESS = "ĐỊA_CHỈ"
HELP_SCHEDULER = "địa chỉ bộ lập lịch Dask (mặc định: khởi động cụm cục bộ)"
METAVAR_ROWS = "SỐ_DÒNG"
HELP_CHUNK_SIZE = "số hồ sơ mỗi phần việc: giới hạn bộ nhớ của mỗi worker (mặc định 100000)"
CHECK_HELP = "kiểm tra một trích xuất dữ liệu"
CHECK_DESCRIPTION = "Đọc và kiểm tra trích xuất: số dòng đọc, sử dụng, cách ly và các phát hiện."
HELP_CHECK_FOLDERS = "thư mục trích xuất (lặp lại cho nhiều tháng; bản xuất sau cùng được ưu tiên)"
HELP_FORMAT_DEFAULT_TABLE = "định dạng kết quả (mặc định: table)"
METAVAR_PARQUET_FILE = "TỆP.parquet"
HELP_ISSUES_OUT = "ghi danh sách đầy đủ các dòng bị cách ly và phát hiện (mỗi dòng một bản ghi) vào tệp Parquet; màn hình chỉ tóm tắt theo vấn đề khi danh sách dài"

# kpi766 audit
AUDIT_DESCRIPTION = "Chạy sổ tay đánh giá của một kỳ và lưu hồ sơ đánh giá (có SHA-256)."
HELP_AUDIT_PERIOD = "kỳ đánh giá (mặc định {default}, dữ liệu mẫu); previous-month = tháng trước tháng hiện tại (cho lịch chạy hằng tháng)"
HELP_AUDIT_UNIT = "mã hoặc tên đơn vị"
HELP_AUDIT_PARAMS = "tệp tham số chấm điểm"
HELP_COMPARE_PERIOD = 'kỳ so sánh ("auto" = kỳ liền trước, "" = không so sánh)'
HELP_OUT = "thư mục gốc của các lần chạy (mặc định outputs/)"
HELP_AUDIT_PORTAL = "thư mục phản hồi của Cổng DVCQG cho kỳ này, để đối chiếu (mặc định với dữ liệu mẫu: data/sample-portal/<kỳ> nếu có)"
HELP_COPY_INPUTS = "sao chép dữ liệu trích xuất (cả kỳ so sánh) và thư mục Cổng DVCQG vào hồ sơ (inputs/), để verify --rerun chạy lại được khi thư mục gốc đã chuyển đi"
HELP_ALL_UNITS = "đánh giá toàn cơ quan rồi từng đơn vị, mỗi lần một hồ sơ riêng; cập nhật trang danh mục index.html"
HELP_AUDIT_STRICT = "thoát với mã 2 khi dữ liệu đáng cảnh báo (tỷ lệ cách ly vượt ngưỡng, bảng bắt buộc không có dòng dùng được)"
UNIT_WITH_ALL_UNITS = "Không dùng --unit cùng với --all-units (--all-units chạy mọi đơn vị)."
INDEX_PAGE = "Trang danh mục hồ sơ: {path}"
WHOLE_AGENCY = "toàn cơ quan"
AUDIT_STARTED = "[{number}/{total}] Đánh giá {scope}…"
AUDIT_FAILED = "Lỗi — {scope}: {error}"
AUDITS_RUN = "Đã chạy {succeeded}/{total} lần đánh giá"
AUDITS_FAILED = "; lỗi: {units}."
AUDIT_SAVED = "Đã lưu hồ sơ đánh giá: {run_dir}"
AUDIT_TOTAL = "Tổng điểm: {total:.2f}/{max_applicable:g} — xếp loại: {band} (kỳ {period}, bộ quy tắc {profile})"
AUDIT_DATA = "Dữ liệu: {rows_read} dòng đọc vào — {rows_used} dùng, {rows_quarantined} cách ly, {rows_superseded} thay thế"
AUDIT_FINDINGS = "; {findings} phát hiện"
AUDIT_WARNING = "{red}Cảnh báo: {text}{reset}"
AUDIT_MANIFEST_HASH = "SHA-256 của {manifest} (ghi vào sổ theo dõi): {digest}"

# kpi766 reconcile
RECONCILE_HELP = "Đối chiếu điểm của cơ quan với số liệu Cổng DVCQG công bố, từng chỉ số."
RECONCILE_DESCRIPTION = "Đặt điểm tự chấm của cơ quan (bộ quy tắc theo Cổng DVCQG) cạnh dòng số liệu Cổng công bố cho cơ quan; phân loại từng chênh lệch và liệt kê hồ sơ gây chênh."
HELP_PORTAL_FOLDER = "thư mục các tệp JSON đã lưu từ Cổng DVCQG cho kỳ này"
HELP_PERIOD_EXAMPLE = "kỳ đánh giá, ví dụ 2024-06"
METAVAR_CODE = "MÃ"
HELP_DEPARTMENT = (
    "departmentId, mã hoặc tên cơ quan trên Cổng (mặc định: mục portal của params/units.yaml)"
)
METAVAR_TIME = "THỜI_ĐIỂM"
HELP_CAPTURED_AT = (
    "thời điểm chụp số liệu của Cổng, ví dụ 2024-07-03T08:00 (mặc định: capture.yaml trong thư mục)"
)
NOTE = "Lưu ý: {note}"

# kpi766 synth
BAD_MONTH_RANGE = "'{text}' không đúng dạng YYYY-MM hoặc YYYY-MM..YYYY-MM (ví dụ 2024-01..2024-12)"
MONTHS_REVERSED = "tháng cuối {last} trước tháng đầu {first}"
NOT_POSITIVE_INTEGER = "phải là số nguyên dương"
SYNTH_HELP = "Sinh dữ liệu mô phỏng (trích xuất hằng tháng) của Sở NN&PTNT giả định."
SYNTH_DESCRIPTION = "Sinh dữ liệu mô phỏng theo cấu trúc trích xuất của data-model.md: danh mục TTHC, quyết định công bố, hồ sơ, PAKN và số liệu BCQG, mỗi tháng một thư mục. Cùng hạt giống cho cùng từng byte. Mặc định ghi lại đúng bộ dữ liệu mẫu data/sample."
HELP_SYNTH_OUT = "thư mục đích (mặc định {sample}; với --dirty: {dirty})"
HELP_MONTHS = "các tháng cần sinh (mặc định 2024-01..2024-12)"
HELP_DOSSIERS_PER_MONTH = (
    "số hồ sơ tiếp nhận bình quân mỗi tháng, trước khi nhân hệ số mùa vụ (mặc định {default})"
)
HELP_TOTAL_DOSSIERS = (
    "tổng số hồ sơ tiếp nhận trong cả khoảng thời gian (chính xác), ví dụ 1000000 cho thử tải"
)
HELP_SEED = "hạt giống ngẫu nhiên (mặc định {default})"
HELP_FILE_FORMAT = "định dạng tệp: csv (mặc định) hoặc parquet (luôn là parquet với --partitioned)"
HELP_LAYOUT = "monthly: mỗi tháng một thư mục (mặc định); single: một thư mục cho cả khoảng, xuất tại thời điểm cuối kỳ (dùng cho thử tải)"
HELP_PARTITIONED = "ghi một bộ dữ liệu phân mảnh cho đường Dask (--engine dask): một thư mục cho cả khoảng, xuất tại thời điểm cuối kỳ, hồ sơ chia theo tháng tiếp nhận kiểu hive (dossiers/month=YYYY-MM/part-0.parquet), các bảng khác và manifest.yaml bên cạnh; luôn là Parquet"
HELP_ROW_GROUP_SIZE = (
    "số dòng tối đa mỗi nhóm dòng (row group) của tệp hồ sơ với --partitioned (mặc định 100.000)"
)
HELP_DIRTY = "ghi bộ trích xuất 'bẩn' (tiêu đề tiếng Việt, ngày dd/mm/yyyy, lỗi cố ý) dùng để minh họa cách ly dữ liệu và phát hiện lỗi chất lượng"
PARTITIONED_PARQUET_ONLY = "--partitioned chỉ ghi Parquet: bỏ --format csv."
DIRTY_WRITTEN = "Đã ghi bộ trích xuất lỗi cố ý: {written_to}"
CANNOT_WRITE = "Không ghi được dữ liệu vào {out}: {error}"
PORTAL_WRITTEN = "{portal}: phản hồi Cổng DVCQG (mô phỏng)"
DONE_IN_SECONDS = "Xong sau {seconds:.1f} giây."

# kpi766 verify
VERIFY_HEADER = "Hồ sơ đánh giá: {path}"
VERIFY_MANIFEST_HASH = (
    "SHA-256 của manifest.json: {digest} (đối chiếu với mã ghi trong sổ đăng ký hồ sơ)"
)
VERIFY_MATCHED = "Khớp với mã SHA-256 đã ghi (--expect-sha256)."
WARNING = "Cảnh báo: {message}"
VERIFY_INTACT = "Hồ sơ đánh giá nguyên vẹn: {n} tệp khớp SHA-256."
VERIFY_TAMPERED = "Phát hiện {k} vấn đề: hồ sơ đánh giá đã bị thay đổi."
RERUN_SKIPPED = "Không chạy lại (--rerun) vì hồ sơ đánh giá không nguyên vẹn."
RERUN_UNAVAILABLE = "Chức năng chạy lại (--rerun) chưa có trong bản cài đặt này ({reason})."
RERUN_SAME = "Chạy lại: kết quả khớp với hồ sơ."
RERUN_DIFFERENT = "Chạy lại: kết quả KHÁC với hồ sơ."
NOT_SHA256 = "cần đúng 64 ký tự thập lục phân (SHA-256)"
VERIFY_HELP = "kiểm tra tính nguyên vẹn của một hồ sơ đánh giá"
VERIFY_DESCRIPTION = "Băm lại (SHA-256) mọi tệp của thư mục hồ sơ và đối chiếu với manifest.json."
METAVAR_RUN_FOLDER = "THƯ_MỤC_HỒ_SƠ"
HELP_RUN_FOLDER = "thư mục của lần chạy"
HELP_EXPECT_SHA256 = (
    "SHA-256 của manifest.json đã ghi trong sổ đăng ký; khác thì báo hồ sơ bị thay đổi"
)
HELP_NO_INPUTS = "không băm lại các tệp đầu vào đã ghi"
HELP_RERUN = "chạy lại với đầu vào và tham số đã ghi, so sánh các con số"

# Scoring: counts and ratios out of range (kpi.scoring)
NEGATIVE_COUNTS = "Chỉ số {indicator}: tử số ({numerator}) và mẫu số ({denominator}) không được âm."
NUMERATOR_ABOVE_DENOMINATOR = (
    "Chỉ số {indicator}: tử số ({numerator}) lớn hơn mẫu số ({denominator})."
)
RATIO_OUT_OF_RANGE = "Chỉ số {indicator}: tỷ lệ {pct} % nằm ngoài [0, 100]."

# Why a record does not count: publication of procedures (kpi.rules.publication)
COMPONENT_NAME = "tên"
COMPONENT_STEPS = "trình tự"
COMPONENT_CHANNELS = "cách thức"
COMPONENT_DOCUMENTS = "thành phần hồ sơ"
COMPONENT_TIME_LIMIT = "thời hạn"
COMPONENT_APPLICANTS = "đối tượng"
COMPONENT_AGENCY = "cơ quan"
ANNOUNCED_LATE = (
    "công bố muộn {{n}} ngày làm việc so với hạn (trước ngày hiệu lực {lead} ngày làm việc)"
)
NO_EFFECTIVE_DATE = "thiếu ngày hiệu lực của văn bản căn cứ"
PUBLISHED_LATE_DAYS = "công khai muộn {n} ngày làm việc"
UNPUBLISHED_OVERDUE_DAYS = "chưa công khai, đã quá hạn {n} ngày làm việc"
COMPONENTS_MISSING = "thiếu: {n}"
NOT_SYNCED_TO_PORTAL = "chưa đồng bộ lên Cổng DVCQG"
SYNCED_AFTER_SCORING = "đồng bộ lên Cổng DVCQG sau thời điểm tính điểm"

# A lateness of 0 working days (acted on a day off right after the deadline) reads "muộn dưới
# 1 ngày làm việc" in every reason with IN_WORKING_DAYS (kpi.evidence).
IN_WORKING_DAYS = "{n} ngày làm việc"
UNDER_ONE = "dưới 1"

# Why a record does not count: processing on time (kpi.rules.processing)
LATE_DAYS = "trễ hạn {n} ngày làm việc"
OVERDUE_DAYS = "chưa giải quyết xong, đã quá hạn {n} ngày làm việc"
SUPPLEMENTS_TIMES = "yêu cầu bổ sung {n} lần (tính là trễ hạn)"
OVER_LEGAL_TIME_LIMIT = "quá thời hạn giải quyết theo quy định ({n})"
NO_DUE_DATE_NOR_TIME_LIMIT = (
    "thiếu ngày hẹn trả và thời hạn giải quyết (lỗi dữ liệu, tính là trễ hạn)"
)
LATE_SAME_DAY = "trễ hạn dưới 1 ngày làm việc"
OVERDUE_SAME_DAY = "chưa giải quyết xong, đã quá hạn dưới 1 ngày làm việc"
LATE_DOSSIER = "hồ sơ trễ hạn"
COMPLAINED_OR_UNSATISFIED = "bị phản ánh hoặc đánh giá không hài lòng"

# Why a record does not count: online services and payments (kpi.rules.online)
NO_ONLINE_SERVICE = "chưa cung cấp dịch vụ công trực tuyến"
NO_ONLINE_DOSSIERS = "không có hồ sơ trực tuyến trong kỳ"
NOT_SUBMITTED_ONLINE = "không nộp trực tuyến"
ONLINE_WITHOUT_E_RESULT = "nộp trực tuyến nhưng chưa có kết quả điện tử"
NO_ONLINE_PAYMENTS = "không có giao dịch thanh toán trực tuyến trong kỳ"
NO_FEE_SYNC_DOSSIERS = "chưa có hồ sơ đồng bộ dữ liệu phí, lệ phí trong kỳ"
NOT_PAID_ONLINE = "không thanh toán trực tuyến"

# Why a record does not count: digitisation (kpi.rules.digitisation)
NO_RESULT_CODE_OR_FILE = "thiếu mã và tệp kết quả điện tử"
NO_RESULT_CODE = "thiếu mã kết quả"
NO_RESULT_FILE = "thiếu tệp kết quả điện tử"
UNFINISHED_NO_E_RESULT = "chưa giải quyết xong, chưa có kết quả điện tử"
NOT_DIGITISED = "chưa số hóa thành phần hồ sơ"
NO_E_RESULT = "chưa có kết quả điện tử"
DIGITISED_DATA_NOT_REUSED = "không tái sử dụng dữ liệu số hóa"
NO_E_COPY = "chưa cấp bản sao điện tử"
NOT_LINKED_TO_DATA_STORE = "chưa kết nối kho dữ liệu cá nhân, tổ chức"
NO_POPULATION_DATA_DOSSIERS = "chưa có hồ sơ dùng dữ liệu dân cư trong kỳ"
NO_VNEID_NO_POPULATION_DATA = "không xác thực VNeID, không dùng CSDL dân cư"

# Why a record does not count: feedback and satisfaction (kpi.rules.satisfaction)
REJECTED_LATE_DAYS = "từ chối muộn {n} ngày làm việc"
INFO_REQUESTED_LATE_DAYS = "yêu cầu bổ sung thông tin muộn {n} ngày làm việc"
ANSWERED_LATE_DAYS = "trả lời muộn {n} ngày làm việc"
ANSWER_PUBLISHED_LATE_DAYS = "công khai trả lời muộn {n} ngày làm việc"
UNHANDLED_OVERDUE_DAYS = "chưa xử lý, đã quá hạn {n} ngày làm việc"
MORE_UNSATISFIED_THAN_SATISFIED = "đánh giá không hài lòng nhiều hơn hài lòng"
HANDLED_LATE = "xử lý trễ hạn"
COMPLAINED_AGAIN = "bị phản ánh lại"

# Periods (kpi.periods)
PERIOD_START_AFTER_END = ": ngày đầu {start:%d/%m/%Y} sau ngày cuối {end:%d/%m/%Y}"
INVALID_PERIOD = "Kỳ '{text}' không hợp lệ{why}. Dùng tháng YYYY-MM, quý YYYY-Qn, nửa năm YYYY-H1/H2, năm YYYY hoặc khoảng YYYY-MM-DD..YYYY-MM-DD."

# Goal-seek (kpi.goalseek)
DOSSIERS_WORD = "hồ sơ"
UNKNOWN_BAND = "Không có xếp loại '{band}' trong tham số chấm điểm."

# Extracts of a period and units (kpi.extracts)
NO_EXTRACT_FOR_PERIOD = "Không có dữ liệu trích xuất cho kỳ {period} trong thư mục {root} (cần các thư mục tháng {months})."
UNIT_NOT_FOUND = "Không có đơn vị '{text}'. Các mã đơn vị: {known}."

# The Dask engine's partitioned datasets (kpi.distributed)
DATASET_NO_DOSSIERS = "Thư mục {folder} không có hồ sơ: cần thư mục dossiers/ chứa các tệp Parquet (ví dụ dossiers/month=2024-04/part-0.parquet) hoặc tệp dossiers.parquet."
DATASET_TABLE_FOLDER = "Thư mục {path}: với --engine dask chỉ bảng hồ sơ (dossiers) được chia thành nhiều tệp; bảng '{table}' phải là một tệp."
DATASET_NOT_PARQUET = (
    "Tệp hồ sơ {path} không phải Parquet: với --engine dask hồ sơ phải là Parquet."
)
DATASET_EVIDENCE_NOT_EMPTY = (
    "Thư mục bằng chứng {path} đã có dữ liệu: hãy chọn một thư mục mới hoặc trống."
)
DATASET_ONE_FOLDER = "Với --engine dask, hãy cho đúng một thư mục --data (một bộ dữ liệu phân mảnh, ví dụ do kpi766 synth --partitioned ghi); đã cho {count}."

# The audit's workbook (kpi.report.excel) and the tables written beside the notebook
# (kpi.report.export)
NOTES_SHEET = "Ghi chú"
TITLE = "Tiêu đề"
PAGE_FOOTER = "Trang &P / &N"
SHEET_TRUNCATED = (
    "Trang tính chỉ có {shown} dòng đầu trong tổng số {total} dòng; bảng đầy đủ nằm trong tệp "
    "CSV/Parquet cùng thư mục với tệp Excel này."
)
SHEET_CAPPED = "Chỉ hiện {shown} dòng đầu trong tổng số {total} dòng; danh sách đầy đủ: {where}."
SHEET_VERDICT = "Kết luận"
SHEET_SCORECARD = "Bảng điểm"
SHEET_GROUPS = "Nhóm chỉ số"
SHEET_UNITS = UNIT
SHEET_MATRIX = "Đơn vị × chỉ số"
SHEET_FOLLOW_UP_UNITS = "Theo dõi, đôn đốc"
SHEET_FOLLOW_UP_RECORDS = "Theo dõi từng bản ghi"
SHEET_QUARANTINE = QUARANTINED
SHEET_FINDINGS = "Phát hiện dữ liệu"
SHEET_DEFINITIONS = "Định nghĩa chỉ số"
SHEET_BANDS = BAND_THRESHOLDS
EVIDENCE_PARQUET_PLACE = (
    "thư mục evidence/ (Parquet, mỗi chỉ số một tệp, mọi bản ghi; cột counted = False là không đạt)"
)
EVIDENCE_CSV_CAPPED = (
    "Chỉ hiện {shown} dòng đầu trong tổng số {total} bản ghi không đạt; danh sách đầy đủ: {where}."
)
FAILING_RECORDS = "Bản ghi không đạt"
FAILING_RECORDS_NOTE = (
    "{n_failing} bản ghi không đạt, tất cả trong {parquet_place}; evidence.csv có {n_in_csv} dòng "
    "đầu; trang tính {sheet} có {n_shown} dòng đầu trong {n_follow_up} bản ghi cần theo dõi (các "
    "chỉ số bị mất điểm)."
)

# Running an audit notebook into a run folder, and re-running it (kpi.archive.runner); rebuilding
# the notebooks (kpi.archive.build)
PARAMETER_FORBIDDEN_CHARACTERS = "tham số '{name}' chứa ký tự không được phép"
UNKNOWN_PROFILE = "bộ quy tắc '{value}' không có (chọn: {choices})"
DATA_FOLDER_NOT_FOUND = "không tìm thấy thư mục dữ liệu {value}"
EXPORT_TIME_UNREADABLE = "thời điểm trích xuất '{value}' không đọc được (ví dụ 05/07/2024 07:00)"
PORTAL_FOLDER_NOT_FOUND = "không tìm thấy thư mục phản hồi của Cổng DVCQG {value}"
PARAMETERS_FILE_NOT_FOUND = "không tìm thấy tệp tham số {value}"
PARAMETER_WORD = "tham số"
INVALID_AUDIT_PARAMETERS = "Tham số không hợp lệ — {problems}"
COPY_SAME_NAME = (
    "Không sao chép được dữ liệu đầu vào: hai thư mục cùng tên {name} ({first} và {second}). "
    "Đổi tên một thư mục rồi chạy lại."
)
COPY_COMPARISON_DIFFERS = (
    "Không sao chép được dữ liệu đầu vào: trong bản sao, kỳ so sánh sẽ đọc thư mục khác với bản "
    "gốc ({folders}). Đổi tên các thư mục trích xuất cho khác tên tháng YYYY-MM của kỳ so sánh rồi "
    "chạy lại."
)
NONE = "không có"
RUN_FOLDER_OUTSIDE = "Thư mục lần chạy {parent} nằm ngoài thư mục kết quả {root}."
UNIT_CODE_NOT_A_FOLDER_NAME = "Mã đơn vị '{code}' không dùng được làm tên thư mục lần chạy."
NOTEBOOK_CELL_FAILED = (
    "Ô lệnh số {exec_count} (số thứ tự thực thi trong sổ tay) bị lỗi ({ename}: {evalue}). "
    "Lần chạy dở dang được giữ ở {failed} để tra cứu."
)
AUDIT_ERROR_SEE = "{error} Xem {failed}."
AUDIT_NOT_COMPLETED = "Không hoàn thành lần đánh giá: {error}. Xem {failed}."
MANIFEST_BAD_INPUT_PATH = "Manifest ghi đường dẫn đầu vào không hợp lệ: {value}"
ONLY_IN_ONE_RUN = "chỉ có ở một trong hai lần chạy"
RERUN_OLD_ARCHIVE = " (hồ sơ cũ không lưu điểm kỳ so sánh: kỳ so sánh không được đối chiếu)"
RERUN_PERIOD_DIFFERS = "kỳ {period}: {keys}"
RERUN_COMPARISON_DIFFERS = "kỳ so sánh {period}: {keys}"
RERUN_DIFFERS_AT = "Chạy lại cho kết quả khác ở {problems}."
RERUN_SAME_TOTAL = "Chạy lại cho cùng kết quả: tổng {total:.2f} điểm, kỳ {period}"
RERUN_SAME_COMPARISON_TOTAL = "; kỳ so sánh {period}: tổng {total:.2f} điểm"
NOTEBOOK_REBUILT = "Đã chạy lại {path}"

# The index page of the runs (kpi.archive.index)
INDEX_TITLE = "Bộ chỉ số 766 — {agency} — danh mục hồ sơ đánh giá"
INDEX_HEADING = "Danh mục hồ sơ đánh giá Bộ chỉ số 766 — {agency}"
INDEX_NOTE = (
    "{runs} lần đánh giá, {periods} kỳ; lập lúc {generated_at:%d/%m/%Y %H:%M}.\n"
    "Mỗi hồ sơ kiểm tra được bằng <code>kpi766 verify THƯ_MỤC_HỒ_SƠ</code>; đối chiếu SHA-256 của\n"
    "manifest với mã đã ghi trong sổ đăng ký. «Trong hồ sơ»: dữ liệu đầu vào được sao chép vào hồ sơ\n"
    "(<code>--copy-inputs</code>)."
)

# The parameter files (kpi.params); pydantic error types → Vietnamese, ``{...}`` filled from the
# error's context
PARAMS_ERROR_TEXTS: dict[str, str] = {
    "missing": "thiếu",
    "extra_forbidden": "tên không được hỗ trợ",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa – giá trị",
    "model_type": "phải là một bảng khóa – giá trị",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "literal_error": "phải là một trong các giá trị {expected}",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
}
UNCONFIRMED_TWICE = "unconfirmed: ngày {dates} bị nêu hai lần"
PARAMS_KEY_PROBLEM = "khóa '{key}': {text}"
PARAMS_ROOT_KEY = "(gốc)"
PARAMS_MAXIMA_MISMATCH = "Tệp tham số {path}: điểm tối đa không khớp — {problems}"
NOT_A_JSON_OBJECT = "không phải đối tượng JSON"
RUN_FILES_UNREADABLE = "không đọc được tệp của lần chạy ({reason})"
INDEX_AGENCY_SCOPE = "Toàn cơ quan — {agency}"
REPORT = "Báo cáo"
INPUTS_COPIED = "trong hồ sơ"
INPUTS_IN_PLACE = "tại nơi gốc"
PROFILE_SHORT = "Bộ quy tắc"
RUN_AT = "Thời điểm chạy"
RUN_FOLDER = "Hồ sơ"
MANIFEST_SHA256 = "SHA-256 của manifest"
INPUT_DATA = "Dữ liệu đầu vào"
INDEX_NO_RUNS = '<tr><td colspan="{columns}">Chưa có lần đánh giá nào trong thư mục này.</td></tr>'

# Verifying a run's manifest (kpi.archive.verify)
ENTRY_NOT_A_JSON_OBJECT = "mục không phải đối tượng JSON"
INVALID_PATH = "đường dẫn không hợp lệ: {path!r}"
INVALID_SIZE = "kích thước không hợp lệ cho {path}"
INVALID_SHA256 = "SHA-256 không hợp lệ cho {path}"
OTHER_SCHEMA = "schema khác {schema}"
MISSING_LIST = "thiếu danh sách {key}"
PATH_WORD = "đường dẫn"
COPY_NOT_IN_OUTPUTS = "bản sao {copy} không có trong danh sách outputs"
NOT_A_FILE = "không phải tệp"

# The working-day calendar (kpi.calendar)
CALENDAR_YEARS_REVERSED = "Lịch ngày làm việc: first_year ({first_year}) lớn hơn last_year ({last_year}) trong params/calendar.yaml."
CALENDAR_DAYS_BOTH = "params/calendar.yaml: các ngày vừa là ngày nghỉ vừa là ngày làm việc (extra_holidays, extra_workdays, unconfirmed): "
CALENDAR_DAY_OUTSIDE_YEARS = (
    "params/calendar.yaml: ngày {day:%d/%m/%Y} nằm ngoài các năm {first_year}–{last_year} của lịch."
)
DATE_OUTSIDE_CALENDAR = "Ngày {first:%d/%m/%Y} nằm ngoài lịch ngày làm việc ({first_year}–{last_year}); có {count} giá trị như vậy. Hãy mở rộng first_year/last_year trong params/calendar.yaml."
WORKDAYS_NOT_INTEGER = "Số ngày làm việc cộng thêm (n) phải là số nguyên."
WORKDAYS_BEYOND_CALENDAR = "Cộng {n} ngày làm việc vào ngày {first:%d/%m/%Y} ra ngoài lịch ngày làm việc ({first_year}–{last_year})."
START_END_INDEX_DIFFER = "Hai chuỗi ngày bắt đầu và kết thúc phải có cùng chỉ mục (index)."
NEED_21_INDICATORS = "cần đúng 21 chỉ số 1–21; thiếu {missing}, thừa {unknown}"
BANDS_NEED_ZERO = "các mức xếp loại phải có một mức bắt đầu từ 0 điểm"
INVALID_SCORING_RULES = "Bộ quy tắc chấm điểm không hợp lệ — {problems}"
ASSIGNMENTS_ONCE_EACH = "ma trận phân công phải nêu mỗi chỉ số 1–21 đúng một lần"
DUPLICATE_UNIT_CODES = "mã đơn vị bị trùng"
INVALID_VALUE_KIND = "giá trị không hợp lệ ({kind})"
PARAMS_FILE_NOT_FOUND = "Không tìm thấy tệp tham số {path}."
PARAMS_BAD_YAML = "Tệp tham số {path} không đúng cú pháp YAML: {error}"
PARAMS_INVALID = "Tệp tham số {path} không hợp lệ — {problems}"
GROUP_MAXIMA_MISMATCH = (
    "nhóm {code}: tổng điểm tối đa các chỉ số {group_max:g}, Quyết định 766 quy định {max_points:g}"
)
PARAMS_IMPOSSIBLE_DATE = "Tệp tham số {path} có một ngày không tồn tại (tháng 1–12, ngày trong tháng): hãy kiểm tra các ngày dạng YYYY-MM-DD."


def thousands(n: int) -> str:
    """Vietnamese digit grouping: 1.048.575."""
    return f"{n:,}".replace(",", ".")

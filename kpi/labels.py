"""Every Vietnamese user-facing string that is not an indicator or group name, keyed in English.

Indicator and group names live in :mod:`kpi.registry`; reasons a record does not count live
beside the rule that decides them (``kpi.rules``).
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
    "rows_quarantined": "Cách ly",
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

# The verdict and the conclusion, continued
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

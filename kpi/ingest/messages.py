"""Every Vietnamese string of the ingest package: error texts, quarantine and finding reasons.

Kept in one place, keyed by English names, so that logic never carries Vietnamese literals.
"""

from __future__ import annotations

from kpi.columns import column

# Fatal errors (ExtractError); placeholders are filled with str.format.
MISSING_FOLDER = "Không tìm thấy thư mục trích xuất {folder}."
NOT_A_FOLDER = "{folder} không phải là thư mục trích xuất."
MISSING_MANIFEST = (
    "Thiếu tệp manifest.yaml trong thư mục {folder} (hoặc cho thời điểm trích xuất bằng "
    "--export-time)."
)
BAD_MANIFEST = "Tệp {path} không hợp lệ: {problem}."
MANIFEST_MISSING_KEY = "thiếu khóa '{key}'"
MANIFEST_BAD_TIME = "khóa 'export_time' không phải ngày giờ ({value!r})"
UNKNOWN_SOURCE = "(không rõ: thư mục không có manifest.yaml, thời điểm trích xuất theo dòng lệnh)"
BAD_EXPORT_TIME = (
    "Thời điểm trích xuất '{value}' không đọc được: hãy viết ngày trước, ví dụ "
    "05/07/2024 07:00 hoặc 2024-07-05T07:00"
)
MANIFEST_NOT_MAPPING = "nội dung không phải là bảng khóa–giá trị"
MISSING_TABLE = "Thiếu bảng bắt buộc '{table}' trong thư mục {folder} (cần tệp {table}.csv, .xlsx hoặc .parquet)."
SEVERAL_FILES = "Thư mục {folder} có nhiều tệp cho bảng '{table}': {files}; chỉ giữ một tệp."
EMPTY_FILE = "Tệp {path} rỗng (0 byte): không có dòng tiêu đề nào."
UNREADABLE = "Không đọc được tệp {path}: {detail}"
MISSING_COLUMNS = "Tệp {path} thiếu cột bắt buộc {columns}{where}."
MISSING_COLUMN_ITEM = "'{name}' ({label})"
SHEET_SUFFIX = " (trang tính '{sheet}', dòng tiêu đề {row})"
HEADER_FOUND = "; dòng tiêu đề {row} có các cột: {headers}"
NO_HEADER = "không tìm thấy dòng tiêu đề nào có tên cột đã biết"
SEVERAL_SHEETS = (
    "Tệp {path} có nhiều trang tính đều có đủ cột bắt buộc: {sheets}. Không đoán trang nào "
    "đúng: hãy xóa trang thừa hoặc ghi tên trang cần đọc trong params/mapping.yaml (mục sheets)."
)
HIDDEN_SHEET = (
    "Tệp {path}: chỉ trang tính đang bị ẩn {sheets} có đủ cột bắt buộc. Không đọc trang ẩn: hãy "
    "bỏ ẩn trang đó hoặc ghi tên nó trong params/mapping.yaml (mục sheets)."
)
SHEET_NOT_FOUND = (
    "Tệp {path} không có trang tính '{sheet}' (ghi trong params/mapping.yaml, mục sheets); "
    "các trang tính có trong tệp: {sheets}."
)
XLS_CONTENT = (
    "Không đọc được tệp {path}: đây là tệp Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu, "
    "không phải .xlsx. Hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng “Excel Workbook "
    "(.xlsx)” hoặc “CSV UTF-8”."
)
HTML_CONTENT = (
    "Không đọc được tệp {path}: đây là một trang HTML (bảng tải từ trang web) được đặt tên .xlsx, "
    "không phải tệp Excel. Hãy mở bằng Excel rồi lưu lại dạng “Excel Workbook (.xlsx)” hoặc "
    "“CSV UTF-8”."
)
NOT_XLSX_CONTENT = (
    "Không đọc được tệp {path}: nội dung không phải tệp Excel .xlsx (không phải tệp nén ZIP). "
    "Hãy xuất lại tệp dạng .xlsx hoặc CSV UTF-8."
)
UNSUPPORTED_FORMAT = (
    "Tệp {path} có định dạng {suffix} mà kpi766 không đọc: hãy lưu lại dạng .xlsx, .csv (UTF-8) "
    "hoặc .parquet."
)
SHEET_READ = "Trang tính đã đọc: {file} → '{sheet}' (dòng tiêu đề {row})"
NO_FOLDER_GIVEN = "Chưa chỉ ra thư mục trích xuất nào."

# Problems of params/mapping.yaml itself (kpi.ingest.mapping).
MAPPING_UNKNOWN_TABLE = "bảng không xác định '{table}'"
MAPPING_UNKNOWN_COLUMNS = "bảng '{table}': cột không xác định {columns}"
MAPPING_SHEETS_UNKNOWN_TABLES = "khóa 'sheets': bảng không xác định {tables}"
MAPPING_MANIFEST_UNKNOWN_KEYS = "khóa 'manifest': khóa không xác định {keys}"
MAPPING_BOOLEANS_KEYS = "khóa 'booleans' chỉ nhận 'true' và 'false'"
MAPPING_SPELLING_TWICE = "bảng '{table}': tên cột '{spelling}' dùng cho cả '{first}' và '{second}'"

# Hostile or broken files (limits in kpi.ingest.limits).
OUTSIDE_FOLDER = (
    "Tệp {path} là liên kết tượng trưng trỏ ra ngoài thư mục trích xuất {folder}: "
    "không đọc tệp này."
)
MANIFEST_TOO_BIG = "Tệp {path} quá lớn ({size} byte, tối đa {limit} byte): không phải tệp manifest."
MANIFEST_BAD_YAML = "không đúng cú pháp YAML ({detail})"
MANIFEST_TAG = (
    "có thẻ YAML không được phép '{tag}' (manifest chỉ chứa khóa và giá trị đơn giản, "
    "không chứa đối tượng Python)"
)
MANIFEST_NOT_SCALAR = "khóa '{key}' phải là một giá trị đơn (chữ, số hoặc ngày giờ)"
LINE_TOO_LONG = (
    "Tệp {path}: dòng {line} dài {length} byte, vượt giới hạn {limit} byte một dòng "
    "(tệp hỏng hoặc không phải CSV)."
)
ZIP_TOO_BIG = (
    "Tệp {path}: nội dung nén giải ra tới {size} MB, vượt giới hạn {limit} MB "
    "(có thể là “bom zip”): không mở tệp."
)
ZIP_TOO_MANY = (
    "Tệp {path}: có {count} thành phần nén, vượt giới hạn {limit} "
    "(không giống tệp Excel thật): không mở tệp."
)
NOT_TEXT = "Tệp {path} không phải văn bản CSV đọc được: {detail}. Hãy xuất lại tệp dạng CSV UTF-8."
NOT_UTF8_NOR_CP1258 = (
    "không phải UTF-8 (byte không hợp lệ ở dòng {line}) và cũng không phải văn bản tiếng Việt "
    "mã Windows-1258 ({char} ở dòng {char_line})"
)
CONTROL_CHARACTER = "có ký tự điều khiển U+{code:04X} ở dòng {line} (tệp nhị phân?)"
BAD_UTF = "mã hóa {encoding} bị hỏng ở dòng {line}"

CSV_MERGED_LINES = (
    "Bản ghi bắt đầu ở dòng {start} kéo dài {span} dòng (đến dòng {end}): dấu ngoặc kép mở ở "
    "dòng {start} trong cột này chưa đóng, các dòng sau bị gộp vào một ô. Tệp có {lines} dòng "
    "dữ liệu nhưng chỉ đọc được {records} bản ghi: kiểm tra dấu ngoặc kép"
)
CSV_COUNT_MISMATCH = (
    "Tệp có {lines} dòng dữ liệu nhưng đọc được {records} bản ghi: kiểm tra dấu ngoặc kép và "
    "ký tự xuống dòng"
)
CSV_UNCLOSED_QUOTE = (
    "Tệp {path}: dấu ngoặc kép mở ở dòng {line} không được đóng đến hết tệp, mọi dòng sau đó "
    "bị gộp vào một ô. Hãy sửa dấu ngoặc kép ở dòng {line} rồi xuất lại tệp."
)
MONTH_FIRST = (
    "Cột có {count} ngày chỉ đọc được theo kiểu tháng trước (tháng/ngày/năm): có thể cả cột được "
    "xuất theo tháng trước, khi đó các ngày có số ngày từ 1 đến 12 đã bị đọc sai ngày. Hãy xuất lại "
    "theo ngày/tháng/năm"
)
MONTH_FIRST_PREFIX = "Cột có "
WARN_MONTH_FIRST = (
    "tệp {file}, cột {columns}: ngày viết theo kiểu tháng trước (ví dụ '{example}'), các ngày còn "
    "lại của cột có thể đã bị đọc sai."
)
CSV_MERGED_PREFIX = "Bản ghi bắt đầu ở dòng"
CSV_COUNT_PREFIX = "Tệp có "
WARN_CSV_LINES = (
    "tệp {file}: {count} bản ghi gộp nhiều dòng (dấu ngoặc kép lạc?), một số dòng dữ liệu không "
    "được đọc riêng: xem phát hiện ở các dòng {rows}."
)

# Quarantine reasons.
EXCEL_ERROR = "Ô chứa lỗi công thức Excel, không phải giá trị"
FORMULA_NO_VALUE = (
    "Ô có công thức nhưng chưa có giá trị tính sẵn (tệp tạo bằng chương trình, chưa mở bằng "
    "Excel): hãy mở tệp bằng Excel, lưu lại rồi xuất lại"
)
BAD_DATE = "Ngày không đọc được"
BAD_BOOL = "Giá trị đúng/sai không đọc được"
BAD_INT = "Không phải số nguyên"
BAD_NUMBER = "Không phải số"
NEGATIVE = "Số âm không hợp lệ"
BAD_CHANNEL = "Kênh không thuộc {1, 2, 3}"
BAD_STATUS = "Trạng thái không hợp lệ"
BAD_CHOICE = "Giá trị không thuộc danh mục ({values})"
MISSING_ID = "Thiếu mã"
MISSING_VALUE = "Thiếu giá trị bắt buộc"
FINISHED_BEFORE_RECEIVED = "Kết thúc trước khi tiếp nhận"
DUPLICATE_ID = "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng {first})"
DATE_TOO_EARLY = (
    "{label} ({column}) trước ngày {earliest}: ngày không hợp lý (params/mapping.yaml, "
    "quality.earliest_date)"
)
DATE_TOO_LATE = (
    "{label} ({column}) sau ngày {latest}, quá {days} ngày sau thời điểm trích xuất {export}: "
    "ngày không hợp lý (params/mapping.yaml, quality.max_days_after_export)"
)

# Findings (rows kept).
UNKNOWN_COLUMN = "Cột không xác định, đã bỏ qua"
ABSENT_COLUMN = (
    "Tệp không có cột '{label}' ({column}), cột này ảnh hưởng đến chỉ số {indicators}: "
    "mọi dòng lấy giá trị mặc định — {default}"
)
DEFAULT_FALSE = "sai (không)"
DEFAULT_TRUE = "đúng (có)"
DEFAULT_NUMBER = "{value}"
DEFAULT_CHOICE = "'{value}'"
DEFAULT_NO_DATE = "không có ngày"
DEFAULT_EMPTY = "trống"
DEFAULT_CHANNEL = "trống (tính là nộp trực tiếp)"
DEFAULT_ONLINE_SERVICES = "1 nếu TTHC có dịch vụ công trực tuyến, ngược lại 0"
REPEATED_HEADER = (
    "Dòng lặp lại dòng tiêu đề (bản in có tiêu đề mỗi trang): không phải bản ghi, đã bỏ qua"
)
REPEATED_COLUMN = "Cột trùng nghĩa với cột '{first}' đã đọc, đã bỏ qua"
UNKNOWN_PROCEDURE = "Mã TTHC không có trong danh mục TTHC"
AFTER_EXPORT = "Ngày sau thời điểm trích xuất ({export_time})"
UNKNOWN_UNIT = "Đơn vị không có trong danh mục đơn vị (params/units.yaml)"
TERMINAL_WITHOUT_FINISH = "Trạng thái đã kết thúc nhưng thiếu ngày kết thúc xử lý"
DUE_BEFORE_RECEIVED = "Ngày hẹn trả trước ngày tiếp nhận"
FINISHED_NEVER_RECEIVED = "Đã có kết quả nhưng chưa có ngày tiếp nhận"
PUBLISHED_BEFORE_ANSWERED = "Công khai trả lời trước khi có kết quả trả lời"

# Check command headers.
TABLE_HEADERS = ("Bảng", "Số dòng đọc", "Sử dụng", "Cách ly", "Bị thay thế")
ISSUE_HEADERS = ("Bảng", "Tệp", "Dòng", "Cột", "Giá trị", "Lý do")
QUARANTINE_TITLE = "Dòng bị cách ly ({count}):"
FINDINGS_TITLE = "Phát hiện về chất lượng dữ liệu, dòng vẫn được dùng ({count}):"
NONE = "(không có)"
DETAILS_NOT_WRITTEN = "Không ghi được tệp chi tiết {path}: {error}"
BY_CAUSE = (
    "Quá {limit} dòng: mỗi vấn đề một dòng, kèm số dòng và các dòng đầu tiên (danh sách đầy đủ: "
    "--details TỆP.parquet hoặc --format json)."
)
MORE_PROBLEMS = (
    "… và {more} vấn đề khác, {rows} dòng (chỉ hiện {shown} vấn đề nhiều dòng nhất; danh sách "
    "đầy đủ: --details TỆP.parquet hoặc --format json)."
)
CAUSE_VALUES = "{n} giá trị: {values}"
SUMMARY_HEADERS = ("Bảng", "Tệp", "Cột", "Lý do", "Giá trị (đầu tiên)", "Số dòng", "Dòng đầu")
TOTAL = "Tổng"

# Loud counts (kpi.ingest.report.quality_report), printed by score and check.
QUALITY_LINE = (
    "Dữ liệu đầu vào: đọc {read} dòng, dùng {used}, cách ly {quarantined}, bị thay thế "
    "{superseded}; {findings} phát hiện về chất lượng dữ liệu (chi tiết: kpi766 check)."
)
WARNING_PREFIX = "CẢNH BÁO: "
WARN_QUARANTINE = (
    "bảng '{table}' có {quarantined}/{read} dòng bị cách ly ({share} %), vượt ngưỡng "
    "{limit} % (params/mapping.yaml, quality.max_quarantined_pct): điểm tính trên phần còn lại "
    "có thể sai."
)
WARN_EMPTY_REQUIRED = (
    "bảng bắt buộc '{table}' không có dòng nào được sử dụng (đọc {read}, cách ly "
    "{quarantined}): không thể chấm điểm đúng."
)
STRICT_FAILED = "Dừng với mã 2 (--strict): dữ liệu đầu vào vượt ngưỡng cảnh báo."


def missing_columns(table: str, names: list[str]) -> str:
    """``'received_at' (Ngày tiếp nhận), …`` for the missing-column error."""
    return ", ".join(
        MISSING_COLUMN_ITEM.format(name=name, label=column(table, name).label) for name in names
    )

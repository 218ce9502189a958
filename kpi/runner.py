"""Execute the audit notebook with papermill into a run folder, atomically.

``outputs/<agency>/<period>/<run-id>/`` holds the executed ``audit.ipynb`` (widget state
saved), ``audit.html``, ``scorecard.xlsx``, the evidence tables and ``manifest.json``. The run
is written into a hidden ``.<run-id>.partial`` folder and renamed only when complete; a failed
run is renamed ``<run-id>.FAILED`` (no manifest), so nothing incomplete looks like an archive.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import jinja2
import nbformat
import papermill
from nbconvert import HTMLExporter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kpi import paths
from kpi.errors import KpiError
from kpi.extracts import resolve_unit, sample_folders
from kpi.manifest import write_manifest
from kpi.notebooks_build import execute, normalise
from kpi.params import describe_errors, load_units
from kpi.periods import parse_period
from kpi.registry import PROFILES

# Characters no period, unit, or path parameter needs; refusing them keeps every value plain.
_FORBIDDEN = set("\"'`;\\$|&<>{}\n\r\t\x00")


class AuditError(KpiError):
    """The audit could not run or did not complete (message in Vietnamese)."""

    exit_code = 1


def _plain(value: str, name: str) -> str:
    if any(character in _FORBIDDEN for character in value) or not value.isprintable():
        raise ValueError(f"tham số '{name}' chứa ký tự không được phép")
    return value


class AuditParameters(BaseModel):
    """The parameters of ``notebooks/audit.ipynb``, validated before anything runs.

    Unknown names are refused (papermill would only warn), types are strict, periods must
    parse, folders and files must exist, and no string may carry quotes, semicolons,
    backslashes or control characters.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    period: str
    data_dirs: list[str] = Field(default_factory=list)
    params_file: str = ""
    unit: str = ""
    compare_period: str = "auto"
    profile: str = ""
    portal_dir: str = ""

    @field_validator("profile")
    @classmethod
    def _profile(cls, value: str) -> str:
        if value and value not in PROFILES:
            raise ValueError(f"bộ quy tắc '{value}' không có (chọn: {', '.join(PROFILES)})")
        return value

    @field_validator("period", "compare_period", "unit", "params_file")
    @classmethod
    def _no_code(cls, value: str, info: object) -> str:
        return _plain(value, info.field_name)  # type: ignore[attr-defined]

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        parse_period(value)
        return value

    @field_validator("compare_period")
    @classmethod
    def _compare(cls, value: str) -> str:
        if value not in ("", "auto"):
            parse_period(value)
        return value

    @field_validator("data_dirs")
    @classmethod
    def _folders(cls, values: list[str]) -> list[str]:
        for value in values:
            _plain(value, "data_dirs")
            if not Path(value).is_dir():
                raise ValueError(f"không tìm thấy thư mục dữ liệu {value}")
        return [str(Path(value).resolve()) for value in values]

    @field_validator("portal_dir")
    @classmethod
    def _portal_dir(cls, value: str) -> str:
        if not value:
            return value
        _plain(value, "portal_dir")
        if not Path(value).is_dir():
            raise ValueError(f"không tìm thấy thư mục phản hồi của Cổng DVCQG {value}")
        return str(Path(value).resolve())

    @field_validator("params_file")
    @classmethod
    def _params_file(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(f"không tìm thấy tệp tham số {value}")
        return str(Path(value).resolve()) if value else value


def validate_parameters(values: dict[str, object]) -> AuditParameters:
    """Validate audit parameters; raise :class:`AuditError` with every problem in Vietnamese."""
    try:
        parameters = AuditParameters.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{location or 'tham số'}: {text}" for location, text in describe_errors(error)
        )
        raise AuditError(f"Tham số không hợp lệ — {problems}") from None
    except KpiError as error:
        raise AuditError(f"Tham số không hợp lệ — {error}") from None
    if parameters.unit:
        resolve_unit(parameters.unit)
    return parameters


def _inputs(parameters: AuditParameters) -> list[Path]:
    folders = [Path(d) for d in parameters.data_dirs] or sample_folders(parameters.period)
    files = sorted(f for folder in folders for f in folder.iterdir() if f.is_file())
    params = [paths.SCORING_FILE, paths.UNITS_FILE, paths.CALENDAR_FILE, paths.MAPPING_FILE]
    if parameters.params_file:
        params.append(Path(parameters.params_file))
    portal = (
        sorted(p for p in Path(parameters.portal_dir).rglob("*") if p.is_file())
        if parameters.portal_dir
        else []
    )  # the portal's responses a reconciliation reads, and their capture note
    return [*files, *portal, *params, paths.NOTEBOOKS_DIR / "audit.ipynb"]


# The report template: JupyterLab's, without any remote script (require.js, MathJax, mermaid,
# the widget renderer all load from a CDN) so that the page reads the same offline, and with
# a little CSS for tables that wrap and print.
_REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  main { max-width: 1200px; margin: 0 auto; }
  .jp-OutputArea-output table.kpi-table { border-collapse: collapse; margin: 0.5em 0;
    font-size: 12px; table-layout: auto; }
  .jp-OutputArea-output table.kpi-table th,
  .jp-OutputArea-output table.kpi-table td { white-space: normal; vertical-align: top;
    padding: 3px 6px; border-bottom: 1px solid #ddd; max-width: 28em; }
  .jp-OutputArea-output table.kpi-table thead th { background: #eef3f8;
    border-bottom: 1px solid #999; }
  .jp-OutputArea-output img { max-width: 100%; height: auto; }
  @media print { main { max-width: none; } thead { display: table-header-group; }
    tr, img { page-break-inside: avoid; } }
</style>
{%- endblock extra_css -%}
"""


def report_title(run_dir: Path) -> str:
    """``Bộ chỉ số 766 — <agency>[ — <unit>] — kỳ <period>`` from the run's scorecard.json."""
    document = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
    units = load_units()
    parts = ["Bộ chỉ số 766", units.agency]
    if document.get("scope"):
        parts.append(units.unit_names().get(document["scope"], document["scope"]))
    return " — ".join([*parts, f"kỳ {document['period']}"])


def _export_html(notebook: Path, title: str) -> Path:
    """``audit.html``: the inspector's view of the executed notebook.

    Outputs and Markdown only (no code, no In/Out prompts), charts embedded as base64 PNG,
    no remote script, titled ``title``. The notebook itself stays in the run folder for
    re-execution.
    """
    exporter = HTMLExporter(
        template_name="lab", template_file="kpi766-report.html.j2",
        extra_loaders=[jinja2.DictLoader({"kpi766-report.html.j2": _REPORT_TEMPLATE})],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )  # fmt: skip
    book = nbformat.read(notebook, as_version=4)
    book.metadata["title"] = title
    body, _ = exporter.from_notebook_node(book, resources={"language_code": "vi"})
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def _run_parent(out_root: Path, agency: str, period: str) -> Path:
    """``out_root/agency/period``, created; refused when it would lie outside ``out_root``.

    A symlinked agency or period folder, or a name with a path separator, would let a run
    write elsewhere: the resolved folder must stay below the resolved output root.
    """
    root = out_root.resolve()
    parent = out_root / agency / period.replace("..", "_")
    inside = parent.resolve().is_relative_to(root) and not any(
        part in ("..", "") or "/" in part or "\\" in part for part in (agency, period)
    )
    for folder in (out_root / agency, parent):
        if folder.is_symlink():
            inside = False
    if not inside:
        raise AuditError(f"Thư mục lần chạy {parent} nằm ngoài thư mục kết quả {root}.")
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def run_audit(parameters: AuditParameters, *, out_root: Path = paths.OUTPUTS_DIR,
              notebook: Path | None = None, progress: bool | None = None) -> Path:  # fmt: skip
    """Execute the audit notebook and archive the run; returns the complete run folder.

    Raises
    ------
    AuditError
        When a cell fails (the message names it) or the archive cannot be written; the
        partial folder is then renamed ``<run-id>.FAILED`` and holds no manifest.
    """
    notebook = notebook or paths.NOTEBOOKS_DIR / "audit.ipynb"
    started = dt.datetime.now().astimezone()
    run_id = f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    agency = load_units().agency_code
    parent = _run_parent(Path(out_root), agency, parameters.period)
    partial, final = parent / f".{run_id}.partial", parent / run_id
    partial.mkdir()
    try:
        execute(
            notebook, partial / "audit.ipynb",
            parameters={**parameters.model_dump(), "output_dir": str(partial)},
            progress=sys.stderr.isatty() if progress is None else progress,
        )  # fmt: skip
        normalise(partial / "audit.ipynb")
        _export_html(partial / "audit.ipynb", report_title(partial))
        scorecard = json.loads((partial / "scorecard.json").read_text(encoding="utf-8"))
        write_manifest(
            partial, inputs=_inputs(parameters), parameters=parameters.model_dump(),
            as_of=scorecard["as_of"], command=sys.argv,
            started_at=started, finished_at=dt.datetime.now().astimezone(),
        )  # fmt: skip
        os.replace(partial, final)
    except Exception as error:
        failed = parent / f"{run_id}.FAILED"
        if partial.exists():
            os.replace(partial, failed)
        if isinstance(error, papermill.PapermillExecutionError):
            raise AuditError(
                f"Ô lệnh số {error.exec_count} (số thứ tự thực thi trong sổ tay) bị lỗi ({error.ename}: {error.evalue}). "
                f"Lần chạy dở dang được giữ ở {failed} để tra cứu."
            ) from None
        raise AuditError(f"Không hoàn thành lần đánh giá: {error}. Xem {failed}.") from error
    return final


def rerun(run_dir: Path | str) -> tuple[bool, str]:
    """Re-execute an archived run with its recorded parameters; compare the numbers.

    The recorded inputs must still be at their recorded paths. Returns whether the scorecard
    (total, every indicator of the agency and of each unit) is identical, and a Vietnamese
    message.
    """
    run_dir = Path(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    parameters = validate_parameters(manifest["parameters"])
    with tempfile.TemporaryDirectory() as scratch:
        again = run_audit(parameters, out_root=Path(scratch), progress=False)
        before = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
        after = json.loads((again / "scorecard.json").read_text(encoding="utf-8"))
        shutil.rmtree(again, ignore_errors=True)
    keys = ("period", "as_of", "total", "max_applicable", "band", "indicators", "units")
    differing = [key for key in keys if before.get(key) != after.get(key)]
    if differing:
        return False, f"Chạy lại cho kết quả khác ở: {', '.join(differing)}."
    return True, f"Chạy lại cho cùng kết quả: tổng {after['total']:.2f} điểm, kỳ {after['period']}."

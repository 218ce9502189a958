"""The archived audit as inspectors read it: charts, the verdict first, a report without code."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import nbformat
import pytest

from kpi import labels, paths
from kpi.archive.runner import run_audit, validate_parameters

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """The bundled sample's June 2024 audit, compared with May (the default ``auto``)."""
    parameters = validate_parameters({"period": "2024-06"})
    return run_audit(parameters, out_root=tmp_path_factory.mktemp("outputs"), progress=False)


def charts(book: nbformat.NotebookNode) -> dict[str, bytes]:
    """The PNG charts a notebook's outputs hold, by kind (``<Biểu đồ kind: …>`` text form)."""
    found = {}
    for cell in book.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/plain", "")
            if "image/png" in data and (match := re.match(r"<Biểu đồ (\w+):", text)):
                found[match[1]] = base64.b64decode(data["image/png"])
    return found


def test_executed_audit_shows_its_charts(run_dir):
    found = charts(nbformat.read(run_dir / "audit.ipynb", as_version=4))
    assert set(found) == {"groups", "unit_heatmap"}
    assert all(png.startswith(PNG) and len(png) > 10_000 for png in found.values())


def test_audit_html_embeds_the_charts(run_dir):
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"', page)
    assert len(images) >= 2
    assert all(base64.b64decode(image).startswith(PNG) for image in images)


@pytest.mark.parametrize(
    ("name", "kinds"), [("audit.ipynb", {"groups", "unit_heatmap"}), ("trend.ipynb", {"trend"})]
)
def test_committed_notebooks_hold_their_charts(name, kinds):
    # nbval compares the charts' text form on re-execution; the stored PNG must be there.
    found = charts(nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4))
    assert set(found) == kinds and all(png.startswith(PNG) for png in found.values())


def test_executed_audit_opens_with_the_verdict_and_ends_with_the_conclusion(run_dir):
    book = nbformat.read(run_dir / "audit.ipynb", as_version=4)
    outputs = [output for cell in book.cells for output in cell.get("outputs", [])]
    first = outputs[0]["data"]["text/html"]
    scorecard = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
    assert first.startswith('<div class="kpi-verdict"')
    assert f"Tổng điểm <b>{scorecard['total']:.2f}/100</b>" in first
    assert f"xếp loại <b>{scorecard['band']}</b>" in first
    assert "So với kỳ 2024-05:" in first and "Mất nhiều điểm nhất" in first
    assert "dòng được sử dụng" in first and "Đơn vị có tỷ lệ điểm thấp nhất" in first
    headings = [cell.source for cell in book.cells if cell.cell_type == "markdown"]
    assert any(source.startswith("## ") and "Kết luận" in source for source in headings[-3:])


def page_text(run_dir: Path) -> tuple[str, str]:
    """The report's head and its body with the embedded images' base64 data left out."""
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    head, _, body = page.partition("<body")
    body = body.partition(">")[2]
    return head, re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\s]+", "data:image/png;base64,", body)


def test_audit_html_charts_have_a_vietnamese_alternative_text(run_dir):
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    tags = re.findall(r"<img[^>]*>", page)
    assert len(tags) >= 2
    assert all(f'alt="{labels.CHART_ALT}"' in tag for tag in tags)
    assert "No description" not in page


def test_audit_html_is_a_report_without_code_or_prompts(run_dir):
    head, body = page_text(run_dir)
    book = nbformat.read(run_dir / "audit.ipynb", as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if len(line.strip()) > 12:  # e.g. "present.show(present.unit_table(scorecard))"
                    assert line.strip() not in body, line
    for marker in (
        "jp-InputArea-editor",
        "jp-CodeMirrorEditor",
        "jp-InputPrompt",
        "jp-OutputPrompt",
        "In&nbsp;[",
        "Out[",
        "highlight",
    ):
        assert marker not in body, marker
    assert (
        "<title>Bộ chỉ số 766 — Sở Nông nghiệp và Phát triển nông thôn — kỳ 2024-06</title>" in head
    )


def test_audit_html_reads_offline(run_dir):
    page = "".join(page_text(run_dir))
    assert not re.search(r"<script[^>]+src=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "cdn" not in " ".join(re.findall(r"<(?:script|link|img|iframe)[^>]*>", page)).lower()
    assert not re.search(r"@import|url\([\"']?https?:", page)


def test_audit_html_tables_are_for_people(run_dir):
    _, body = page_text(run_dir)
    text = re.sub(r"<[^>]+>", " ", body)
    for raw in ("None", "NaN", "nan ", "<NA>", "NaT", "…", "rows ×", "dòng ×"):
        assert raw not in text, raw
    # No index column: every row starts with a data cell; pandas' own tables are gone.
    assert "<tbody><tr><th" not in body and 'class="dataframe' not in body
    assert body.count('<table class="kpi-table">') >= 10
    # One number format: points with 2 decimals, a footnote for "—", the status legend.
    assert re.search(r"<td[^>]*>\d+\.\d{2}</td>", body)
    assert not re.search(r'<td style="text-align:right">-?\d+\.(\d|\d{3,})</td>', body)
    assert "—: không có giá trị" in text and "Chú giải trạng thái" in text
    assert "Tỷ lệ TTHC công khai đầy đủ nội dung các bộ phận tạo thành" in text  # not cut
    assert "dossiers" not in text  # tables by their Vietnamese names


def test_audit_html_begins_with_the_verdict(run_dir):
    _, body = page_text(run_dir)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
    assert text.startswith("Đánh giá Bộ chỉ số 766 (Quyết định 766/QĐ-TTg)")
    verdict = body.index('class="kpi-verdict"')
    assert verdict < body.index("1. Dữ liệu đầu vào") < body.index("9. Kết luận")
    first_words = text[:400]
    assert "Kết luận nhanh" in first_words and "Tổng điểm" in first_words

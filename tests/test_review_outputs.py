"""report.html and metrics.xlsx from a real run: structure, counts and highlights."""

from html.parser import HTMLParser

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.write import read_csv

from .conftest import ROOT


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["extract", "--raw", str(ROOT / "data" / "raw"), "--out", str(out),
                 "--rules", str(ROOT / "rules")]) == 0
    return out


class Items(HTMLParser):
    """Collects each article.item with its section, data attributes and highlighted texts."""

    def __init__(self):
        super().__init__()
        self.items, self.section, self.current, self.mark = [], None, None, None
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs.get("id")
        if tag == "article" and "item" in attrs.get("class", ""):
            self.current = dict(attrs, section=self.section, t="", a="")
            self.items.append(self.current)
        if tag == "mark" and self.current is not None:
            self.mark = attrs["class"]
        if tag in ("script", "link", "img", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.external.append(attrs)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.mark = None
        if tag == "article":
            self.current = None

    def handle_data(self, data):
        if self.mark and self.current is not None:
            self.current[self.mark] += data


def test_report_lists_every_unmet_target_under_each_of_its_units(out):
    html = (out / "report.html").read_text(encoding="utf-8")
    parser = Items()
    parser.feed(html)
    assert parser.external == [] and "http://" not in html.replace('xmlns="http://www.w3.org', "")
    unmet = read_csv(out / "unmet.csv")
    shown = [i for i in parser.items if i["section"] == "unmet"]
    expected = sum(len(units.split(";")) for units in unmet.lead_units)
    assert len(shown) == expected
    for row in unmet.itertuples():
        found = [i for i in shown if i["data-task"] == row.task_id
                 and i["data-target"] == row.target_text and i["data-metric"] == row.metric
                 and i["data-status"] == row.status]
        assert len(found) == len(row.lead_units.split(";")), (row.task_id, row.target_text)
        for item in found:
            assert item["t"] == row.target_text
            assert item["a"] == (row.actual_text or "")


def test_report_counts_equal_metrics(out):
    html = (out / "report.html").read_text(encoding="utf-8")
    metrics = read_csv(out / "metrics.csv")
    counts = metrics.status.value_counts()
    assert f"{len(metrics)} 项数字目标" in html
    assert f"达标 {counts['met']} 项,未达标 {counts['missed']} 项" in html
    parser = Items()
    parser.feed(html)
    assert sum(i["section"] == "met" for i in parser.items) == counts["met"]


def test_report_shows_figures_in_the_reports_own_scale(out):
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "即 10亿美元" in html and "即 200亿元" in html and "20000000000" not in html


def test_workbook_sheets_styles_and_safety(out):
    book = openpyxl.load_workbook(out / "metrics.xlsx")
    assert book.sheetnames == ["metrics", "unmet", "tasks", "by_unit"]
    sheet = book["metrics"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in sheet[1]]
    status = header.index("status") + 1
    fills = {sheet.cell(r, status).value: sheet.cell(r, status).fill.fgColor.rgb
             for r in range(2, sheet.max_row + 1)}
    assert fills["met"].endswith("C6EFCE") and fills["missed"].endswith("FFC7CE")
    assert fills["not_reported"].endswith("FFEB9C")
    actual = header.index("actual_text") + 1
    negative = next(sheet.cell(r, actual) for r in range(2, sheet.max_row + 1)
                    if sheet.cell(r, actual).value == "-4%")
    assert negative.data_type == "s" and negative.quotePrefix
    value = header.index("target_value") + 1
    big = next(sheet.cell(r, value) for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, value).value == 20000000000)
    assert big.number_format == "#,##0"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_by_unit_counts_each_target_once_per_unit(out):
    book = openpyxl.load_workbook(out / "metrics.xlsx")
    rows = list(book["by_unit"].iter_rows(min_row=2, values_only=True))
    metrics = read_csv(out / "metrics.csv")
    assert sum(r[1] for r in rows) == sum(len(u.split(";")) for u in metrics.lead_units)
    commerce = next(r for r in rows if r[0] == "区商务局")
    assert commerce[1] == len(metrics[metrics.lead_units.str.contains("区商务局")])

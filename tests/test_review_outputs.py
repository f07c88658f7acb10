"""report.html, metrics.xlsx and unmet.md from a real run: every count agrees with metrics.csv
(or says what else it counts), labels are Chinese, and each output shows what the CSVs hold."""

import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.contract import (
    FLAGS,
    LABEL_SEPARATOR,
    SHEETS,
    STATUS_FILLS,
    STATUS_LABELS,
    STATUSES,
    MetricRecord,
    headers,
    label,
)
from pipeline.frames import UNLISTED, by_lead_unit, lead_units
from pipeline.write import read_csv

from .conftest import ROOT

SHARED = "区国投集团;区科技局"  # task 7's two lead units


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["extract", "--raw", str(ROOT / "data" / "raw"), "--out", str(out),
                 "--rules", str(ROOT / "rules")]) == 0
    return out


@pytest.fixture(scope="module")
def metrics(out):
    return read_csv(out / "metrics.csv")


class Page(HTMLParser):
    """The page's embedded data and every element that loads something."""

    def __init__(self):
        super().__init__()
        self.data, self.scripts, self.external, self._in_data = "", 0, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
            self._in_data = attrs.get("id") == "data"
        if tag in ("script", "link", "img", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.external.append(attrs)

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data += data


@pytest.fixture(scope="module")
def page(out):
    parser = Page()
    html = (out / "report.html").read_text(encoding="utf-8")
    parser.feed(html)
    return html, parser, json.loads(parser.data)


def test_page_is_self_contained_and_embeds_metrics_as_written(page, out, metrics):
    html, parser, data = page
    assert parser.external == [] and parser.scripts == 2
    assert "http://" not in html and "https://" not in html
    assert data["columns"] == list(metrics.columns)
    assert data["rows"] == metrics.to_numpy().tolist()  # the CSV's text, guard removed
    assert data["rows"][[r[11] for r in data["rows"]].index("-4%")][11] == "-4%"


def test_page_data_quotes_both_cells_at_the_offsets(page, metrics):
    _, _, data = page
    for i, row in enumerate(metrics.itertuples()):
        target_cell, actual_cell = data["tasks"][data["rowTask"][i]]
        assert target_cell[int(row.target_start):int(row.target_end)] == row.target_text
        if row.actual_text:
            assert actual_cell[int(row.actual_start):int(row.actual_end)] == row.actual_text


def test_page_orders_unmet_first_and_lists_shared_targets_under_each_unit(page, out, metrics):
    _, _, data = page
    unmet = read_csv(out / "unmet.csv")
    first = sorted(range(len(metrics)), key=data["rowRank"].__getitem__)[:len(unmet)]
    assert [data["rows"][i][:5] for i in first] == unmet.iloc[:, :5].to_numpy().tolist()
    shared = [i for i, row in enumerate(metrics.itertuples()) if row.lead_units == SHARED]
    assert shared and all([data["units"][u][1] for u in data["rowUnits"][i]] == SHARED.split(";")
                          for i in shared)
    assert data["units"] == by_lead_unit(metrics)[["doc_id", "lead_unit"]].to_numpy().tolist()


def test_page_growth_rates_get_a_point_gap_and_amounts_none(page, metrics):
    _, _, data = page
    gaps = {(r.task_id, r.metric): g for r, g in zip(metrics.itertuples(), data["rowGap"],
                                                     strict=True)}
    assert gaps[("25", "规上工业增加值")] == "-10.5"  # 6.5% target, −4% reported
    assert gaps[("15", "实际利用外资")] is None  # an amount: attainment 88.9%


def test_page_labels_checks_and_columns_in_chinese(page):
    _, _, data = page
    assert all(c["check"] in data["checkLabels"] for c in data["checks"])
    assert all(not c["column"] or c["column"] in data["headers"] for c in data["checks"])
    assert data["labels"]["flags"]["done_without_figure"] == FLAGS["done_without_figure"].zh


def test_page_script_never_parses_report_text_as_html():
    script = (ROOT / "pipeline" / "page" / "review.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


def test_unmet_md_counts_agree_with_metrics(out, metrics):
    text = (out / "unmet.md").read_text(encoding="utf-8")
    unmet = read_csv(out / "unmet.csv")
    counts = Counter(metrics.status)
    shared = sum(len(u.split(";")) > 1 for u in unmet.lead_units)
    assert (f"共 {len(unmet)} 项目标未达标或无法判定(不含达标的 {counts['met']} 项,"
            f"全部目标 {len(metrics)} 项)。其中 {shared} 项由多个单位共同牵头") in text
    entries = len(re.findall(r"^- \*\*", text, re.M))
    assert entries == sum(len(u.split(";")) for u in unmet.lead_units)
    assert f"下列条目共 {entries} 条" in text
    heading = re.compile(r"^### (.+?)\(未达标 (\d+) 项,共 (\d+) 项需关注\)$", re.M)
    found = heading.findall(text)
    assert len(found) == text.count("\n### ") > 5
    for unit, missed, listed in found:
        rows = unmet[unmet.lead_units.map(lambda u, unit=unit: unit in lead_units(u))]
        assert (int(missed), int(listed)) == ((rows.status == "missed").sum(), len(rows)), unit
    assert text.count("共同牵头:") == 2 * shared


def test_unmet_md_units_follow_the_pages_order(out, page):
    _, _, data = page
    text = (out / "unmet.md").read_text(encoding="utf-8")
    units = re.findall(r"^### (.+?)\(", text, re.M)
    unmet = read_csv(out / "unmet.csv")
    with_unmet = {u for cell in unmet.lead_units for u in lead_units(cell)}
    assert len(units) > 5 and units == [unit for _, unit in data["units"] if unit in with_unmet]


def test_unmet_md_speaks_chinese_and_counts_positions_from_one(out):
    text = (out / "unmet.md").read_text(encoding="utf-8")
    assert "done_without_figure" not in text and "标记:仅文字表述完成" in text
    metrics = read_csv(out / "metrics.csv")
    [confidence] = metrics[(metrics.task_id == "25") & (metrics.metric == "规上工业增加值")].confidence
    assert f"- **第25项 · 规上工业增加值** — 未达标,差距 -10.5 个百分点(置信度 {confidence},自动配对)" in text
    assert "  - 目标:`6.5%`(第 89 个字符起)" in text  # offset 88 in metrics.csv
    assert "(置信度 1.00,已复核规则)" in text


@pytest.fixture(scope="module")
def book(out):
    return openpyxl.load_workbook(out / "metrics.xlsx")


def test_workbook_sheets_headers_and_print_setup(book):
    assert book.sheetnames == [name for name, _, _ in SHEETS]
    sheet = book["全部目标"]
    assert [c.value for c in sheet[1]] == list(headers(MetricRecord).values())  # gap_points too
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    for name in book.sheetnames:
        setup = book[name].page_setup
        width = 1 if setup.fitToWidth is None else setup.fitToWidth  # absent: the default, 1
        assert (setup.orientation, setup.paperSize, width, setup.fitToHeight) == (
            "landscape", 9, 1, 0), name
        assert book[name].sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["F"].hidden  # offsets are for scripts, not for print


def _expected(column: str, value: str):
    if value == "":
        return None
    if column in ("target_start", "target_end", "actual_start", "actual_end", "period_months"):
        return int(value)
    if column in ("target_value", "actual_value", "pro_rata_target", "target_upper", "attainment",
                  "confidence", "gap_points"):
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if column == "lead_units":
        return LABEL_SEPARATOR.join(value.split(";"))
    return label(column, value)


def test_workbook_holds_metrics_csv_cell_by_cell(book, metrics):
    sheet = book["全部目标"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(metrics)
    for row, expected in zip(rows, metrics.itertuples(index=False), strict=True):
        for column, value, cell in zip(metrics.columns, expected, row, strict=False):
            assert cell == _expected(column, value), (column, value, cell)


def test_workbook_statuses_colours_percentages_and_safety(book, metrics):
    sheet = book["全部目标"]
    names = [c.value for c in sheet[1]]
    status = names.index("状态") + 1
    fills = {}
    for r in range(2, sheet.max_row + 1):
        cell = sheet.cell(r, status)
        fills.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb[-6:])
    assert fills == {STATUS_LABELS[s]: {STATUS_FILLS[s][1:]} for s in set(metrics.status)}
    assert len(set(STATUS_FILLS.values())) == len(STATUSES)
    attainment = sheet.cell(2, names.index("完成度") + 1)
    assert attainment.number_format == "0.0%" and attainment.value == 1
    actual = names.index("完成数原文") + 1
    negative = next(sheet.cell(r, actual) for r in range(2, sheet.max_row + 1)
                    if sheet.cell(r, actual).value == "-4%")
    assert negative.data_type == "s" and negative.quotePrefix and negative.alignment.wrap_text
    big = next(sheet.cell(r, names.index("目标值") + 1) for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, names.index("目标值") + 1).value == 20000000000)
    assert big.number_format == "#,##0"
    gap = names.index("差距(百分点)") + 1
    assert sorted(v for r in range(2, sheet.max_row + 1)
                  if (v := sheet.cell(r, gap).value) is not None)[0] == -10.5
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_workbook_counts_agree_with_metrics(book, metrics):
    summary = list(book["概况"].iter_rows(values_only=True))
    counts = Counter(metrics.status)
    by_label = {row[0]: row[1] for row in summary if row and row[0] in STATUS_LABELS.values()}
    assert by_label == {STATUS_LABELS[s]: counts.get(s, 0) for s in STATUSES}
    assert next(row[1] for row in summary if row[0] == "全部目标") == len(metrics)
    units = [r for r in book["牵头单位"].iter_rows(min_row=2, values_only=True) if r[2] is not None]
    for _report, unit, targets, shared, *per_status in units:
        rows = metrics[metrics.lead_units.map(lambda u, unit=unit: unit in lead_units(u))]
        assert targets == len(rows) and per_status == [(rows.status == s).sum() for s in STATUSES]
        assert shared == (rows.lead_units.str.count(";") > 0).sum()
    assert sum(r[2] for r in units) == sum(len(u.split(";")) for u in metrics.lead_units)
    assert UNLISTED in next(r[0] for r in book["牵头单位"].iter_rows(values_only=True)
                            if r[0] and str(r[0]).startswith(UNLISTED))

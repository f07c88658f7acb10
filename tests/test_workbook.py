"""metrics.xlsx from small tables: deterministic bytes, nothing evaluated, nothing dropped."""

import io

import openpyxl
import pandas as pd

import pipeline.workbook as workbook
from pipeline.contract import MetricRecord, TaskRecord
from pipeline.frames import frame, unmet


def tables(n=3, **fields):
    rows = []
    for i in range(n):
        values = dict(doc_id="d", task_id=str(i + 1), lead_units="区科技局", metric="企业",
                      target_text="5家", target_start=0, target_end=2, comparator=">=",
                      kind="amount", target_value=5, unit="家", status="missed", source="generic",
                      flags="", confidence=0.5)
        values.update(fields)
        rows.append(MetricRecord(**values))
    metrics = frame(rows, MetricRecord)
    tasks = frame([TaskRecord(doc_id="d", task_id=str(i + 1), lead_units="区科技局",
                              target_cell="5家", actual_cell="", n_targets=1, n_met=0,
                              n_missed=1, n_other=0, flags="") for i in range(n)], TaskRecord)
    documents = pd.DataFrame({"doc_id": ["d"], "title": [None], "tasks": [n], "targets": [n],
                              **{f"n_{s}": [0] for s in ("met", "missed", "not_reported",
                                                        "partial_period", "not_comparable",
                                                        "unparseable")}})
    return metrics, unmet(metrics), tasks, documents


def written(*frames) -> bytes:
    buffer = io.BytesIO()
    workbook.write_workbook(buffer, *frames)
    return buffer.getvalue()


def test_the_same_content_gives_the_same_bytes():
    assert written(*tables()) == written(*tables())


def test_formulas_stay_text_and_control_characters_become_replacement():
    data = written(*tables(metric="=HYPERLINK(\"http://x\")", note="a\x01b", target_text="+5家"))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["全部目标"]
    names = [c.value for c in sheet[1]]
    metric, note = sheet.cell(2, names.index("指标") + 1), sheet.cell(2, names.index("说明") + 1)
    assert (metric.value, metric.data_type, metric.quotePrefix) == (
        '=HYPERLINK("http://x")', "s", True)
    assert note.value == "a\ufffdb"


def test_a_cell_past_the_limit_is_cut_visibly():
    assert workbook.cell_text("字" * 40_000) == "字" * 32_766 + "…"
    assert workbook.cell_text("字" * 10) == "字" * 10


def test_rows_past_a_sheets_limit_continue_on_another_sheet(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)  # a header and two rows per sheet
    book = openpyxl.load_workbook(io.BytesIO(written(*tables(5))))
    parts = [name for name in book.sheetnames if name.startswith("全部目标")]
    assert parts == ["全部目标", "全部目标 2", "全部目标 3"]
    ids = [row[1] for name in parts for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert ids == ["1", "2", "3", "4", "5"]

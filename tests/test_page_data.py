"""The page's embedded data: hostile report text cannot leave its <script> element, and long
lists are written in pieces that join to the same JSON."""

import json
import re

import pandas as pd

from pipeline.contract import MetricRecord, TaskRecord
from pipeline.frames import frame
from pipeline.review_page import JSON_BATCH, _json_parts, render

HOSTILE = "</script><script>alert(1)</script><!--"


def test_report_text_cannot_end_the_data_script():
    metric = MetricRecord(doc_id="d", task_id="1", lead_units=HOSTILE, metric=HOSTILE,
                          target_text="5家", target_start=0, target_end=2, comparator=">=",
                          kind="amount", target_value=5, unit="家", status="not_reported",
                          source="generic", flags="", confidence=0.5, note=HOSTILE)
    task = TaskRecord(doc_id="d", task_id="1", lead_units=HOSTILE, target_cell="5家" + HOSTILE,
                      actual_cell=HOSTILE, n_targets=1, n_met=0, n_missed=0, n_other=1, flags="")
    documents = pd.DataFrame({"doc_id": ["d"], "title": [HOSTILE], "layout": ["pipe"],
                              "period": [None], "tasks": [1]})
    page = "".join(render(frame([metric], MetricRecord), frame([task], TaskRecord), documents, []))
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = json.loads(re.search(r'id="data">(.*?)</script>', page, re.S).group(1))
    assert data["rows"][0][3] == HOSTILE and data["tasks"][0] == ["5家" + HOSTILE, HOSTILE]
    assert data["docs"][0]["name"] == HOSTILE


def test_long_lists_are_written_in_pieces_of_the_same_json():
    data = {"rows": [[i, "<b>"] for i in range(2 * JSON_BATCH + 5)], "units": [["d", "区"]]}
    parts = list(_json_parts(data))
    assert len(parts) > 6 and json.loads("".join(parts)) == data
    assert "<" not in "".join(parts)

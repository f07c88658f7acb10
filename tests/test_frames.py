"""Counting per lead unit: per report, shared targets marked, glosses dropped, one order for all
outputs."""

import pandas as pd
import pytest

from pipeline.frames import UNLISTED, by_lead_unit, grouped, task_label, unit_name


def metrics(rows):
    return pd.DataFrame(rows, columns=["doc_id", "task_id", "lead_units", "status"])


def test_units_are_counted_per_report_and_shared_targets_marked():
    table = by_lead_unit(metrics([
        ("a", "1", "区科技局;区商务局", "missed"),
        ("a", "2", "区科技局", "met"),
        ("b", "1", "区科技局", "missed"),
        ("b", "2", None, "not_reported"),
    ]))
    assert table[["doc_id", "lead_unit", "targets", "shared", "missed", "met"]].values.tolist() == [
        ["a", "区科技局", 2, 1, 1, 1],
        ["a", "区商务局", 1, 1, 1, 0],
        ["b", "区科技局", 1, 0, 1, 0],
        ["b", UNLISTED, 1, 0, 0, 0],
    ]


def test_groups_follow_the_unit_order_and_list_a_shared_target_under_each_unit():
    rows = metrics([("a", "1", "区商务局;区科技局", "missed"), ("a", "2", "区科技局", "missed"),
                    ("a", "3", "区科技局", "met")])
    groups = grouped(rows[rows.status != "met"], by_lead_unit(rows))
    assert [(doc, unit, [r.task_id for r in items]) for doc, unit, items in groups] == [
        ("a", "区科技局", ["1", "2"]), ("a", "区商务局", ["1"])]


@pytest.mark.parametrize("name,shown", [
    ("區發(fā)改局", "區發改局"),
    ("区科技局", "区科技局"),
    ("区委组织部(人才办)", "区委组织部(人才办)"),  # a real bracket, not a gloss
    ("", UNLISTED),
    (None, UNLISTED),
])
def test_unit_names_as_people_read_them(name, shown):
    assert unit_name(name) == shown


@pytest.mark.parametrize("task_id,layout,shown", [
    ("25", "pipe", "第25项"),
    ("s7", "prose", "第7句"),
    ("s7", "pipe", "第s7项"),
    ("t2_1", "lines", "表2第1项"),
    ("s3_4", "xlsx", "工作表3第4项"),
    ("12#2", "pipe", "第12#2项"),
    ("12_2", "pipe", "第12_2项"),
])
def test_task_labels(task_id, layout, shown):
    assert task_label(task_id, layout) == shown

from functools import partial

from pipeline.contract import MetricRecord, SkippedRecord, TaskRecord
from pipeline.frames import frame
from pipeline.units import comparable_units
from pipeline.validate import validate

SAME_UNIT = partial(comparable_units, general="个", groups=[], counters={"家", "个"})


def metric(**changes):
    row = dict(doc_id="d", task_id="1", metric="企业", target_text="5家", target_start=2,
               target_end=4, comparator=">=", kind="amount", target_value=5, unit="家",
               actual_text="6家", actual_start=2, actual_end=4, actual_value=6, status="met",
               source="generic", flags="", confidence=0.9, actual_unit="家")
    row.update(changes)
    return MetricRecord(**row)


TASK = TaskRecord(doc_id="d", task_id="1", target_cell="新增5家", actual_cell="新增6家")


def check(rows, tasks=(TASK,), tasks_in=1):
    return validate(frame(list(rows), MetricRecord), frame(list(tasks), TaskRecord),
                    frame([], SkippedRecord),
                    tasks_in, SAME_UNIT)


def failed(result):
    return {(c["check"], c["column"]) for c in result.failures()}


def test_clean_rows_pass():
    assert check([metric()]).success


def test_unknown_status_and_flag_fail():
    result = check([metric(status="done", flags="spam;shiny")])
    assert ("expect_column_values_to_be_in_set", "status") in failed(result)
    assert ("expect_column_values_to_match_regex", "flags") in failed(result)


def test_met_without_actual_value_fails_but_ratio_only_is_exempt():
    assert ("expect_column_values_to_not_be_null", "actual_value") in failed(
        check([metric(actual_value=None)]))
    assert check([metric(actual_value=None, actual_text=None, actual_start=None,
                         actual_end=None, flags="ratio_only")]).success


def test_units_must_agree_where_compared_after_mapping_counters():
    assert check([metric(actual_unit="个")]).success
    assert ("expect_column_pair_values_to_be_equal", "unit") in failed(check([metric(actual_unit="元")]))


def test_tasks_out_must_equal_tasks_in():
    assert ("expect_table_row_count_to_equal", "") in failed(check([metric()], tasks_in=2))


def test_span_must_point_at_text():
    result = check([metric(target_start=0, target_end=2)])
    assert ("span_points_at_text", "target_text") in failed(result)


def test_confidence_out_of_range_fails():
    assert ("expect_column_values_to_be_between", "confidence") in failed(check([metric(confidence=1.5)]))

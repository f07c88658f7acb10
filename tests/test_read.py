from pipeline.readers.pipe import parse_pipe


def parse(text, vocab):
    return parse_pipe("doc", text, vocab.columns, vocab.unassigned_reasons)


def test_header_row_and_disclaimer(vocab):
    rows, unassigned = parse(
        "序号 | 重点工作 | 牵头单位 | 完成情况 |\n1 | 新增企业5家。 | 区科技局 | 新增企业6家。 |\n声明:本文有删减", vocab)
    assert [(r.task_id, r.target_cell, r.lead_cell, r.actual_cell) for r in rows] == [
        ("1", "新增企业5家。", "区科技局", "新增企业6家。")]
    assert [(u.line, u.reason) for u in unassigned] == [(1, "header"), (3, "disclaimer")]


def test_wrapped_row_joins_lines_and_is_flagged(vocab):
    text = "1 | 森林覆盖率达40.32%。\n| 区林水局 | 森林覆盖率达40.32%。 |\n2 | a | b | c |"
    rows, unassigned = parse(text, vocab)
    assert [r.task_id for r in rows] == ["1", "2"]
    assert rows[0].target_cell == "森林覆盖率达40.32%。"
    assert rows[0].lead_cell == "区林水局"
    assert rows[0].flags == ["wrapped_row"]
    assert rows[0].line == 1 and rows[1].line == 3
    assert unassigned == []


def test_duplicate_ids_get_suffixes(vocab):
    rows, _ = parse("1 | a | b | c |\n1 | d | e | f |\n1 | g | h | i |", vocab)
    assert [r.task_id for r in rows] == ["1", "1#2", "1#3"]
    assert rows[2].flags == ["duplicate_id"]


def test_missing_trailing_pipe_and_no_final_newline(vocab):
    rows, _ = parse("7 | 目标 | 单位 | 完成", vocab)
    assert (rows[0].target_cell, rows[0].actual_cell) == ("目标", "完成")


def test_too_few_cells_is_flagged_not_dropped(vocab):
    rows, _ = parse("3 | 只有目标 |", vocab)
    assert rows[0].task_id == "3" and rows[0].actual_cell == "" and "cell_count" in rows[0].flags


def test_internal_line_breaks_are_kept(vocab):
    rows, _ = parse("4 | 第一行\n第二行 | 单位 | 完成 |", vocab)
    assert rows[0].target_cell == "第一行\n第二行"

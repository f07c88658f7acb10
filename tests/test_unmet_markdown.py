"""unmet.md copies report text safely: escaped where it is named, code spans where it is quoted,
never a line of its own. Example tables of (input, expected), then whole documents rendered by a
CommonMark parser."""

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from pipeline.contract import MetricRecord
from pipeline.frames import frame, unmet
from pipeline.unmet_list import code, escape, unmet_markdown

ESCAPED = [
    ("区科技局", "区科技局"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("[点此](javascript:alert(1))", "\\[点此\\](javascript\\:alert(1))"),
    ("![x](http://a/b.png)", "\\!\\[x\\](http\\://a/b.png)"),
    ("**加粗** _斜体_ ~~删除~~", "\\*\\*加粗\\*\\* \\_斜体\\_ \\~\\~删除\\~\\~"),
    ("a`b`c", "a\\`b\\`c"),
    ("&lt;b&gt; &#60;", "\\&lt;b\\&gt; \\&\\#60;"),
    ("区局\n## 假标题", "区局 \\#\\# 假标题"),
    ("甲\r\n乙\u2028丙\x85丁", "甲 乙 丙 丁"),
    ("a|b", "a\\|b"),
    ("见 www.example.com 或 x@y.cn", "见 www\\.example.com 或 x\\@y.cn"),
    ("C:\\路径", "C\\:\\\\路径"),
    ("NUL\x00here", "NUL\ufffdhere"),
    ("-4%、+5、1. 起", "-4%、+5、1. 起"),  # only block marks at a line start, and none starts one
    (None, ""),
]

CODE_SPANS = [
    ("200亿元", "`200亿元`"),
    ("-4%", "`-4%`"),
    ("a`b", "``a`b``"),
    ("``x", "``` ``x ```"),
    ("1\n## 2", "`1↵## 2`"),
    ("<b>[x](javascript:y)</b>", "`<b>[x](javascript:y)</b>`"),
]


@pytest.mark.parametrize("text,expected", ESCAPED)
def test_escape(text, expected):
    assert escape(text) == expected


@pytest.mark.parametrize("text,expected", CODE_SPANS)
def test_code_span(text, expected):
    assert code(text) == expected


def metric(**fields) -> MetricRecord:
    values = dict(doc_id="d", task_id="1", lead_units="区科技局", metric="新增企业", target_text="5家",
                  target_start=4, target_end=6, comparator=">=", kind="amount", target_value=5,
                  unit="家", actual_text="4家", actual_start=4, actual_end=6, actual_value=4,
                  period="full_year", attainment="0.8", status="missed", source="generic", flags="",
                  confidence=0.8, actual_unit="家", period_months=12, pro_rata_target=5, note=None,
                  target_upper=None)
    values.update(fields)
    return MetricRecord(**values)


def render(rows: list[MetricRecord], title: str = "") -> str:
    metrics = frame(rows, MetricRecord)
    docs = sorted(set(metrics.doc_id))
    documents = pd.DataFrame({"doc_id": docs, "title": [title or None] * len(docs)})
    return unmet_markdown(unmet(metrics), metrics, documents)


def tokens(markdown: str) -> list:
    parsed = MarkdownIt("commonmark").parse(markdown)
    return [*parsed, *(child for t in parsed for child in (t.children or []))]


HOSTILE = [
    ("lead_units", "<script>alert(1)</script>"),
    ("lead_units", "[点此](javascript:alert(1))"),
    ("metric", "<img src=x onerror=alert(1)>"),
    ("metric", "[链接](javascript:alert(1))"),
    ("note", "说明\n# 标题\n<iframe src=//x>"),
    ("doc_id", "报告\n## 注入的标题"),
    ("target_text", "5家`</code><script>"),
    ("actual_text", "](javascript:alert(1))"),
]


@pytest.mark.parametrize("column,value", HOSTILE)
def test_hostile_values_stay_text(column, value):
    fields = {column: value}
    if column == "target_text":
        fields["target_end"] = 4 + len(value)
    markdown = render([metric(**fields)])
    kinds = {t.type for t in tokens(markdown)}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "code_block", "fence"}
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(headings) == 3  # the title, the report, the lead unit
    assert all(line.startswith(("#", "- ", "  - ", "共 ", "每项", "报告文件")) or not line
               for line in markdown.splitlines())


def test_a_report_title_names_the_items_and_the_file_is_quoted():
    markdown = render([metric(doc_id="yuhang-2023")], title="余杭区2023年重点工作")
    assert "## 余杭区2023年重点工作\n\n报告文件:`yuhang-2023`\n" in markdown


def test_shared_targets_are_marked_and_counted():
    markdown = render([metric(lead_units="区科技局;区商务局"), metric(task_id="2")])
    assert "共 2 项目标未达标或无法判定(不含达标的 0 项,全部目标 2 项)。其中 1 项由多个单位共同牵头" in markdown
    assert "故下列条目共 3 条" in markdown
    assert markdown.count("  - 共同牵头:区科技局、区商务局(在每个牵头单位下各列一次)") == 2
    assert markdown.index("### 区科技局(未达标 2 项,共 2 项需关注)") < markdown.index("### 区商务局")


def test_unlisted_bucket_is_explained():
    markdown = render([metric(lead_units=None)])
    assert "### (未列牵头单位)(未达标 1 项,共 1 项需关注)\n\n任务未写明牵头单位" in markdown

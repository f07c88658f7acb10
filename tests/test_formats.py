"""Reports as published: web pages, Word files, PDFs and workbooks, each built in the test from
text, read to the same tasks as the text they came from."""

import io
import shutil
from collections import Counter

import pytest

from pipeline.cli import main
from pipeline.write import read_csv

from . import renderings
from .conftest import ROOT

BUNDLED = ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt"
TITLE = "余杭区2023年政府工作报告重点工作完成情况"
HEADER = "<tr><th>序号</th><th>重点工作</th><th>牵头单位</th><th>完成情况</th></tr>"


def extract(tmp_path, files: dict, *extra):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "out"
    status = main(["extract", "--raw", str(raw), "--out", str(out), *extra])
    tables = {}
    if (out / "documents.csv").exists():
        tables = {t: read_csv(out / f"{t}.csv")
                  for t in ("metrics", "tasks", "unassigned", "documents")}
    return status, tables


def targets(tables):
    """Each target by task, text and status: what two renderings of one report must share."""
    return Counter(zip(tables["metrics"].task_id, tables["metrics"].target_text,
                       tables["metrics"].status, strict=True))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundled")
    status, tables = extract(tmp, {"report.txt": BUNDLED.read_bytes()}, "--no-report-rules")
    assert status == 0
    return tables


RENDERINGS = {
    "html": (lambda rows: renderings.html_page(rows, TITLE), "html", "html", "gb18030"),
    "docx": (lambda rows: renderings.word_file(rows, TITLE), "docx", "docx", ""),
    "pdf": (lambda rows: renderings.pdf_file(rows, TITLE), "pdf", "pdf", ""),
}


@pytest.mark.parametrize("kind", RENDERINGS)
def test_the_bundled_report_as_published_reads_like_its_text(tmp_path, bundled, kind):
    """The page (GB18030 under a gb2312 label, <p> in cells, site chrome), the Word file and the
    PDF printed from it (rows broken across pages, wrapped cells) give the 102 tasks and, in
    generic mode, the text's targets and statuses (measured: 116 of 116 for each)."""
    render, file_kind, reader, encoding = RENDERINGS[kind]
    status, tables = extract(tmp_path, {f"report.{kind}": render(renderings.pipe_rows(BUNDLED))},
                             "--no-report-rules")
    assert status == 0
    assert len(tables["tasks"]) == 102
    text, published = targets(bundled), targets(tables)
    agreement = sum((text & published).values()) / max(sum(text.values()),
                                                       sum(published.values()))
    assert agreement >= 0.95, (text - published, published - text)
    document = tables["documents"].iloc[0]
    assert (document.layout, document.file_kind, document.reader, document.encoding,
            document.title) == ("table", file_kind, reader, encoding, TITLE)
    assert tables["unassigned"].text.tolist()[-1] == "序号 | 重点工作 | 牵头单位 | 完成情况"


def test_the_printed_report_breaks_rows_across_pages():
    """The PDF fixture does what a printed report does, so the test above tests joining."""
    import pdfplumber

    data = renderings.pdf_file(renderings.pipe_rows(BUNDLED), TITLE)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first_rows = [page.find_tables()[0].extract()[:2] for page in pdf.pages[1:]]
    assert all(rows[0] == ["序号", "重点工作", "牵头单位", "完成情况"] for rows in first_rows)
    assert sum(1 for rows in first_rows if rows[1][0] == "") >= 3  # a row continued


# (page body, [(task_id, lead_units, target_cell, actual_cell)], unassigned texts)
PAGES = [
    ("merged lead unit, heading row, entities, <br> and <p> in a cell",
     f"<table>{HEADER}<tr><td colspan=4>一、科技创新</td></tr>"
     "<tr><td>1</td><td>新增企业5家&nbsp;</td><td rowspan=2>区科技局</td>"
     "<td><p>1.新增企业6家&amp;</p><p>2.已完成</p></td></tr>"
     "<tr><td>2</td><td>新增项目3个<br>其中重大项目1个</td><td>新增2个</td></tr></table>",
     [("1", "区科技局", "新增企业5家", "1.新增企业6家&\n2.已完成"),
      ("2", "区科技局", "新增项目3个\n其中重大项目1个", "新增2个")],
     ["序号 | 重点工作 | 牵头单位 | 完成情况", "一、科技创新"]),
    ("a two-row header: 完成情况 split into 完成值 and 完成率; an id merged over two rows",
     "<table><tr><th rowspan=2>序号</th><th rowspan=2>目标任务</th><th colspan=2>完成情况</th>"
     "</tr><tr><th>完成值</th><th>完成率</th></tr>"
     "<tr><td rowspan=2>1</td><td>新增企业5家</td><td>6家</td><td>120%</td></tr>"
     "<tr><td>新增项目4个</td><td>2个</td><td>50%</td></tr></table>",
     [("1", "", "新增企业5家", "6家 | 120%"), ("1_2", "", "新增项目4个", "2个 | 50%")],
     ["序号 | 目标任务 | 完成情况 | 完成情况", "序号 | 目标任务 | 完成值 | 完成率"]),
    ("chrome around a layout table; the data table nested in it",
     "<nav>首页 | 新闻 | 2024年</nav><div class='main-menu'>政务 | 公开</div>"
     "<table><tr><td>发布日期:2024-01-05</td></tr><tr><td>"
     f"<table>{HEADER}<tr><td>1</td><td>新增企业5家</td><td>区科技局</td>"
     "<td>新增企业6家</td></tr></table></td></tr></table>"
     "<footer>版权所有 电话:0571-88888888</footer><script>var a = '1 | 2 | 3';</script>",
     [("1", "区科技局", "新增企业5家", "新增企业6家")],
     ["发布日期:2024-01-05", "序号 | 重点工作 | 牵头单位 | 完成情况"]),
    ("prose only: each sentence that states a target is a unit",
     "<div class='article'><h1>工作进展</h1><p>全年计划新增企业50家。</p>"
     "<p>截至目前已新增企业62家,超额完成。</p></div>",
     [("s2", "", "全年计划新增企业50家。", "全年计划新增企业50家。\n\n截至目前已新增企业62家,超额完成。")],
     ["工作进展", "截至目前已新增企业62家,超额完成。"]),
]


@pytest.mark.parametrize("body,expected,lines", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_web_page_tables_and_text(tmp_path, body, expected, lines):
    page = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    status, tables = extract(tmp_path, {"page.html": page})
    assert status == 0
    got = tables["tasks"][["task_id", "lead_units", "target_cell", "actual_cell"]]
    assert [tuple(r) for r in got.values.tolist()] == expected
    assert tables["unassigned"].text.tolist() == lines


@pytest.mark.parametrize("name,data,reader,encoding", [
    ("page.htm", "<html><head><meta http-equiv='Content-Type' content='text/html; "
     "charset=GB2312'></head><body><table>" + HEADER + "<tr><td>1</td><td>新增企业5家</td>"
     "<td>区科技局</td><td>新增企业6家,镕𠮷</td></tr></table></body></html>",
     "html", "gb18030"),
    ("saved.txt", "\ufeff\n  <!DOCTYPE html><html><body><table>" + HEADER + "<tr><td>1</td>"
     "<td>新增企业5家</td><td>区科技局</td><td>新增企业6家,镕𠮷</td></tr></table></body></html>",
     "html", "utf-8-sig"),
])
def test_pages_are_decoded_by_their_label_and_found_by_their_start(tmp_path, name, data, reader,
                                                                   encoding):
    encoded = data.encode("gb18030") if encoding == "gb18030" else data.encode("utf-8")
    status, tables = extract(tmp_path, {name: encoded})
    assert status == 0
    assert tables["tasks"].actual_cell.tolist() == ["新增企业6家,镕𠮷"]
    document = tables["documents"].iloc[0]
    assert (document.reader, document.encoding, document.file_kind) == (
        reader, encoding, name.rsplit(".", 1)[1])


def test_text_with_a_stray_tag_is_not_a_web_page(tmp_path):
    status, tables = extract(tmp_path, {"notes.txt": "说明<html>\n序号 | 重点工作 | 牵头单位 | "
                                        "完成情况 |\n1 | 新增企业5家 | 区科技局 | 新增企业6家 |\n"})
    assert status == 0 and tables["documents"].reader.tolist() == ["text"]


def word(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_tables_and_paragraphs_in_document_order(tmp_path):
    def build(document):
        document.add_paragraph("一、全年计划新增企业50家。")
        table = document.add_table(rows=4, cols=4)
        for cell, text in zip(table.rows[0].cells, ["序号", "重点工作", "牵头单位", "完成情况"],
                              strict=True):
            cell.text = text
        table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
        table.cell(1, 2).merge(table.cell(3, 2)).text = "区科技局"
        table.cell(1, 1).text, table.cell(2, 1).text = "新增企业5家", "新增项目3个"
        table.cell(1, 3).text = "新增企业6家"
        table.cell(1, 3).add_paragraph("其中高新技术企业2家")
        table.cell(2, 3).text = "新增项目2个"
        table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 3).text = "2", "新增园区1个", ""
        document.add_paragraph("截至年底新增企业53家。")

    status, tables = extract(tmp_path, {"report.docx": word(build)})
    assert status == 0
    got = tables["tasks"][["task_id", "lead_units", "target_cell", "actual_cell"]].values.tolist()
    assert got == [["s1", "", "一、全年计划新增企业50家。", "一、全年计划新增企业50家。\n\n截至年底新增企业53家。"],
                   ["1", "区科技局", "新增企业5家", "新增企业6家\n其中高新技术企业2家"],
                   ["1_2", "区科技局", "新增项目3个", "新增项目2个"],
                   ["2", "区科技局", "新增园区1个", ""]]  # 截至年底…53家 is an outcome, not a unit
    assert tables["documents"].layout.tolist() == ["prose;table"]


def test_pdf_rows_broken_by_a_page_are_joined_and_repeated_headers_dropped(tmp_path):
    import pdfplumber

    rows = [[str(i), f"新增企业{i}0家," + "推进项目建设" * 12, "区科技局",
             f"新增企业{i}2家," + "项目进展顺利" * 14 * i] for i in range(1, 5)]
    data = renderings.pdf_file(rows, "重点工作完成情况", page_height=330)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        continued = [page.find_tables()[0].extract()[1][0] == "" for page in pdf.pages[1:]]
    assert len(continued) >= 2 and any(continued)  # pages break rows, headers repeated
    status, tables = extract(tmp_path, {"small.pdf": data})
    assert status == 0
    tasks = tables["tasks"]
    assert tasks.task_id.tolist() == ["1", "2", "3", "4"]
    assert tasks.target_cell.tolist() == [r[1] for r in rows]  # wraps and page breaks removed
    assert tasks.actual_cell.tolist() == [r[3] for r in rows]
    assert tables["metrics"][["target_text", "actual_text", "status"]].values.tolist()[0] == [
        "10家", "12家", "met"]


def test_a_pdf_without_a_text_layer_is_named_as_a_scan(tmp_path, capsys):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = io.BytesIO()
    Image.new("L", (200, 100), 128).save(picture, format="PNG")
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 50, 500, 200, 100)
    canvas.save()
    status, tables = extract(tmp_path, {"scan.pdf": out.getvalue(),
                                        "good.txt": renderings.pipe_text(1)})
    assert status == 3
    assert "scan.pdf: a scanned PDF with no text layer" in capsys.readouterr().err
    assert tables["documents"][["doc_id", "flags"]].values.tolist() == [
        ["good", ""], ["scan", "not_read"]]


def test_every_sheet_is_read_past_a_wrong_dimension_with_cached_formula_values(tmp_path, capsys):
    data = renderings.xlsx_bytes({
        "任务": [["序号", "目标任务", "牵头单位", "完成情况"],
                ["1", "新增企业5家", "区科技局", ("=\"新增企业\"&6&\"家\"", "新增企业6家")],
                ["2", "新增企业7家", "区科技局", ("=\"新增企业\"&8&\"家\"", None)],
                ["3", "新增企业8家", "", "新增企业9家"],
                ["4", "新增企业4家", "区商务局", "新增企业3家"],
                ["5", "新增企业5家", "区商务局", "新增企业5家"]],
        "第二张": [["说明"], ["序号", "目标任务", "完成情况"], ["1", "新增项目3个", "新增2个"]]},
        dimension="A1:D2", merges={"任务": ["C2:C4"]})
    status, tables = extract(tmp_path, {"book.xlsx": data})
    assert status == 0
    got = tables["tasks"][["task_id", "lead_units", "actual_cell", "flags"]].values.tolist()
    assert got == [["1", "区科技局", "新增企业6家", ""],
                   ["2", "区科技局", "", "formula_without_value"],
                   ["3", "区科技局", "新增企业9家", ""], ["4", "区商务局", "新增企业3家", ""],
                   ["5", "区商务局", "新增企业5家", ""], ["s2_1", "", "新增2个", ""]]
    assert "states its size as 2 rows but holds 6; every row was read" in capsys.readouterr().err
    assert tables["metrics"].status.tolist()[:2] == ["met", "not_reported"]
    assert "formula_without_value" in tables["metrics"]["flags"].tolist()[1].split(";")


@pytest.mark.parametrize("encoding,recorded", [
    ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16")])
def test_csv_in_the_encodings_excel_saves(tmp_path, encoding, recorded):
    text = ("序号,目标任务,牵头单位,完成情况\r\n1,实现产值200亿元,区经信局,实现产值180亿元\r\n"
            "2,\"新增企业5家,其中\n高新技术企业2家\",区科技局,新增企业6家\r\n")
    status, tables = extract(tmp_path, {"sheet.csv": text.encode(encoding)})
    assert status == 0
    assert tables["metrics"][["target_text", "actual_text", "status"]].values.tolist() == [
        ["200亿元", "180亿元", "missed"], ["5家", "6家", "met"], ["2家", "", "not_reported"]]
    assert tables["tasks"].target_cell.tolist()[1] == "新增企业5家,其中\n高新技术企业2家"
    assert tables["documents"].encoding.tolist() == [recorded]


def test_legacy_word_files_say_how_to_convert_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    status, tables = extract(tmp_path, {"old.doc": b"\xd0\xcf\x11\xe0" + bytes(512),
                                        "good.txt": renderings.pipe_text(1)})
    assert status == 3
    err = capsys.readouterr().err
    assert "old.doc: legacy Word file" in err and "soffice --headless --convert-to docx old.doc" in err


def test_a_legacy_xls_workbook_is_read_with_its_merged_cells(tmp_path):
    """Extra check where LibreOffice is installed: it writes the .xls that xlrd then reads."""
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "convert").mkdir()
    source = tmp_path / "convert" / "book.xlsx"
    source.write_bytes(renderings.xlsx_bytes(
        {"任务": [["序号", "目标任务", "牵头单位", "完成情况"], ["1", "新增企业5家", "区科技局", "新增企业6家"],
                 ["2", "新增企业7家", "", 8]]}, merges={"任务": ["C2:C3"]}))
    done = subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir",
                           str(source.parent), str(source)], capture_output=True, timeout=120)
    if done.returncode or not (source.parent / "book.xls").exists():
        pytest.skip("LibreOffice cannot write .xls here")
    status, tables = extract(tmp_path, {"book.xls": (source.parent / "book.xls").read_bytes()})
    assert status == 0
    assert tables["tasks"][["task_id", "lead_units", "actual_cell"]].values.tolist() == [
        ["1", "区科技局", "新增企业6家"], ["2", "区科技局", "8"]]
    assert tables["documents"][["layout", "file_kind", "reader"]].values.tolist() == [
        ["xlsx", "xls", "xls"]]

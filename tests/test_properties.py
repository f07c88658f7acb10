"""Property-based tests: any supported spelling of a value parses back; nothing raises or is lost."""

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.actuals import read_actual
from pipeline.quantities import find_quantities
from pipeline.readers.pipe import parse_pipe
from pipeline.targets import extract_targets
from pipeline.vocabulary import load_vocabulary

from .conftest import ROOT

VOCAB = load_vocabulary(ROOT / "rules")
DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def chinese(n: int) -> str:
    """0 < n < 10^8 in Chinese numerals, the way reports write them (一万二千零五)."""
    def below_10000(k: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = k // value % 10
            if digit:
                out += ("零" if zero and out else "") + DIGITS[digit] + unit
                zero = False
            else:
                zero = True
        return out
    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low)
    return below_10000(high) + "万" + ("零" if 0 < low < 1000 else "") + below_10000(low)


def value_of(text: str) -> Decimal | None:
    quantities = [q for q in find_quantities(f"新增{text}家企业", VOCAB) if q.skip is None]
    assert len(quantities) == 1, [q.text for q in quantities]
    return quantities[0].value


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999999"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(amounts)
def test_arabic_and_full_width(value):
    text = format(value, "f")
    assert value_of(text) == value
    assert value_of(text.translate(FULL_WIDTH)) == value


@given(amounts)
def test_thousands_separators(value):
    assert value_of(f"{value:,f}") == value


@given(st.integers(min_value=1, max_value=99_999_999), st.sampled_from([("万", 10**4), ("亿", 10**8)]))
def test_multipliers_are_exact(units, multiplier):
    word, factor = multiplier
    text = format(Decimal(units) / 100, "f")  # 1234.56万
    assert value_of(text + word) == Decimal(units) / 100 * factor


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals(n):
    assert value_of(chinese(n)) == n


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
@example("\U00011f50")  # KAWI DIGIT ZERO: a digit newer than the interpreter's Unicode tables
@example("新增企业\U00011f55家,截至\U00011f59月完成\U00011f51\U00011f52个")
def test_arbitrary_text_never_raises(text):
    quantities = find_quantities(text, VOCAB)
    targets, skipped = extract_targets(text, VOCAB)
    read_actual(text, VOCAB)
    for q in quantities:
        assert text[q.start:q.end] == q.text
    for item in [*targets, *skipped]:
        assert text[item.start:item.end] == item.text


cell = st.text(alphabet=st.characters(blacklist_characters="|\n\r", blacklist_categories=("Cs",)),
               max_size=40)


@settings(max_examples=200)
@given(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=20))
def test_reader_never_loses_a_row(rows):
    text = "序号 | 重点工作 | 牵头单位 | 完成情况 |\n" + "\n".join(
        f"{i} | {a} | {b} | {c} |" for i, (a, b, c) in enumerate(rows, start=1))
    parsed, _ = parse_pipe("doc", text, VOCAB.columns, VOCAB.unassigned_reasons)
    assert [r.task_id for r in parsed] == [str(i) for i in range(1, len(rows) + 1)]
    strip = " \t\n\u3000"
    assert [(r.target_cell, r.lead_cell, r.actual_cell) for r in parsed] == [
        (a.strip(strip), b.strip(strip), c.strip(strip)) for a, b, c in rows]

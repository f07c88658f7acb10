"""The quantity grammar: every number in a cell with its value, unit, bound words and span.

Numbers are parsed with Decimal and 万/亿 are applied here, not as pint prefixes (万千瓦 would need
two); the unit is looked up in a table pint built once. A number that is not a quantity (a list
marker, a year, a date, a period, a name) is still returned, with the reason in `skip`, so that
nothing in a target cell is dropped silently.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import regex

from .text import View
from .vocabulary import Vocabulary

MAX_DIGITS = 15
MAX_GAP = 2  # spaces between a number and its unit (a PDF puts one between digits and Han)
SPACED_GROUPS = regex.compile(r"(?:[ \u00a0]\d{3}(?!\d))+")  # 2 500万元: thousands split by spaces
MAX_FIGURES = 500  # per cell: beyond this a cell is hostile, not a report
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

NUMBER = regex.compile(
    r"(?P<neg>(?<![0-9A-Za-z])-)?"
    r"(?P<num>\d+(?:,\d{3}(?!\d))*(?:\.\d+)?)(?P<bad>(?:\.{1,2}\d+)+)?"
    rf"|(?P<cn>[{CN_CHARS}]+)"
)
RANGE_SEP = regex.compile(r"\s*[-—~～至到]\s*(?=\d)")
YEAR = regex.compile(r"(?:19|20)\d\d(?=年|\D|$)")
DATE = regex.compile(r"\d{1,2}月(?:\d{1,2}[日号])?(?:[初中底末])?|\d{1,2}[日号](?![线楼])")
DIGIT = regex.compile(r"\d")


@dataclass
class Quantity:
    text: str  # the figure as written: number, multiplier, 余/多, unit
    start: int
    end: int
    value: Decimal | None  # in the canonical unit, multipliers applied
    unit: str | None  # canonical unit
    upper: Decimal | None = None  # range upper bound
    comparator: str | None = None  # from the nearest bound word
    bound_text: str = ""
    bound_after: str = ""  # the bound word written after the figure (以上), if any
    approximate: bool = False
    malformed: bool = False
    out_of_range: bool = False
    skip: str | None = None  # why this number is not a quantity
    direction: str | None = None  # growth / reduction, from the words before it
    ratio: bool = False  # a completion ratio against a plan
    tolerant: bool = False  # a bound read with the ~ tolerance (控制在3%左右)
    flags: list[str] = field(default_factory=list)


def parse_chinese(text: str) -> Decimal | None:
    """Chinese numerals as reports write them; None for a run that is not one number (一二).

    >>> [parse_chinese(t) for t in ("三千", "一百二十", "两", "十二", "三十万", "一万二千零五")]
    [Decimal('3000'), Decimal('120'), Decimal('2'), Decimal('12'), Decimal('300000'), Decimal('12005')]
    >>> parse_chinese("一二") is None
    True
    """
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and ch not in "零〇":
                return None  # 一二: a list, not a number
            digit = CN_DIGITS[ch] if ch not in "零〇" else None
        elif ch in CN_SMALL:
            section += (digit if digit is not None else 1) * CN_SMALL[ch]
            digit = None
        elif ch in CN_BIG:
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            total = (total + section) * CN_BIG[ch] if CN_BIG[ch] > 10**4 else total + section * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def tidy(value: Decimal | None) -> Decimal | None:
    """The value as a reader would write it, never in E notation.

    >>> tidy(Decimal("12000.0")), tidy(Decimal("2.650")), tidy(Decimal("3E+4"))
    (Decimal('12000'), Decimal('2.65'), Decimal('30000'))
    """
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def parse_arabic(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _significant_digits(number: str) -> int:
    return len(number.replace(",", "").replace(".", "").lstrip("0"))


def _spans(view: str, vocab: Vocabulary) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Name spans (numbers inside name something) and period spans (with months)."""
    names = [m.span() for m in vocab.patterns.names.finditer(view, overlapped=True)]
    names.extend(m.span() for m in vocab.patterns.name_patterns.finditer(view))
    periods = [(m.start(), m.end(), m.group()) for p in vocab.periods for m in p.pattern.finditer(view)]
    periods += [(m.start(), m.end(), "date") for m in DATE.finditer(view)]
    return names, periods


QUOTED = regex.compile(r"“[^“”]{1,18}”")


def _quote_ends_with(view: str, q: Quantity, vocab: Vocabulary) -> bool:
    """Whether the quotation holding q ends right after it (and its bound word)."""
    end = q.end
    m = vocab.patterns.bound_after.match(view, end)
    if m:
        end = m.end()
    return q.unit is not None and view.startswith("”", end)


def _positions(spans) -> set[int]:
    return {i for start, end, *_ in spans for i in range(start, end)}


def _match_unit(view: str, pos: int, vocab: Vocabulary) -> str | None:
    m = vocab.patterns.unit.match(view, pos)
    return m.group() if m else None


def separators(view: str, vocab: Vocabulary) -> list[int]:
    """Positions of clause separators, for clause starts by bisection."""
    return [m.start() for m in vocab.patterns.separator.finditer(view)]


def clause_start(seps: list[int], pos: int) -> int:
    i = bisect_left(seps, pos)
    return seps[i - 1] + 1 if i else 0


def clause_end(seps: list[int], pos: int, length: int) -> int:
    i = bisect_left(seps, pos)
    return seps[i] if i < len(seps) else length


def _ends_with(text: str, pattern: regex.Pattern) -> str | None:
    """The word of a list the text ends with (spaces a closed gloss left do not count)."""
    end = len(text.rstrip(" "))
    m = pattern.search(text, max(0, end - 12))
    return m.group().rstrip(" “”\"'") if m else None


def _tail(view: str, pos: int, vocab: Vocabulary) -> tuple[int, Decimal, bool, str | None]:
    """After a number: 余/多, multipliers, the unit. Returns (end, multiplier, approx, surface).
    A space between the number and what follows is read through (50 家, 3.5 亿元)."""
    multiplier, approximate = Decimal(1), False
    gap = pos
    while gap < len(view) and view[gap] == " " and gap - pos < MAX_GAP:
        gap += 1
    if gap > pos and gap < len(view) and (view[gap] in vocab.multipliers
                                          or _match_unit(view, gap, vocab)):
        pos = gap
    while pos < len(view):
        surface = _match_unit(view, pos, vocab)
        if surface:
            return pos + len(surface), multiplier, approximate, surface
        ch = view[pos]
        if ch in vocab.multipliers:
            multiplier *= vocab.multipliers[ch]
        elif ch in vocab.approximate_after and not approximate:
            approximate = True
        elif ch == " " and view.startswith("%", pos + 1):
            pass
        else:
            break
        pos += 1
    return pos, multiplier, approximate, None


def find_quantities(cell: str, vocab: Vocabulary, view_obj: View | None = None,
                    limit: int = MAX_FIGURES, unit_hint: str | None = None,
                    hint_until: int | None = None) -> list[Quantity]:
    """Every number in the cell. Past `limit` figures the rest are returned unread (skip
    `limit`), so a hostile cell costs linear time and is still fully accounted for. unit_hint:
    the unit a column header gives its bare numbers (年度投资目标(萬元): 2954712 is 萬元), up to
    `hint_until` where the cell joins another column (a 完成比例 column is not in 人)."""
    hint = vocab.unit_hint(unit_hint) if unit_hint else None
    view = (view_obj or vocab.view(cell)).text
    names, periods = _spans(view, vocab)
    context = _Context(_positions(names), _positions(periods),
                       _positions(m.span() for m in QUOTED.finditer(view)))
    markers = {m.start(1): m.end() for m in vocab.patterns.marker.finditer(view)}
    seps = separators(view, vocab)
    spam = [(m.start(), m.end(), "spam") for m in vocab.patterns.spam.finditer(view)]
    spans = sorted(spam + [(s, e, "name") for s, e in names if DIGIT.search(view, s, e)]
                   + [(s, e, "date" if text == "date" else "period") for s, e, text in periods
                      if DIGIT.search(view, s, e)],
                   key=lambda span: (span[0], -span[1]))
    covered: dict[int, tuple[int, int, str]] = {}  # position -> first (outermost) span over it
    for span in spans:
        for i in range(span[0], span[1]):
            covered.setdefault(i, span)
    out: list[Quantity] = []
    pos = read = 0
    while (m := NUMBER.search(view, pos)) is not None:
        start = m.start()
        if read >= limit:
            out.append(Quantity(cell[start:m.end()], start, m.end(), None, None, skip="limit"))
            pos = m.end()
            continue
        if start in markers:
            end = markers[start]
            out.append(Quantity(cell[start:end], start, end, None, None, skip="list_marker"))
            pos = end
            continue
        covering = covered.get(start)
        if covering and covering[2] != "spam" and not m.group("num"):
            covering = None  # Chinese numerals inside names are not numbers at all
        if covering:
            s, e, reason = covering
            out.append(Quantity(cell[s:e], s, e, None, None, skip=reason))
            pos = e
            continue
        if m.group("cn") is not None:
            quantity = _chinese(view, cell, m, vocab, context.names)
            pos = m.end()
            if quantity is None:
                continue
        else:
            quantity = _arabic(view, cell, m, vocab)
            pos = quantity.end
        if hint and quantity.unit is None and quantity.skip is None and quantity.value is not None \
                and (hint_until is None or quantity.start < hint_until):
            _apply_hint(quantity, hint, vocab)  # before the checks: 2000 in a (人) column is no year
        _classify(quantity, view, vocab, context, seps)
        out.append(quantity)
        read += 1
    _carry_units(view, out, vocab)
    return out


LIST_GAP = regex.compile(r"\s*[、和及与]\s*")  # between the items of a list of figures


def _carry_units(view: str, quantities: list[Quantity], vocab: Vocabulary) -> None:
    """A list of figures writes its unit once, at the end (分别控制在32、55微克/立方米以内;
    分别为30、58): each bare item takes the unit and multiplier of the item after it."""
    for q, after in reversed(list(zip(quantities, quantities[1:], strict=False))):
        if (q.unit is None and q.skip is None and q.value is not None and after.unit is not None
                and after.skip is None and after.value is not None
                and LIST_GAP.fullmatch(view, q.end, after.start)):
            number = NUMBER.match(view, after.start)
            written = parse_arabic(number.group("num")) if number and number.group("num") else None
            if written:
                q.value = tidy(q.value * after.value / written)
                q.unit, q.comparator = after.unit, q.comparator or after.comparator
    for q, after in zip(quantities, quantities[1:], strict=False):  # 下降2%、2.5%、3%: all falls
        if after.direction is None and q.direction and after.unit == q.unit and (
                after.skip is None and LIST_GAP.fullmatch(view, q.end + len(q.bound_after),
                                                          after.start)):
            after.direction = q.direction


def _apply_hint(q: Quantity, hint, vocab: Vocabulary) -> None:
    multiplier, info = hint
    if q.text[-1:] in vocab.multipliers:
        multiplier = 1  # the figure carries its own multiplier
    q.value = tidy(q.value * multiplier * info.factor)
    q.upper = tidy(q.upper * multiplier * info.factor) if q.upper is not None else None
    q.unit = info.canonical
    q.flags.append("unit_from_header")


@dataclass(frozen=True)
class _Context:
    """Positions of a cell covered by names, periods and quotations, for lookups in O(1)."""

    names: set[int]
    periods: set[int]
    quoted: set[int]


def _chinese(view: str, cell: str, m, vocab: Vocabulary, names: set[int]) -> Quantity | None:
    """A run of Chinese numerals is a quantity only when a unit follows and no name claims it."""
    start, text = m.start(), m.group("cn")
    if start > 0 and view[start - 1] in vocab.not_quantity_before or start in names:
        return None
    if all(ch in CN_BIG for ch in text):
        return None  # 亿元 alone: a multiplier with no number is not a quantity
    value = parse_chinese(text)
    if value is None:
        return None
    end, multiplier, approximate, surface = _tail(view, m.end(), vocab)
    if surface is None or vocab.units[surface].canonical in vocab.not_after_chinese_numerals:
        return None
    info = vocab.units[surface]
    return Quantity(cell[start:end], start, end, tidy(value * multiplier * info.factor), info.canonical,
                    approximate=approximate)


def _arabic(view: str, cell: str, m, vocab: Vocabulary) -> Quantity:
    start = m.start()
    number = m.group("num")
    negative = m.group("neg") is not None
    if m.group("bad"):
        end, _, approximate, surface = _tail(view, m.end(), vocab)
        unit = vocab.units[surface].canonical if surface else None
        return Quantity(cell[start:end], start, end, None, unit, malformed=True,
                        approximate=approximate)
    end_of_number = m.end()
    groups = SPACED_GROUPS.match(view, m.end()) if "." not in number and len(number) <= 3 else None
    if groups:
        tail = _tail(view, groups.end(), vocab)
        percent = tail[3] is not None and vocab.units[tail[3]].canonical in ("%", vocab.points_unit)
        if (tail[3] is not None or tail[1] != 1) and not percent:  # a unit or multiplier follows;
            # a percentage has no thousands (73 100%: two columns, 73 and 100%)
            number += groups.group().replace(" ", "").replace("\u00a0", "")
            end_of_number = groups.end()
    value = parse_arabic(number)
    end, multiplier, approximate, surface = _tail(view, end_of_number, vocab)
    upper = None
    if surface is None and (sep := RANGE_SEP.match(view, end)) and not negative:
        second = NUMBER.match(view, sep.end())
        if second and second.group("num") and not second.group("bad"):
            end2, mult2, approx2, surface2 = _tail(view, second.end(), vocab)
            if surface2 is not None:
                upper = parse_arabic(second.group("num"))
                end, surface, approximate = end2, surface2, approx2
                multiplier = mult2 if multiplier == 1 else multiplier
                upper = upper * mult2
    elif surface is not None and (sep := RANGE_SEP.match(view, end)):
        second = NUMBER.match(view, sep.end())
        if second and second.group("num") and not second.group("bad"):
            end2, mult2, _, surface2 = _tail(view, second.end(), vocab)
            if surface2 == surface:
                upper = parse_arabic(second.group("num")) * mult2
                end = end2
    info = vocab.units.get(surface) if surface else None
    quantity = Quantity(cell[start:end], start, end, None, info.canonical if info else None,
                        approximate=approximate)
    if _significant_digits(number) > MAX_DIGITS:
        quantity.out_of_range = True
        return quantity
    factor = info.factor if info else Decimal(1)
    quantity.value = tidy(value * multiplier * factor * (-1 if negative else 1))
    if upper is not None:
        quantity.upper = tidy(upper * factor)
        quantity.comparator = "range"
    return quantity


def _skip_after(q: Quantity, view: str, vocab: Vocabulary) -> str | None:
    """A word at the figure's end (30项民生实事, 5000多年, 45周年) that makes it no target."""
    for m in vocab.patterns.skip_after.finditer(view, max(q.start, q.end - 3), q.end + 6):
        if m.start() <= q.end <= m.end():
            return vocab.skip_after[m.group()]
    return None


def _counts_its_noun(q: Quantity, view: str, after: int, vocab: Vocabulary) -> bool:
    """确定20个以上示范镇培育点: a count of the noun after it, with no other figure in its clause,
    is the figure (at least 20), not a threshold of items counted elsewhere (10亿元以上项目50个)."""
    if q.unit not in vocab.counters:
        return False
    end = after
    while end < len(view) and view[end] not in vocab.clause_separators:
        end += 1
    return NUMBER.search(view, after, end) is None


def _classify(q: Quantity, view: str, vocab: Vocabulary, context: _Context, seps) -> None:
    """Skip reasons, bound words, growth/reduction and ratio context for one number."""
    if q.start in context.periods and (q.unit is None or q.end - 1 in context.periods):
        q.skip = "period"
    elif (after := _skip_after(q, view, vocab)) is not None:
        q.skip = after
    elif YEAR.match(view, q.start) and (q.unit in (None, "年")) and view[q.start:q.start + 4].isdigit():
        q.skip = "year"
    elif DATE.match(view, q.start) and q.unit is None:
        q.skip = "date"
    elif q.start in context.quoted and not _quote_ends_with(view, q, vocab):
        q.skip = "name"  # “5+1”, “15分钟品质文化生活圈”: a name; “5.5%左右”, “扩招200万人”: a figure
    elif vocab.patterns.scope.match(view, q.start):
        q.skip = "scope"
    clause = clause_start(seps, q.start)
    before = view[clause:q.start]
    if q.unit is None and q.value is not None and q.text[-1:] in vocab.multipliers:
        q.unit = next((u for u, words in vocab.implied_units.items()
                       if any(w in before for w in words)), None)
        after = view[q.end:clause_end(seps, q.end, len(view))]
        q.unit = q.unit or next((u for u, words in vocab.implied_units_after.items()
                                 if any(w in after for w in words)), None)
    if vocab.floor_area and q.unit == vocab.floor_area[0] and any(
            w in view[clause:q.start] for w in vocab.area_words):
        q.unit = vocab.floor_area[1]
    if q.skip is None and (word := _ends_with(before, vocab.patterns.skip_before)):
        q.skip = vocab.skip_before[word]
    bound_before = _ends_with(before, vocab.patterns.bound_before)
    after_match = vocab.patterns.bound_after.match(view, q.end)
    bound_after = after_match.group() if after_match else None
    if bound_after:
        q.bound_after = bound_after
        q.comparator = q.comparator if q.comparator == "range" else vocab.bounds_after[bound_after]
        q.bound_text = bound_after
        if q.comparator == "~" and bound_before and vocab.bounds_before[bound_before] in ("<=", "<"):
            q.comparator, q.tolerant = "<=", True  # 控制在3%左右: a ceiling, with the ~ tolerance
    elif bound_before:
        q.comparator = q.comparator if q.comparator == "range" else vocab.bounds_before[bound_before]
        q.bound_text = bound_before
    elif q.approximate:
        q.comparator = ">="
    if q.skip is None and bound_after in vocab.threshold_bounds:
        after = q.end + len(bound_after)
        if after < len(view) and view[after] not in vocab.clause_separators and (
                view[after] not in vocab.threshold_not_before) and not _counts_its_noun(
                q, view, after, vocab):
            q.skip = "threshold"
    if q.approximate or (bound_after in vocab.approximate) or (bound_before in vocab.approximate):
        q.approximate = True
    stem = before
    if not stem.strip() and clause > 0 and view[clause - 1] == "|":  # 地区生产总值增长 | 6.5%
        stem = view[clause_start(seps, clause - 1):clause - 1]
    if bound_before:
        stem = stem.rstrip(" “”\"'")[: -len(bound_before)]
    if copula := _ends_with(stem, vocab.patterns.copula):  # 涨幅为2.0%
        stem = stem.rstrip(" “”\"'")[: -len(copula)]
    if _ends_with(stem, vocab.patterns.reduction):
        q.direction = "reduction"
    elif _ends_with(stem, vocab.patterns.growth):
        q.direction = "growth"

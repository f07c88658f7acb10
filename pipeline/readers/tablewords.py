"""What the table readers know about words: column roles of header cells, units in headers, lead-unit
cells, milestone periods. The words themselves live in rules/vocabulary/words.yaml (`columns`,
`local_target_words`, `tables`); this module only compiles them once per vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..text import make_view
from ..vocabulary import Period

ROLE_ORDER = ("id", "ratio", "lead", "note", "actual", "target", "label", "unit")
VALUE_ROLES = ("target", "actual", "ratio")
UNIT_BRACKET = regex.compile(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]\s*$")
LONGEST_HEADER = 80  # a cell longer than this names no column (and is never read for one)


@dataclass(frozen=True)
class TableWords:
    columns: dict[str, list[str]]
    local_words: tuple[str, ...]
    lead_names: tuple[str, ...]  # lead_units.yaml spellings without spaces, longest first
    lead_patterns: tuple[regex.Pattern, ...]  # lead_unit_patterns: 区城管局, *区住建局
    lead_cells: tuple[regex.Pattern, ...]  # bare organ names: 农林水务局, 残联
    milestones: tuple[Period, ...]
    unit_lines: tuple[regex.Pattern, ...]
    units: frozenset[str]
    multipliers: frozenset[str]
    seen: dict = field(default_factory=dict, compare=False, repr=False)  # answers per cell

    def role(self, cell: str) -> str | None:
        """The column role a header cell names, read on its simplified view without spaces."""
        if len(cell) > LONGEST_HEADER:
            return None
        key = ("role", cell)
        if key not in self.seen:
            compact = compact_view(cell)
            self.seen[key] = next((role for role in ROLE_ORDER
                                   if any(word in compact for word in self.columns.get(role, []))),
                                  None)
        return self.seen[key]

    def header_unit(self, cell: str) -> str:
        """The unit a header gives its bare numbers, as written: 年度投資目標(萬元) -> 萬元,
        完成率(%) / 完成率% -> %, 新增就业(人) -> 人; '' when it names none."""
        text = cell.strip()
        if text.endswith(("%", "％")):
            return text[-1]
        m = UNIT_BRACKET.search(text)
        if m and self.is_unit(m.group(1)):
            return m.group(1)
        return ""

    def is_unit(self, text: str) -> bool:
        """萬元, 亿元, 人, 万套, %: a unit, a multiplier or a multiplier with a unit."""
        view = compact_view(text)
        if view in ("%", "％") or view in self.units:
            return True
        return bool(view) and view[0] in self.multipliers and (view[1:] in self.units or not view[1:])

    def unit_line(self, line: str) -> str:
        """单位:亿元 -> 亿元 (as written); '' for any other line."""
        view = make_view(line, ()).text
        for pattern in self.unit_lines:
            if (m := pattern.match(view)) and self.is_unit(m.group("unit")):
                return line[m.start("unit"):m.end("unit")]
        return ""

    def is_lead(self, cell: str) -> bool:
        """A cell naming lead units: its first part (before a space or 、) is a known name or shaped
        like one (市民政局 伍泽国, 县卫生健康局, 市委农办(市农业局))."""
        key = ("lead", cell)
        if key not in self.seen:
            self.seen[key] = self._is_lead(cell)
        return self.seen[key]

    def _is_lead(self, cell: str) -> bool:
        parts = regex.split(r"[\s、,，;；]+", make_view(cell, ()).text.strip().lstrip("*"))
        first = parts[0].split("(")[0].split("（")[0] if parts else ""
        if not first or len(first) > 20:
            return False
        if any(first.startswith(name) for name in self.lead_names):
            return True
        whole = parts[0]
        return any(p.fullmatch(first) or p.fullmatch(whole)
                   for p in (*self.lead_patterns, *self.lead_cells))

    def milestone(self, header: str, cell: str = "") -> tuple[str, int | None] | None:
        """The period of a part-year target column, from its header, else from the opening words of
        its cell (4月:完成筛查1480人): (as written, months)."""
        found = _period(self.milestones, header)
        if found is None:
            return None
        if found[1] is not None:
            return found
        own = _period(self.milestones, cell[:8]) if cell else None
        return own if own is not None and own[1] is not None else found


def _period(periods: tuple[Period, ...], text: str) -> tuple[str, int | None] | None:
    view = make_view(text, ()).text
    hits = [(m, p) for p in periods if (m := p.pattern.search(view))]
    if not hits:
        return None
    m, period = min(hits, key=lambda pair: pair[0].start())
    months = int(m.group(period.months)) if isinstance(period.months, str) else period.months
    return text[m.start():m.end()], months if months is None or 0 < months <= 12 else None


def compact_view(text: str) -> str:
    """A cell's simplified view without blanks: 年度投資 目標 -> 年度投资目标."""
    return "".join(make_view(text, ()).text.split())


def table_words(vocab) -> TableWords:
    tables = getattr(vocab, "tables", {}) or {}
    return TableWords(
        columns=vocab.columns,
        local_words=tuple(vocab.local_target_words),
        lead_names=tuple(sorted(vocab.lead_units, key=len, reverse=True)),
        lead_patterns=tuple(vocab.lead_unit_patterns),
        lead_cells=tuple(regex.compile(p) for p in tables.get("lead_cells", [])),
        milestones=tuple(Period(regex.compile(p["pattern"]), p.get("months"))
                         for p in tables.get("milestone_periods", [])),
        unit_lines=tuple(regex.compile(p) for p in tables.get("unit_lines", [])),
        units=frozenset(vocab.units),
        multipliers=frozenset(vocab.multipliers),
    )

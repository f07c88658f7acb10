"""An actual cell read once for all the targets of its task: each figure with the words around it
and what those words say about it (a restatement of the task, a part of another figure, the
completion ratio of the figure before it), the period it covers and the hedges beside it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from .quantities import Quantity, clause_end, clause_start, find_quantities, separators
from .roles import COMPARISON, OUTCOME, RATIO, TARGET, Role, assign_roles
from .text import View
from .vocabulary import Vocabulary
from .wording import Grams, grams

HAN = regex.compile(r"\p{Han}")
SENTENCE_STOP = regex.compile(r"[。；;!！?？\n]")
CONTEXT_BEFORE = 45  # characters before a figure that may name what it measures
CONTEXT_AFTER = 12  # characters after it (1998.5亿元,同比增长11.9%)
SHORT_CONTEXT = 4  # fewer Han characters than this: the subject is in the clause before
OWNED_RATIO_GAP = 14  # characters between a figure and the completion ratio that follows it


@dataclass
class Figure:
    """One figure of an actual cell and what the cell says about it."""

    quantity: Quantity
    role: Role = Role(None)  # what the words around it make it (roles.py)
    context: str | None = None  # words before and after it; None for a figure not read
    restated: bool = False  # a target named in the completion cell (…20个的年度目标任务)
    part: bool = False  # inside a (其中 …) breakdown of another figure
    owned: bool = False  # a ratio stating the completion of the figure right before it
    columnar: bool = False  # a bare figure opening the cell: a table's value, in the target's unit
    _grams: Grams | None = field(default=None, repr=False)

    @property
    def reports(self) -> bool:
        """Whether the figure can be an outcome at all (not a target, base or headline)."""
        return self.role.role in (OUTCOME, COMPARISON)

    @property
    def grams(self) -> Grams:
        if self._grams is None:
            self._grams = grams(self.context or "")
        return self._grams


@dataclass
class ActualCell:
    """The actual cell read once for all targets of a task."""

    text: str
    view: str
    figures: list[Figure]
    markers: list[Quantity]  # list markers (1. 2. …): where numbered items begin
    figures_only: bool = False  # a column of bare figures (4385 | 110%): its unit is the target's
    stops: list[int] = field(default_factory=list)  # sentence ends, for sentence starts
    lists: list[list[int]] = field(default_factory=list)  # 分别 lists of outcomes, by index
    ratio_lists: list[list[int]] = field(default_factory=list)  # 分别完成年度任务的100%、80%

    @property
    def quantities(self) -> list[Quantity]:
        return [f.quantity for f in self.figures]

    def context(self, index: int) -> str:
        return self.figures[index].context or ""

    def has_context(self) -> bool:
        return any(f.context is not None for f in self.figures)

    def has_outcome(self) -> bool:
        """Whether any figure could report a target (an outcome not yet in a ratio)."""
        return any(f.reports and not f.quantity.ratio and f.quantity.skip is None
                   and f.quantity.value is not None for f in self.figures)


def sentence_start(stops: list[int], pos: int) -> int:
    i = bisect_left(stops, pos)
    return stops[i - 1] + 1 if i else 0


def read_actual(cell: str, vocab: Vocabulary, view_obj: View | None = None,
                ratio_from: int | None = None, unit_hint: str | None = None) -> ActualCell:
    """A completion cell: every figure is an outcome unless the words around it say otherwise."""
    view_obj = view_obj or vocab.view(cell)
    view = view_obj.text
    quantities = find_quantities(cell, vocab, view_obj, unit_hint=unit_hint, hint_until=ratio_from)
    roles = assign_roles(view, quantities, vocab, OUTCOME)
    for q, role in zip(quantities, roles, strict=True):
        if role.role == RATIO or (ratio_from is not None and q.start >= ratio_from
                                  and q.unit == "%"):
            q.ratio = True  # 完成率95%; a 占全年计划 column
    figures = [Figure(q, role if not q.ratio else Role(RATIO, role.cue, role.of))
               for q, role in zip(quantities, roles, strict=True)]
    seps = separators(view, vocab)
    stops = [m.start() for m in SENTENCE_STOP.finditer(view)]
    previous_end, previous_context = 0, ""
    for i, figure in enumerate(figures):
        q = figure.quantity
        if q.skip and q.skip != "threshold":
            continue
        clause = clause_start(seps, q.start)
        start = max(clause, previous_end, q.start - CONTEXT_BEFORE)
        before = view[start:q.start]
        if len(HAN.findall(vocab.patterns.strip_words.sub("", before))) < SHORT_CONTEXT and (
                previous_end >= sentence_start(stops, q.start)):
            before = previous_context + before  # 1998.5亿元,同比增长11.9%: the same subject
        following = next((n.start for n in quantities[i + 1:]), len(view))
        after_end = min(clause_end(seps, q.end, len(view)), following, q.end + CONTEXT_AFTER)
        figure.context = before + " " + view[q.end:after_end]
        if q.skip == "threshold":
            continue  # 10亿元以上63个: the threshold belongs to the next figure's words
        previous_end, previous_context = q.end, before
        figure.restated = figure.role.role == TARGET
    for i in _inside_part(view, quantities, vocab):
        figures[i].part = True
    scopes = [(m.start(), _stop_after(view, m.end()))  # 其中 … up to the end of its sentence
              for w in vocab.part_words for m in regex.finditer(regex.escape(w), view)]
    for figure in figures:  # 其中建卡贫困人口10.85万人; 其中,福州市本级8.5公里,鼓楼10公里…
        if any(a < figure.quantity.start < b for a, b in scopes):
            figure.part = True
    lists, ratio_lists = _respectively(view, figures, seps, vocab)
    for i in _owned_ratios(view, quantities, figures):
        figures[i].owned = True
    markers = [q for q in quantities if q.skip == "list_marker"]
    figures_only = not HAN.search(view, 0, ratio_from if ratio_from is not None else len(view))
    first = next((f for f in figures if f.quantity.skip is None), None)
    if first is not None and first.quantity.value is not None and (
            first.quantity.unit is None or "unit_from_header" in first.quantity.flags) and (
            not view[:first.quantity.start].strip()):
        first.columnar = True  # 700 54% 已解决700人…: the completion column's own figure
    return ActualCell(cell, view, figures, markers, figures_only, stops, lists, ratio_lists)


def _stop_after(view: str, pos: int) -> int:
    m = SENTENCE_STOP.search(view, pos)
    return m.start() if m else len(view)


def _respectively(view: str, figures: list[Figure], seps: list[int],
                  vocab: Vocabulary) -> tuple[list[list[int]], list[list[int]]]:
    """二氧化硫和COD排放量前四年累计分别下降26.1%和19.9%: each figure reports its own subject, in
    order; the words each figure is matched by become its subject's. Returns every such list of
    outcomes (实际分别完成95个、310个、7397个), which pair in order with a list of targets."""
    lists, ratio_lists = [], []
    for word in vocab.respectively_words:
        for m in regex.finditer(regex.escape(word), view):
            clause = clause_start(seps, m.start())
            subjects = [s for s in vocab.patterns.list_join.split(view[clause:m.start()]) if s.strip()]
            end = clause_end(seps, m.end(), len(view))
            group = [i for i, f in enumerate(figures) if m.end() <= f.quantity.start < end
                     and f.reports and f.quantity.skip is None and not f.quantity.ratio]
            if len(group) > 1:
                lists.append(group)
            ratios = [i for i, f in enumerate(figures) if m.end() <= f.quantity.start < end
                      and f.quantity.ratio and f.quantity.value is not None]
            if len(ratios) > 1:
                ratio_lists.append(ratios)
            if len(subjects) == len(group) > 1:
                verb = view[m.end():figures[group[0]].quantity.start]
                for subject, i in zip(subjects, group, strict=True):
                    figures[i].context = f"{subject}{verb}"
                    figures[i]._grams = None
    return lists, ratio_lists


def _inside_part(view: str, quantities: list[Quantity], vocab: Vocabulary) -> set[int]:
    """Figures inside a bracket that opens with a part word, at any depth:
    (其中区内消纳540万吨;推进余杭城发(原叶根)…181万吨;…207万吨)."""
    starts = {q.start: i for i, q in enumerate(quantities)}
    out, stack = set(), []
    for pos, ch in enumerate(view):
        if pos in starts and any(any(view.startswith(w, o + 1) for w in vocab.part_words)
                                 for o in stack):
            out.add(starts[pos])
        if ch in "(（":
            stack.append(pos)
        elif ch in ")）" and stack:
            stack.pop()
    return out


def _owned_ratios(view: str, quantities: list[Quantity], figures: list[Figure]) -> set[int]:
    """A ratio right after an outcome states that outcome's completion (2849亩,完成…130%)."""
    out, previous = set(), None
    for i, q in enumerate(quantities):
        if q.skip or q.value is None or not (figures[i].reports or q.ratio):
            continue
        if q.ratio and previous is not None and not quantities[previous].ratio and (
                q.start - quantities[previous].end <= OWNED_RATIO_GAP) and not SENTENCE_STOP.search(
                view, quantities[previous].end, q.start):
            out.add(i)
        previous = i
    return out


def _item_start(pos: int, markers: list[Quantity]) -> int:
    """Where the numbered item (1. 2. …) holding pos begins, or the cell start."""
    return max((m.start for m in markers if m.start <= pos), default=0)


def period_of(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> tuple[str, int | None]:
    """The period a figure covers, read from its numbered item up to the figure
    (`2023年1-9月,…`; `截至目前,…;…325家`); `full_year` when none is written."""
    start = (max(_item_start(q.start, cell.markers), cell.view.rfind("。", 0, q.start) + 1)
             if cell.markers else sentence_start(cell.stops, q.start))
    window = cell.view[start:q.start]
    found = None
    for period in vocab.periods:
        for m in period.pattern.finditer(window):
            if found is None or m.start() >= found[0]:
                found = (m.start(), m, period)
    if found is None:
        return "full_year", 12
    _, m, period = found
    return m.group(), period.months_in(m)


def context_flags(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> list[str]:
    """approximate, estimated, hedged: said beside the figure, never changing its status."""
    sentence = cell.view[sentence_start(cell.stops, q.start):q.start]
    flags = []
    if q.approximate:
        flags.append("approximate")
    if any(w in sentence for w in vocab.estimated):
        flags.append("estimated")
    if any(w in sentence for w in vocab.hedged):
        flags.append("hedged")
    return flags


def stated_ratio(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> Quantity | None:
    """The completion ratio written right after a figure (…2567亩,完成年度计划的102.68%), if any.

    Not one against another body's plan (完成市级年度建设计划161%): that is not our target.
    """
    end = len(cell.view)
    sentence_end = SENTENCE_STOP.search(cell.view, q.end)
    if sentence_end:
        end = sentence_end.start()
    for figure in cell.figures:
        other = figure.quantity
        if other.start < q.end or other.start >= end and not cell.figures_only:
            continue
        if other.ratio and other.value is not None:
            if any(w in (figure.context or "") for w in vocab.other_plan_words):
                return None
            return other
        if other.skip is None and other.value is not None and not cell.figures_only:
            return None  # another figure comes first: the ratio is not about this one
    return None

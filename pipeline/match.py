"""Pair each target with the figure in the actual cell that reports it, or with none.

The generic matcher scores every compatible figure (same unit family, same kind of percentage)
by how many of the metric's words appear just before it, and assigns greedily, best pair first.
What it finds beside the figure (the period it covers, 预计, 基本, a restatement of the task) is
recorded here so that `compare` only has to apply the contract's rules.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .quantities import Quantity, clause_end, clause_start, find_quantities, separators
from .targets import Target
from .text import View
from .vocabulary import Vocabulary

MIN_SCORE = 0.3  # similarity a pairing needs on words alone
SINGLE_CANDIDATE_SCORE = 0.1  # a figure that is the only one of its unit needs less agreement
OTHER_KIND_SCORE = 0.5  # a figure in another unit must name the metric this well
OWNED_RATIO_GAP = 14  # characters between a figure and the completion ratio that follows it
PART_FACTOR = 0.5  # a breakdown figure is a weaker candidate than the whole
TOTAL_BONUS = 0.2  # a total for a target naming several subjects
HAN = regex.compile(r"\p{Han}")
WORD_CHAR = regex.compile(r"[\p{Han}\p{L}\p{N}]")
NUMBER = regex.compile(r"\d+(?:\.\d+)?")
THRESHOLD_WORDS = regex.compile(r"\d+(?:\.\d+)?[万亿]?元?(?:以上|以下)")
SHORT_CONTEXT = 4  # fewer Han characters than this: the subject is in the clause before


@dataclass
class Pairing:
    target: Target
    actual: Quantity | None = None
    period: str = "full_year"
    period_months: int | None = 12
    confidence: float = 0.5
    source: str = "generic"
    flags: list[str] = field(default_factory=list)
    note: str = ""
    status: str | None = None  # set by a reviewed rule entry, or by the table's scope
    stated_ratio: Quantity | None = None  # a completion ratio stated beside the figure
    tolerance: float | None = None
    actual_unit_inferred: bool = False


Grams = tuple[frozenset[str], frozenset[str]]  # (character pairs, single characters)


def grams(text: str) -> Grams:
    chars = WORD_CHAR.findall(text)
    return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False)), frozenset(chars)


def _share(wanted: Grams, found: Grams) -> float:
    pairs, singles = wanted
    pair_share = len(pairs & found[0]) / len(pairs) if pairs else 0.0
    single_share = len(singles & found[1]) / len(singles) if singles else 0.0
    return 0.7 * pair_share + 0.3 * single_share


def similarity(metric: str, context: str, metric_grams: Grams | None = None,
               context_grams: Grams | None = None) -> float:
    """How well the words around a figure name the metric.

    The mean of two shares: of the metric found in the context (long metric, short context:
    新增“品字标浙江制造”、政府质量奖企业等品牌企业 vs 新增品牌企业) and of the context found
    in the metric. Thresholds written in both must agree: 10亿元以上项目 is not 50亿元以上项目.
    """
    wanted = metric_grams or grams(metric)
    found = context_grams or grams(context)
    if not wanted[1] or not found[1]:
        return 0.0
    score = (_share(wanted, found) + _share(found, wanted)) / 2
    metric_numbers, context_numbers = set(NUMBER.findall(metric)), set(NUMBER.findall(context))
    if metric_numbers and context_numbers:
        score = score + 0.1 if metric_numbers & context_numbers else score * 0.6
    elif context_numbers and THRESHOLD_WORDS.search(context):
        score *= 0.6
    return round(min(score, 1.0), 4)


def _item_start(view: str, pos: int, markers: list[Quantity]) -> int:
    """Where the numbered item (1. 2. …) holding pos begins, or the cell start."""
    starts = [m.start for m in markers if m.start <= pos]
    return max(starts, default=0)


SENTENCE_STOP = regex.compile(r"[。；;!！?？\n]")


def _stops(view: str) -> list[int]:
    return [m.start() for m in SENTENCE_STOP.finditer(view)]


def _sentence_start(stops: list[int], pos: int) -> int:
    i = bisect_left(stops, pos)
    return stops[i - 1] + 1 if i else 0


@dataclass
class ActualCell:
    """The actual cell read once for all targets of a task."""

    text: str
    view: str
    quantities: list[Quantity]
    markers: list[Quantity]
    context: dict[int, str]  # quantity index -> words before it
    restated: set[int]
    context_grams: dict[int, Grams] = field(default_factory=dict)  # filled when first compared
    figures_only: bool = False  # a column of bare figures (4385 | 110%): its unit is the target's
    stops: list[int] = field(default_factory=list)  # sentence ends, for sentence starts

    parts: frozenset[int] = frozenset()  # figures inside a (其中 …) breakdown of another
    owned: frozenset[int] = frozenset()  # ratios that state another figure's completion

    def grams_of(self, index: int) -> Grams:
        if index not in self.context_grams:
            self.context_grams[index] = grams(self.context.get(index, ""))
        return self.context_grams[index]


def read_actual(cell: str, vocab: Vocabulary, view_obj: View | None = None,
                ratio_from: int | None = None) -> ActualCell:
    view_obj = view_obj or vocab.view(cell)
    view = view_obj.text
    quantities = find_quantities(cell, vocab, view_obj)
    if ratio_from is not None:  # a 占全年计划 column: its percentages are completion ratios
        for q in quantities:
            if q.start >= ratio_from and q.unit == "%":
                q.ratio = True
    seps = separators(view, vocab)
    stops = _stops(view)
    markers = [q for q in quantities if q.skip == "list_marker"]
    context, restated = {}, set()
    previous_end, previous_context = 0, ""
    for i, q in enumerate(quantities):
        if q.skip and q.skip != "threshold":
            continue
        clause = clause_start(seps, q.start)
        start = max(clause, previous_end, q.start - 30)
        before = view[start:q.start]
        if len(HAN.findall(vocab.patterns.strip_words.sub("", before))) < SHORT_CONTEXT and (
                previous_end >= _sentence_start(stops, q.start)):
            before = previous_context + before  # 1998.5亿元,同比增长11.9%: the same subject
        following = next((n.start for n in quantities[i + 1:]), len(view))
        after_end = min(clause_end(seps, q.end, len(view)), following, q.end + 12)
        context[i] = before + " " + view[q.end:after_end]
        if q.skip == "threshold":
            continue  # 10亿元以上63个: the threshold belongs to the next figure's words
        previous_end, previous_context = q.end, before
        if any(view.startswith(w, q.end) for w in vocab.restatement_after):
            restated.add(i)
    parts = _inside_part(view, quantities, vocab)
    owned = _owned_ratios(view, quantities)
    figures_only = not HAN.search(view, 0, ratio_from if ratio_from is not None else len(view))
    return ActualCell(cell, view, quantities, markers, context, restated, {}, figures_only, stops,
                      parts, owned)


def _inside_part(view: str, quantities: list[Quantity], vocab: Vocabulary) -> frozenset[int]:
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
    return frozenset(out)


def _owned_ratios(view: str, quantities: list[Quantity]) -> frozenset[int]:
    """A ratio right after another figure states that figure's completion (2849亩,完成…130%)."""
    out, previous = set(), None
    for i, q in enumerate(quantities):
        if q.skip or q.value is None:
            continue
        if q.ratio and previous is not None and not quantities[previous].ratio and (
                q.start - quantities[previous].end <= OWNED_RATIO_GAP) and not SENTENCE_STOP.search(
                view, quantities[previous].end, q.start):
            out.add(i)
        previous = i
    return frozenset(out)


def _compatible(target: Target, q: Quantity, vocab: Vocabulary) -> tuple[bool, bool]:
    """(compatible, unit inferred): a unitless figure may stand for the target's unit."""
    if q.skip or q.ratio or (q.value is None and not q.malformed and not q.out_of_range):
        return False, False
    if target.comparator in ("<0", "no_increase"):
        return q.unit == "%" and q.direction is not None, False
    if target.unit == "%":
        growth = target.kind in ("growth_rate", "reduction_rate")
        return q.unit == "%" and (q.direction is not None) == growth, False
    if q.unit is None:
        return target.unit is not None and target.unit != "%", True
    return vocab.same_unit(target.unit, q.unit), False


def _period(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> tuple[str, int | None]:
    item = _item_start(cell.view, q.start, cell.markers)
    start = max(item, cell.view.rfind("。", 0, q.start) + 1) if cell.markers else _sentence_start(
        cell.stops, q.start)
    window = cell.view[start:q.start]
    found = None
    for period in vocab.periods:
        for m in period.pattern.finditer(window):
            if found is None or m.start() >= found[0]:
                found = (m.start(), m, period)
    if found is None:
        return "full_year", 12
    _, m, period = found
    if period.months == "range":
        months = int(m.group("b")) - int(m.group("a")) + 1
    elif isinstance(period.months, str):
        months = int(m.group(period.months))
    else:
        months = period.months
    return m.group(), months


def _context_flags(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> list[str]:
    sentence = cell.view[_sentence_start(cell.stops, q.start):q.start]
    flags = []
    if q.approximate:
        flags.append("approximate")
    if any(w in sentence for w in vocab.estimated):
        flags.append("estimated")
    if any(w in sentence for w in vocab.hedged):
        flags.append("hedged")
    return flags


def pair_generic(targets: list[Target], cell: ActualCell, vocab: Vocabulary,
                 excluded: frozenset[int] = frozenset(),
                 out_of_scope: frozenset[int] = frozenset()) -> list[Pairing]:
    """excluded: starts of figures that are targets themselves (prose: the actual cell begins with
    the target sentence); out_of_scope: targets that do not compete for figures."""
    pairings = [Pairing(t) for t in targets]
    scored = []
    fits: dict[int, set[int]] = {}  # quantity index -> targets it could report
    figures = [qi for qi, q in enumerate(cell.quantities)
               if q.skip is None and q.value is not None and q.start not in excluded]
    for ti, target in enumerate(targets):
        if ti in out_of_scope:
            continue
        metric = target.subject or target.metric
        metric_grams = grams(metric)
        for qi, q in enumerate(cell.quantities):
            ok, inferred = _compatible(target, q, vocab)
            if not ok and cell.figures_only and q.unit == target.unit == "%" and not q.ratio:
                ok = True  # a bare 7.1% in a column of figures reads as the target's kind
            if not ok or qi in cell.restated or q.start in excluded:
                continue
            fits.setdefault(qi, set()).add(ti)
            score = similarity(metric, cell.context.get(qi, ""), metric_grams,
                               cell.grams_of(qi))
            if qi in cell.parts:
                score *= PART_FACTOR
            if "、" in metric and any(w in cell.context.get(qi, "") for w in vocab.total_words):
                score += TOTAL_BONUS
            if inferred:
                score -= 0.15
            scored.append((score, -abs(ti - qi) * 0.001, ti, qi, inferred))
    scored.sort(reverse=True)
    options = {ti: [qi for _, _, t, qi, _ in scored if t == ti] for ti in range(len(targets))}
    used_t, used_q = set(), set()
    for score, _, ti, qi, inferred in scored:
        if ti in used_t or qi in used_q:
            continue
        only = len(options[ti]) == 1 and fits[qi] == {ti} and (not inferred or cell.figures_only)
        sole = only and figures == [qi] and len(targets) - len(out_of_scope) == 1 and not any(
            w in cell.context.get(qi, "") for w in vocab.part_words)
        if score < MIN_SCORE and not (only and (score >= SINGLE_CANDIDATE_SCORE or cell.figures_only
                                                or sole)):
            continue
        used_t.add(ti)
        used_q.add(qi)
        attach(pairings[ti], cell, cell.quantities[qi], vocab)
        pairings[ti].actual_unit_inferred = inferred
        others = [s for s, _, t, q, _ in scored if t == ti and q != qi]
        margin = min(score - max(others, default=0.0), 0.5)
        if cell.figures_only and only:
            score, margin = 0.6, 0.5  # the row's only figure, in a column of figures
        elif sole and score < SINGLE_CANDIDATE_SCORE:
            score, margin = 0.3, 0.0  # the cell's only figure for the row's only target
        pairings[ti].confidence = round(min(1.0, 0.35 + 0.5 * score + 0.3 * margin), 2)
    for ti, pairing in enumerate(pairings):
        if any(cell.quantities[i].value == pairing.target.value for i in cell.restated):
            pairing.flags.append("restated_target")
        if ti not in used_t and ti not in out_of_scope:
            _without_figure(pairing, cell, vocab, [s for s, _, t, _, _ in scored if t == ti],
                            excluded, used_q)
        if pairing.confidence < 0.5:
            pairing.flags.append("review")
    return pairings


def attach(pairing: Pairing, cell: ActualCell, q: Quantity, vocab: Vocabulary) -> None:
    pairing.actual = q
    pairing.period, pairing.period_months = _period(cell, q, vocab)
    pairing.flags.extend(_context_flags(cell, q, vocab))
    pairing.stated_ratio = None if q.ratio else _stated_ratio(cell, q, vocab)


def _stated_ratio(cell: ActualCell, q: Quantity, vocab: Vocabulary) -> Quantity | None:
    """The completion ratio written right after a figure (…2567亩,完成年度计划的102.68%), if any.

    Not one against another body's plan (完成市级年度建设计划161%): that is not our target.
    """
    end = len(cell.view)
    sentence_end = SENTENCE_STOP.search(cell.view, q.end)
    if sentence_end:
        end = sentence_end.start()
    for i, other in enumerate(cell.quantities):
        if other.start < q.end or other.start >= end and not cell.figures_only:
            continue
        if other.ratio and other.value is not None:
            context = cell.context.get(i, "")
            if any(w in context for w in vocab.other_plan_words):
                return None
            return other
        if other.skip is None and other.value is not None and not cell.figures_only:
            return None  # another figure comes first: the ratio is not about this one
    return None


def _sentence_around(view: str, start: int, end: int) -> tuple[int, int]:
    """The sentence or parenthesis holding a stated reason: (网络零售额增速自7月起,数源单位暂停公布)."""
    stops = "。；;()（）\n"
    while start > 0 and view[start - 1] not in stops:
        start -= 1
    while end < len(view) and view[end] not in stops:
        end += 1
    return start, end


def _without_figure(pairing: Pairing, cell: ActualCell, vocab: Vocabulary, near: list[float],
                    excluded: frozenset[int] = frozenset(), used: set[int] | None = None) -> None:
    """No figure: a completion ratio, a stated reason, a figure of another kind, a direction or
    completion in words."""
    target = pairing.target
    metric = target.subject or target.metric
    direction = target.comparator in ("<0", "no_increase", "=") and target.value in (None, 0)
    ratios = [(similarity(metric, cell.context.get(i, "")), i) for i, q in enumerate(cell.quantities)
              if q.ratio and q.value is not None and i not in cell.owned]
    best = max(ratios, default=None)
    if best and best[0] >= MIN_SCORE and not direction:
        attach(pairing, cell, cell.quantities[best[1]], vocab)
        pairing.flags.append("ratio_only")
        pairing.confidence = round(0.35 + 0.5 * best[0], 2)
        return
    for pattern in vocab.no_figure_reasons:
        for m in pattern.finditer(cell.view):
            start, end = _sentence_around(cell.view, m.start(), m.end())
            sentence = cell.view[start:end]
            if similarity(metric, sentence) >= MIN_SCORE or len(cell.context) == 0:
                pairing.note = cell.text[start:end].strip()
                pairing.confidence = 0.7
                return
    if target.comparator in ("<0", "no_increase"):
        outcome = next((w for w in vocab.direction_outcomes if w in cell.view), None)
        if outcome:
            index = cell.view.index(outcome)
            pairing.actual = Quantity(outcome, index, index + len(outcome),
                                      Decimal(vocab.direction_outcomes[outcome]), None)
            pairing.confidence = 0.6
            return
    other = _other_kind(target, cell, vocab, excluded, used or set())
    if other is not None:  # 6个老旧小区改造正在施工中(90%): reported, but not as a count
        attach(pairing, cell, cell.quantities[other], vocab)
        pairing.confidence = 0.6
        return
    relevance = similarity(metric, cell.view)
    if direction:
        found = _direction_clause(cell, target, metric, vocab)
        if found:
            pairing.flags.append("done_without_figure")
            if any(w in found for w in vocab.hedged):
                pairing.flags.append("hedged")
            pairing.confidence = 0.6
            return
    elif relevance >= 0.5 and any(w in cell.view for w in vocab.done_words):
        pairing.flags.append("done_without_figure")
        pairing.confidence = 0.45  # measured: such guesses are right about a third of the time
        return
    pairing.confidence = 0.45 if max(near, default=0.0) > 0.15 else 0.5


def _other_kind(target: Target, cell: ActualCell, vocab: Vocabulary, excluded: frozenset[int],
                used: set[int]) -> int | None:
    """A figure in another unit that names this target's metric: compare calls it not comparable."""
    if target.unit is None or target.comparator in ("<0", "no_increase", "="):
        return None
    metric = target.subject or target.metric
    best = None
    for i, q in enumerate(cell.quantities):
        if (q.skip or q.value is None or q.unit in (None, target.unit) or q.start in excluded
                or i in used or i in cell.restated or q.ratio):
            continue
        if target.unit == "%" or (q.unit != "%" and vocab.same_unit(target.unit, q.unit)):
            continue
        score = similarity(metric, cell.context.get(i, ""), None, cell.grams_of(i))
        if score >= OTHER_KIND_SCORE and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def _direction_clause(cell: ActualCell, target: Target, metric: str, vocab: Vocabulary) -> str:
    """The sentence saying a direction target was kept (三公经费支出比上年只减不增), if any."""
    words = [target.text, *vocab.done_words]
    for sentence in regex.split(r"[。；;]", cell.view):
        if any(w in sentence for w in words) and similarity(metric, sentence) >= 0.25:
            return sentence
    return ""

"""Pair each target with the figure of the actual cell that reports it, or with none.

The generic matcher scores every compatible figure (same unit family, same kind of percentage)
by how well the words around it name the target's metric, and assigns greedily, best pair first.
What it finds beside the figure (the period it covers, 预计, 基本, a completion ratio) is recorded
on the pairing so that `compare` only has to apply the contract's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .actuals import ActualCell, context_flags, period_of, stated_ratio
from .quantities import Quantity
from .targets import Target
from .vocabulary import Vocabulary
from .wording import grams, similarity

# Scores are word similarities (0-1, `wording.similarity`).
MIN_SCORE = 0.3  # what a pairing needs on words alone
SINGLE_CANDIDATE_SCORE = 0.1  # a figure that is the only one of its unit needs less agreement
OTHER_KIND_SCORE = 0.5  # a figure in another unit must name the metric this well
PART_FACTOR = 0.5  # a breakdown figure (其中 …) is a weaker candidate than the whole
TOTAL_BONUS = 0.2  # a total (共计) for a target naming several subjects
INFERRED_UNIT_PENALTY = 0.15  # a bare figure standing for the target's unit
POSITION_TIEBREAK = 0.001  # equal scores: the figure nearer the target's position wins
SAME_SEGMENT_BONUS = 0.15  # prose: an outcome in the target's own stretch between semicolons
DISTANCE_TIEBREAK = 0.00001  # prose: per character between the target and the figure
SOLE_RATIO_CONFIDENCE = 0.55  # the only completion ratio beside the only target
LIST_CONFIDENCE = 0.85  # a 分别 list of outcomes paired in order with as many targets
EQUAL_VALUE_BONUS = 0.05  # a figure equal to the target, in its unit, likely reports it
DONE_RELEVANCE = 0.5  # a cell this close to the metric that says 已完成 reports it in words
DIRECTION_CLAUSE_SCORE = 0.25  # a sentence naming a direction target this well reports it
# Confidence = BASE + SCORE_WEIGHT × score + MARGIN_WEIGHT × margin over the next candidate.
BASE = 0.35
SCORE_WEIGHT = 0.5
MARGIN_WEIGHT = 0.3
MARGIN_CAP = 0.5
COLUMN_FIGURE_SCORE = 0.6  # the row's only figure in a column of bare figures
SOLE_FIGURE_SCORE = 0.3  # the cell's only figure for the row's only target, on weak words
# Confidence where no figure was paired, by the evidence found.
STATED_REASON_CONFIDENCE = 0.7  # 数源单位暂停公布 in a sentence naming the metric
DIRECTION_CONFIDENCE = 0.6  # 零增长, or a sentence saying a direction target was kept
OTHER_KIND_CONFIDENCE = 0.6  # a figure in another unit naming the metric
DONE_IN_WORDS_CONFIDENCE = 0.45  # measured: such guesses are right about a third of the time
NEAR_MISS_SCORE = 0.15  # a candidate this close was turned down
NEAR_MISS_CONFIDENCE = 0.45
NOTHING_CONFIDENCE = 0.5


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
    reviewed_status: str | None = None  # set by a reviewed rule entry
    in_scope: bool = True  # False: a higher level's target beside the report's own column
    stated_ratio: Quantity | None = None  # a completion ratio stated beside the figure
    tolerance: float | None = None
    actual_unit_inferred: bool = False
    one_year_of_plan: bool = False  # a several-year plan's target against one year's figure
    increment_for_stock: bool = False  # a level to reach against an amount added
    other_noun: str = ""  # 47台 | 47个点位: what a general 个 counts, where the target counts else
    one_of_listed: str = ""  # 省现代化学校等示范标杆学校20所 | 新增省现代化学校10所: the one named
    total_for_each: bool = False  # 每个网格配备1名以上 | 共配备网格员11450名: a total, not per unit


def _compatible(target: Target, q: Quantity, vocab: Vocabulary) -> tuple[bool, bool]:
    """(compatible, unit inferred): a unitless figure may stand for the target's unit."""
    if q.skip or q.ratio or (q.value is None and not q.malformed and not q.out_of_range):
        return False, False
    if target.comparator in ("<0", "no_increase"):
        return q.unit == "%" and q.direction is not None, False
    if target.unit == "%":
        growth = target.kind in ("growth_rate", "reduction_rate")
        return q.unit == "%" and (q.direction is not None) == growth, False
    if q.unit is None:  # a bare figure stands for the target's unit (or both are bare columns)
        return target.unit != "%", True
    return vocab.same_unit(target.unit, q.unit), False


SEGMENT = regex.compile(r"[；;\n]")


def _segments(view: str) -> list[int]:
    """Where each stretch between semicolons and line breaks ends."""
    return [m.start() for m in SEGMENT.finditer(view)] + [len(view)]


def _segment(ends: list[int], pos: int) -> int:
    return next(i for i, end in enumerate(ends) if pos <= end)


def pair_generic(targets: list[Target], cell: ActualCell, vocab: Vocabulary,
                 excluded: frozenset[int] = frozenset(),
                 out_of_scope: frozenset[int] = frozenset(),
                 target_at: int | None = None) -> list[Pairing]:
    """excluded: starts of figures that are targets themselves (prose: the target sentence lies
    inside the actual cell); out_of_scope: targets that do not compete for figures; anchors: where
    each target stands inside the actual cell (prose), so that an outcome in its own stretch of
    text and nearer to it is preferred over the same words elsewhere (three regions, one metric)."""
    pairings = [Pairing(t, in_scope=i not in out_of_scope) for i, t in enumerate(targets)]
    anchors = [target_at + t.start if target_at is not None else None for t in targets]
    ends = _segments(cell.view)
    scored = []
    # An outcome reports one target per period: the annual target and the 4月 milestone of the
    # same metric may both be judged by the same figure.
    key = [t.period[0] if t.period else None for t in targets]
    fits: dict[tuple[int, str | None], set[int]] = {}  # (figure, period) -> targets it could report
    figures = [qi for qi, f in enumerate(cell.figures)
               if f.quantity.skip is None and f.quantity.value is not None and f.reports
               and f.quantity.start not in excluded]
    for ti, target in enumerate(targets):
        if ti in out_of_scope:
            continue
        metric = target.subject or target.words or target.metric
        metric_grams = grams(metric)
        for qi, figure in enumerate(cell.figures):
            q = figure.quantity
            ok, inferred = _compatible(target, q, vocab)
            if not ok and cell.figures_only and q.unit == target.unit == "%" and not q.ratio:
                ok = True  # a bare 7.1% in a column of figures reads as the target's kind
            if not ok or not figure.reports or q.start in excluded:
                continue
            fits.setdefault((qi, key[ti]), set()).add(ti)
            score = similarity(metric, figure.context or "", metric_grams, figure.grams,
                               vocab.patterns.threshold_phrase)
            if figure.part != target.part:  # a breakdown against a whole, or the reverse
                score *= PART_FACTOR
            if "、" in metric and any(w in (figure.context or "") for w in vocab.total_words):
                score += TOTAL_BONUS
            if q.value is not None and q.value == target.value and q.unit is not None:
                score += EQUAL_VALUE_BONUS  # 提高到609元 | …山区县提高到城镇609元/人月
            if figure.columnar and target.unit != "%" and (
                    inferred or "unit_from_header" in q.flags):
                score = max(score, COLUMN_FIGURE_SCORE)  # the column's value, beside its ratio
            elif inferred:
                score -= INFERRED_UNIT_PENALTY
            tiebreak = -abs(ti - qi) * POSITION_TIEBREAK
            if "target_in_completion_cell" in target.flags and (
                    q.start > anchors[ti] or _segment(ends, anchors[ti]) != _segment(ends, q.start)):
                continue  # a target named after its outcome (…31个,超额完成25个的目标) looks back
            if anchors[ti] is not None:
                if _segment(ends, anchors[ti]) == _segment(ends, q.start):
                    score += SAME_SEGMENT_BONUS
                tiebreak = -abs(anchors[ti] - q.start) * DISTANCE_TIEBREAK
            scored.append((score, tiebreak, ti, qi, inferred))
    scored.sort(reverse=True)
    options = {ti: [qi for _, _, t, qi, _ in scored if t == ti] for ti in range(len(targets))}
    used_t, used_q = set(), set()
    derived = [(ti, qi) for ti, t in enumerate(targets) if t.derived_from is not None
               and target_at is not None for qi, f in enumerate(cell.figures)
               if f.quantity.start == target_at + t.derived_from]
    for ti, qi in [*derived, *_in_order(targets, cell, vocab, anchors, out_of_scope, ends)]:
        if ti in used_t or (qi, key[ti]) in used_q:
            continue
        used_t.add(ti)  # 全年计划…80个,…271个,…6581个,实际分别完成95个、310个、7397个
        used_q.add((qi, key[ti]))
        attach(pairings[ti], cell, cell.figures[qi].quantity, vocab)
        pairings[ti].confidence = LIST_CONFIDENCE
    for score, _, ti, qi, inferred in scored:
        if ti in used_t or (qi, key[ti]) in used_q:
            continue
        wholes = [q for q in options[ti] if cell.figures[q].part == targets[ti].part]
        only = (len(options[ti]) == 1 or wholes == [qi]) and fits[(qi, key[ti])] == {ti} and (
            not inferred or cell.figures_only or cell.figures[qi].columnar)
        sole = only and figures == [qi] and len(targets) - len(out_of_scope) == 1 and not any(
            w in cell.context(qi) for w in vocab.part_words)
        if score < MIN_SCORE and not (only and (score >= SINGLE_CANDIDATE_SCORE or cell.figures_only
                                                or sole)):
            continue
        used_t.add(ti)
        used_q.add((qi, key[ti]))
        attach(pairings[ti], cell, cell.figures[qi].quantity, vocab)
        pairings[ti].actual_unit_inferred = inferred
        others = [s for s, _, t, q, _ in scored if t == ti and q != qi]
        margin = min(score - max(others, default=0.0), MARGIN_CAP)
        if cell.figures_only and only:
            score, margin = COLUMN_FIGURE_SCORE, MARGIN_CAP
        elif sole and score < SINGLE_CANDIDATE_SCORE:
            score, margin = SOLE_FIGURE_SCORE, 0.0
        pairings[ti].confidence = round(min(1.0, BASE + SCORE_WEIGHT * score
                                            + MARGIN_WEIGHT * margin), 2)
    for ti, target in enumerate(targets):  # the year's target and its 4月 milestone: one outcome
        twin = next((p for p in pairings if p.actual is not None and p.target.period
                     and p.target is not target and vocab.same_unit(p.target.unit, target.unit)
                     and p.actual.unit is not None), None)
        if ti not in used_t and ti not in out_of_scope and not target.period and twin:
            used_t.add(ti)
            attach(pairings[ti], cell, twin.actual, vocab)
            pairings[ti].confidence = twin.confidence
    for ti, ri in _ratios_in_order(targets, cell, anchors, out_of_scope, ends, used_t):
        used_t.add(ti)  # 新增养老床位300张、服务中心12个 | 分别完成年度目标的112%、75%
        attach(pairings[ti], cell, cell.figures[ri].quantity, vocab)
        pairings[ti].flags.append("ratio_only")
        pairings[ti].confidence = LIST_CONFIDENCE
    competing = len(targets) - len(out_of_scope)
    for ti, pairing in enumerate(pairings):
        if any(f.restated and f.quantity.value == pairing.target.value
               and f.quantity.start not in excluded for f in cell.figures):
            pairing.flags.append("restated_target")
        if ti not in used_t and ti not in out_of_scope:
            _without_figure(pairing, cell, vocab, [s for s, _, t, _, _ in scored if t == ti],
                            excluded, {qi for qi, _ in used_q}, competing == 1)
    return pairings


def _in_order(targets: list[Target], cell: ActualCell, vocab: Vocabulary,
              anchors: list[int | None], out_of_scope: frozenset[int],
              ends: list[int]) -> list[tuple[int, int]]:
    """A 分别 list of outcomes pairs in order with as many targets of the same unit before it (in
    prose, in the same stretch between semicolons)."""
    pairs = []
    for group in cell.lists:
        first = cell.figures[group[0]].quantity
        if any(not vocab.same_unit(cell.figures[i].quantity.unit, first.unit) for i in group):
            continue
        pairs += _listed(targets, group, first, anchors, ends, lambda ti, t, q=first: (
            ti not in out_of_scope and _compatible(t, q, vocab)[0]))
    return pairs


def _listed(targets: list[Target], group: list[int], first: Quantity, anchors: list[int | None],
            ends: list[int], eligible) -> list[tuple[int, int]]:
    """The eligible targets before a list (in prose, in its stretch), in order, paired with its
    figures where there are as many."""
    candidates = [ti for ti, t in enumerate(targets) if eligible(ti, t) and (
        anchors[ti] is None or (anchors[ti] < first.start
                                and _segment(ends, anchors[ti]) == _segment(ends, first.start)))]
    candidates.sort(key=lambda ti: (anchors[ti] or 0, targets[ti].start, targets[ti].order))
    return list(zip(candidates, group, strict=True)) if len(candidates) == len(group) else []


def _ratios_in_order(targets: list[Target], cell: ActualCell, anchors: list[int | None],
                     out_of_scope: frozenset[int], ends: list[int],
                     used: set[int]) -> list[tuple[int, int]]:
    """A 分别 list of completion ratios pairs in order with as many targets still without an
    outcome (before it, in prose in the same stretch between semicolons)."""
    pairs = []
    for group in cell.ratio_lists:
        first = cell.figures[group[0]].quantity
        pairs += _listed(targets, group, first, anchors, ends, lambda ti, t: ti not in out_of_scope
                         and ti not in used and t.unit != "%")
    return pairs


def attach(pairing: Pairing, cell: ActualCell, q: Quantity, vocab: Vocabulary) -> None:
    """Make q the pairing's actual, with the period it covers and what is said beside it."""
    pairing.actual = q
    pairing.period, pairing.period_months = period_of(cell, q, vocab)
    pairing.flags.extend(context_flags(cell, q, vocab))
    pairing.stated_ratio = None if q.ratio else stated_ratio(cell, q, vocab)
    pairing.one_year_of_plan = _one_year_of_plan(pairing.target, cell.view, q, vocab)
    pairing.increment_for_stock = pairing.target.stock and _increment(cell.view, q, vocab)
    pairing.other_noun = _other_noun(pairing.target, cell.view, q, vocab)
    pairing.one_of_listed = _one_of_listed(pairing.target, cell.view, q, vocab)
    pairing.total_for_each = _total_for_each(pairing.target, cell.view, q, vocab)


def _total_for_each(target: Target, view: str, q: Quantity, vocab: Vocabulary) -> bool:
    """A target per unit (每个网格配备1名以上) against a figure whose clause names no unit of
    account (共有专兼职网格员11450名): a total, which says nothing of each unit."""
    if not vocab.patterns.per_unit.search(target.subject or target.metric):
        return False
    clause = view[_clause_start(view, q.start):q.start]
    return not vocab.patterns.per_unit.search(clause) and not any(
        w in clause for w in vocab.each_words)


def _one_of_listed(target: Target, view: str, q: Quantity, vocab: Vocabulary) -> str:
    """A target over a class named by examples (省现代化学校等示范标杆学校20所) reported for one
    example only (新增省现代化学校10所): the figure is a part of the target."""
    metric = target.subject or target.metric
    if vocab.etc_word not in metric:
        return ""
    named, _, kind = metric.rpartition(vocab.etc_word)
    clause = view[_clause_start(view, q.start):q.end + 8]
    if len(kind) < 2 or kind[:2] in clause:
        return ""
    return next((item[-4:] for item in named.split("、")  # an example by its last words
                 if len(item) >= 2 and item[-2:] in clause), "")


NOUN_AFTER = regex.compile(r"[\p{Han}“”\"]{1,10}")


def _other_noun(target: Target, view: str, q: Quantity, vocab: Vocabulary) -> str:
    """A figure in the general counter (个) followed by its noun, against a target in another
    counter whose words do not name that noun: 安装除颤仪47台 | 完成47个点位设置 counts places."""
    if q.unit != vocab.general_counter or target.unit in (None, q.unit) or (
            target.unit not in vocab.counters):
        return ""
    m = NOUN_AFTER.match(view, q.end)
    noun = m.group().strip("“”\"") if m else ""
    words = target.metric + target.words
    if len(noun) < 2 or noun[:2] in words or noun[-2:] in words:
        return ""  # 3个幼儿园 | 新建幼儿园3所; 3个社区食堂 | 老年食堂3家: the same thing
    return noun


def _increment(view: str, q: Quantity, vocab: Vocabulary) -> bool:
    """新增学位1290个: the figure's clause adds an amount and names no total."""
    clause = view[_clause_start(view, q.start):q.start]
    return any(w in clause for w in vocab.increment_words) and not any(
        w in clause for w in vocab.total_now_words)


CLAUSE_STOP = regex.compile(r"[,，;；。:：\n]")


def _clause_start(view: str, pos: int) -> int:
    """Where the clause holding pos starts (after the last comma, semicolon, stop or line break)."""
    stops = [m.end() for m in CLAUSE_STOP.finditer(view, 0, pos)]
    return stops[-1] if stops else 0


def _one_year_of_plan(target: Target, view: str, q: Quantity, vocab: Vocabulary) -> bool:
    """“十三五”…控制目标为133万吨 | 2017年度能耗总量增长20.26万吨: one year of a plan's span."""
    if not any(w in target.metric + target.words for w in vocab.plan_period_words):
        return False
    clause = view[_clause_start(view, q.start):q.start]
    return bool(vocab.patterns.one_year.search(clause)) and not any(
        w in clause for w in vocab.cumulative_words)


def _sentence_around(view: str, start: int, end: int) -> tuple[int, int]:
    """The sentence or parenthesis holding a stated reason: (网络零售额增速自7月起,数源单位暂停公布)."""
    stops = "。；;()（）\n"
    while start > 0 and view[start - 1] not in stops:
        start -= 1
    while end < len(view) and view[end] not in stops:
        end += 1
    return start, end


def _without_figure(pairing: Pairing, cell: ActualCell, vocab: Vocabulary, near: list[float],
                    excluded: frozenset[int] = frozenset(), used: set[int] | None = None,
                    alone: bool = False) -> None:
    """No figure: a completion ratio, a stated reason, a figure of another kind, a direction or
    completion in words. alone: the target is its task's only one."""
    target = pairing.target
    metric = target.subject or target.metric
    direction = target.comparator in ("<0", "no_increase", "=") and target.value in (None, 0)
    ratios = [(similarity(metric, cell.context(i), threshold_words=vocab.patterns.threshold_phrase),
               i) for i, f in enumerate(cell.figures)
              if f.quantity.ratio and f.quantity.value is not None and not f.owned]
    best = max(ratios, default=None)
    if best and best[0] >= MIN_SCORE and not direction:
        attach(pairing, cell, cell.figures[best[1]].quantity, vocab)
        pairing.flags.append("ratio_only")
        pairing.confidence = round(BASE + SCORE_WEIGHT * best[0], 2)
        return
    if alone and len(ratios) == 1 and not direction and not cell.has_outcome():
        attach(pairing, cell, cell.figures[ratios[0][1]].quantity, vocab)  # 完成率达100%
        pairing.flags.append("ratio_only")
        pairing.confidence = SOLE_RATIO_CONFIDENCE
        return
    for pattern in vocab.no_figure_reasons:
        for m in pattern.finditer(cell.view):
            start, end = _sentence_around(cell.view, m.start(), m.end())
            sentence = cell.view[start:end]
            if similarity(metric, sentence, threshold_words=vocab.patterns.threshold_phrase) >= (
                    MIN_SCORE) or not cell.has_context():
                pairing.note = cell.text[start:end].strip()
                pairing.confidence = STATED_REASON_CONFIDENCE
                return
    if target.comparator in ("<0", "no_increase"):
        outcome = next((w for w in vocab.direction_outcomes if w in cell.view), None)
        if outcome:
            index = cell.view.index(outcome)
            pairing.actual = Quantity(outcome, index, index + len(outcome),
                                      Decimal(vocab.direction_outcomes[outcome]), None)
            pairing.confidence = DIRECTION_CONFIDENCE
            return
    other = _other_kind(target, cell, vocab, excluded, used or set())
    if other is not None:  # 6个老旧小区改造正在施工中(90%): reported, but not as a count
        attach(pairing, cell, cell.figures[other].quantity, vocab)
        pairing.confidence = OTHER_KIND_CONFIDENCE
        return
    relevance = similarity(metric, cell.view, threshold_words=vocab.patterns.threshold_phrase)
    if direction:
        found = _direction_clause(cell, target, metric, vocab)
        if found:
            pairing.flags.append("done_without_figure")
            if any(w in found for w in vocab.hedged):
                pairing.flags.append("hedged")
            pairing.confidence = DIRECTION_CONFIDENCE
            return
    elif relevance >= DONE_RELEVANCE and any(w in cell.view for w in vocab.done_words):
        pairing.flags.append("done_without_figure")
        pairing.confidence = DONE_IN_WORDS_CONFIDENCE
        return
    pairing.confidence = (NEAR_MISS_CONFIDENCE if max(near, default=0.0) > NEAR_MISS_SCORE
                          else NOTHING_CONFIDENCE)


def _other_kind(target: Target, cell: ActualCell, vocab: Vocabulary, excluded: frozenset[int],
                used: set[int]) -> int | None:
    """A figure in another unit that names this target's metric: compare calls it not comparable."""
    if target.unit is None or target.comparator in ("<0", "no_increase", "="):
        return None
    metric = target.subject or target.metric
    best = None
    for i, figure in enumerate(cell.figures):
        q = figure.quantity
        if (q.skip or q.value is None or q.unit in (None, target.unit) or q.start in excluded
                or i in used or not figure.reports or q.ratio):
            continue
        if target.unit == "%" or (q.unit != "%" and vocab.same_unit(target.unit, q.unit)):
            continue
        score = similarity(metric, figure.context or "", None, figure.grams,
                           vocab.patterns.threshold_phrase)
        if score >= OTHER_KIND_SCORE and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def _direction_clause(cell: ActualCell, target: Target, metric: str, vocab: Vocabulary) -> str:
    """The sentence saying a direction target was kept (三公经费支出比上年只减不增), if any."""
    words = [target.text, *vocab.done_words]
    for sentence in regex.split(r"[。；;]", cell.view):
        if any(w in sentence for w in words) and similarity(
                metric, sentence, threshold_words=vocab.patterns.threshold_phrase
        ) >= DIRECTION_CLAUSE_SCORE:
            return sentence
    return ""

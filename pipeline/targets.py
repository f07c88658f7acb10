"""Target cell quantities -> targets (with metric, comparator, kind) and skipped numbers.

Every number of the cell ends up in exactly one of the two lists. Constructions follow the
contract: `A、B均增长8%` and direction words give one target per subject; `分别` pairs subjects
with values in order and the last bound word applies to all; a threshold inside a metric's
name (`10亿元以上项目不少于50个`) is skipped and opens the next target's metric.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from .quantities import Quantity, clause_end, clause_start, find_quantities, separators, tidy
from .roles import TARGET, assign_roles
from .text import View
from .vocabulary import Vocabulary

SAME_SENTENCE = "|,，"  # separators after which the clause before still names the subject
STOPS = regex.compile(r"[。；;!！?？\n]")
FIGURE_START = regex.compile(r"\d")
FIGURE = regex.compile(r"\d+(?:\.\d+)?")
COLUMN_VALUE = regex.compile(r"[\s。;；]*")  # a bare figure ending a task's cell: its column's value
UNKNOWN_UNIT = regex.compile(r"\p{Han}(?<![的和及与以等或至到为是在左余多])")  # 1500樘: a counter the
# vocabulary lacks (reported as unknown_unit, never dropped in silence)
HAN = regex.compile(r"\p{Han}")
LEADING_YEAR = regex.compile(r"^(?:19|20)\d\d年[度,，]?")
HAN_GAP = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")


@dataclass
class Target:
    metric: str
    text: str
    start: int
    end: int
    comparator: str
    kind: str
    value: Decimal | None
    unit: str | None
    upper: Decimal | None = None
    subject: str | None = None  # set where one text yields several targets
    order: int = 0  # subject order within one target text
    part: bool = False  # a breakdown of the target before it (其中廉租住房1852套)
    period: tuple[str, int | None] | None = None  # set for a part of the year (上半年, 9月节点)
    tolerant: bool = False  # judged with the ~ tolerance: 控制在3%左右, or 3%左右 where less is better
    words: str = ""  # the words it is matched by, where they say more than the metric
    derived_from: int | None = None  # a target derived from a gap: where its figure stands
    cue: str = ""  # the words that made its figure a target (roles.py)
    stock: bool = False  # a level to reach (扩充学位至1800个), not an amount to add
    malformed: bool = False
    out_of_range: bool = False
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    text: str
    start: int
    end: int
    reason: str


def _strip_metric(text: str, vocab: Vocabulary) -> str:
    text = LEADING_YEAR.sub("", text.strip(" 、，,“”\"'‘’:：(（"))
    leading, trailing = vocab.patterns.strip_leading, vocab.patterns.strip_trailing
    changed = True
    while changed and text:
        changed = False
        while m := leading.match(text):
            text, changed = text[m.end():].lstrip(" 、“”\"'(（"), True
        while text and (m := trailing.search(text)):
            text, changed = text[: m.start()].rstrip(" 、“”\"'(（"), True
    text = HAN_GAP.sub("", text.strip(" 、“”\"'(（"))  # 就業(yè)率: the gloss left a gap
    while text[:1] in ")）" and text:  # a bracket closed before the metric began
        text = text[1:].strip()
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


def _kind(metric: str, q: Quantity, vocab: Vocabulary) -> str:
    if q.unit == "%":
        return {"growth": "growth_rate", "reduction": "reduction_rate"}.get(q.direction or "", "rate")
    return "level" if any(w in metric for w in vocab.level_words) else "amount"


def _subjects(text: str, vocab: Vocabulary) -> list[str]:
    return [s for s in (_strip_metric(part, vocab) for part in text.split("、")) if s]


ROLE_SKIPS = {"outcome": "actual", "ratio": "ratio", "base": "base", "comparison": "comparison",
              "headline": "headline", None: "context"}  # a figure of another role: why skipped


def _share(q: Quantity, view: str, since: int, vocab: Vocabulary) -> bool:
    """A lead unit's name right before a figure (其中区城管局3万方): that unit's share."""
    before = view[since:q.start]
    return any(m.end() == len(before) for p in vocab.lead_unit_patterns for m in p.finditer(before))


def extract_targets(cell: str, vocab: Vocabulary, view_obj: View | None = None,
                    default_role: str | None = TARGET,
                    unit_hint: str | None = None) -> tuple[list[Target], list[Skipped]]:
    """The cell's targets and every other number with the reason it is not one. default_role is
    the role a figure has where no word gives it one: target in a task's cell, none in prose."""
    view_obj = view_obj or vocab.view(cell)
    view = view_obj.text
    quantities = find_quantities(cell, vocab, view_obj, unit_hint=unit_hint)
    seps = separators(view, vocab)
    derived = _derived_targets(view, quantities, vocab)
    targets: list[Target] = [target for target, _ in derived]
    for _, figure in derived:
        figure.skip = "actual"  # 增长6.5%,高于目标2.1个百分点: 6.5% is the outcome
    for q in quantities:
        if q.skip is None and (any(t.start <= q.start < t.end for t in targets) or (
                q.unit == vocab.points_unit and _ends_with_any(view[:q.start], vocab.gap_words))):
            q.skip = "gap"  # a gap in points is a comparison, not a target
    roles = assign_roles(view, quantities, vocab, default_role)
    skipped: list[Skipped] = []
    previous_end = figure_end = 0
    subject: tuple[str, int, Quantity] | None = None  # (words, end, figure) of the last outcome
    since_figure = 0  # end of the last figure that is not a threshold, date or period
    for i, q in enumerate(quantities):
        figure_start = since_figure
        start = max(clause_start(seps, q.start), previous_end)
        if q.skip is None and _share(q, view, max(clause_start(seps, q.start), figure_end), vocab):
            q.skip = "share"
        if q.skip is None and roles[i].role != TARGET:
            q.skip = ROLE_SKIPS.get(roles[i].role, "context")
        if q.skip not in ("list_marker", None):
            figure_end = q.end
        if q.skip not in ("list_marker", "threshold", "date", "period", "year"):
            since_figure = q.end + len(q.bound_after)
        if q.skip in ("actual", "ratio", "share", "base", "comparison"):
            previous_end = max(previous_end, q.end + 1)
        if q.skip in ("actual", "comparison", "context") and q.unit is not None:
            # the subject a target named right after this outcome refers to
            since = max(clause_start(seps, q.start), figure_start)
            subject = (_strip_metric(view[since:q.start], vocab), q.end, q)
        if q.skip:
            skipped.append(Skipped(q.text, q.start, q.end, q.skip))
            if q.skip == "threshold":
                previous_end = q.start  # the threshold opens the next metric: 10亿元以上项目
            continue
        column_value = default_role == TARGET and COLUMN_VALUE.fullmatch(view, q.end) and (
            q.start == 0 or view[q.start - 1] in " |\n\t")
        if q.unit is None and not q.malformed and not q.out_of_range and not column_value:
            reason = "unknown_unit" if UNKNOWN_UNIT.match(view, q.end) else "no_unit"
            skipped.append(Skipped(q.text, q.start, q.end, reason))
            continue
        previous_end = figure_end = q.end + len(q.bound_after)
        before = view[start:q.start]
        following = quantities[i + 1].start if i + 1 < len(quantities) else len(view)
        made = _targets_for(q, before, view, seps, following, vocab)
        named = roles[i].cue in vocab.named_cues
        weak = (not made[0].metric or len(made[0].metric) <= 4 or made[0].metric in vocab.named_cues
                or FIGURE_START.search(made[0].metric) is not None)
        adjacent = named and subject and not STOPS.search(view, subject[1], q.start)
        if adjacent and weak and subject[0]:
            for target in made:  # 新增就业12314人,完成年目标任务12500人: the outcome's subject
                target.words = f"{subject[0]} {target.metric}"
                target.metric = subject[0]
        if adjacent and q.unit == "%" and subject[2].unit == "%" and subject[2].direction and (
                not q.direction):
            for target in made:  # 增长6.8%,高于年度目标6.5%: the target is a growth too
                target.kind = "growth_rate" if subject[2].direction == "growth" else "reduction_rate"
        for target in made:
            _ceiling(target, q, vocab)
        part = any(before.lstrip(" ,，;；").startswith(w) for w in vocab.part_words)
        period = _target_period(view[figure_start:q.start], vocab) if roles[i].cue else None
        for target in made:
            target.part, target.period, target.cue = part, period, roles[i].cue
        targets.extend(made)
    for previous, target in zip(targets, targets[1:], strict=False):
        if not target.metric:  # 1条 beside 建设美丽河湖100条: the row's metric carries over
            target.metric = previous.metric
    _apply_respectively(targets, view, seps, vocab)
    if default_role == TARGET or vocab.patterns.mode_target.search(view):
        targets.extend(_direction_targets(view, seps, vocab))  # in prose, only in a plan
    targets.sort(key=lambda t: (t.start, t.order))
    if default_role == TARGET:
        targets = _column_repeats(targets, view, skipped)
    for target in targets:
        target.stock = vocab.patterns.stock_before.search(view, max(0, target.start - 20),
                                                          target.start) is not None
    return targets, skipped


COLUMN_BREAK = regex.compile(r"\s|\|")  # a row's columns are apart by a space or a bar


def _column_repeats(targets: list[Target], view: str, skipped: list[Skipped]) -> list[Target]:
    """A row that names its target in the item and again in its 目标任务 column (送戏曲下乡20场 …
    20) states one target: the column's copy is skipped as a repeat."""
    kept: list[Target] = []
    for target in targets:
        twin = next((k for k in kept if k.value is not None and k.value == target.value
                     and target.unit in (None, k.unit) and not target.subject
                     and COLUMN_BREAK.search(view, k.end, target.start)), None)
        if twin is not None:
            skipped.append(Skipped(target.text, target.start, target.end, "repeat"))
            continue
        kept.append(target)
    skipped.sort(key=lambda s: s.start)
    return kept


def _target_period(window: str, vocab: Vocabulary) -> tuple[str, int | None] | None:
    """A target named with a part of the year (为上半年投资目标(610亿元); 9月份设置的…节点目标):
    that period, unless a 年度/全年 word comes after it."""
    found = None
    for period in (*vocab.periods, *vocab.document_periods):
        for m in period.pattern.finditer(window):
            if found is None or m.start() > found[0].start():
                found = (m, period)
    if found is None:
        return None
    m, period = found
    if any(w in window[m.end():] for w in vocab.full_year_words):
        return None
    return m.group(), period.months_in(m)


def make_target(q: Quantity, metric: str, vocab: Vocabulary) -> Target:
    return Target(metric=metric, text=q.text, start=q.start, end=q.end,
                  comparator=q.comparator or ">=", kind=_kind(metric, q, vocab), value=q.value,
                  unit=q.unit, upper=q.upper, malformed=q.malformed, out_of_range=q.out_of_range,
                  flags=list(q.flags))


def _targets_for(q: Quantity, before: str, view: str, seps: list[int], following: int,
                 vocab: Vocabulary) -> list[Target]:
    base = dict(text=q.text, start=q.start, end=q.end,
                comparator=q.comparator or ">=", value=q.value, unit=q.unit, upper=q.upper,
                malformed=q.malformed, out_of_range=q.out_of_range, flags=list(q.flags))
    rate = q.unit == "%"
    plain = before
    for word in vocab.each_not_words:  # 年均, 人均, 平均: not 均 (each)
        plain = plain.replace(word, " " * len(word))
    each = next((w for w in vocab.each_words if w in plain), None)
    listed = any(w in before for w in vocab.respectively_words)  # 分别: subjects pair in order
    if each or (rate and "、" in before and not listed):
        # 均 always, and a rate for several subjects: a rate cannot be one total
        head = before[: plain.rindex(each)] if each else before
        subjects = _subjects(head, vocab)
        if len(subjects) > 1:
            return [Target(metric=s, kind=_kind(s, q, vocab), subject=s, order=k, **base)
                    for k, s in enumerate(subjects)]
    metric = _strip_metric(before, vocab)
    if len(metric) <= 1:
        metric = ""  # 年: no name at all
    end = min(clause_end(seps, q.end, len(view)), following)
    after = _strip_metric(view[q.end + len(q.bound_after):end], vocab)
    words = ""
    if len(metric) <= 2:  # 编制22个单元, 前置完成2500余亩土地文物勘探: the noun follows the figure
        metric = after or metric
    elif len(HAN.findall(after)) >= 2:  # 对槐安路、二环路10处路口进行渠化改造: both name it
        words = f"{metric} {after}"
    clause = clause_start(seps, q.start)
    if not metric and clause > 0 and view[clause - 1] in SAME_SENTENCE:
        # 指标名称 | 目标值; 城镇新增就业5.1万人,完成全年目标10万人: the subject comes before
        previous = view[clause_start(seps, clause - 1):clause - 1]
        figure = FIGURE_START.search(previous)
        metric = _strip_metric(previous[:figure.start()] if figure else previous, vocab)
        if len(metric) <= 2 and figure:  # 累计完成90场心理健康培训服务: the noun follows
            rest = previous[figure.end():]
            metric = _strip_metric(rest[len(_unit_at(rest, vocab)):], vocab) or metric
    return [Target(metric=metric, kind=_kind(metric, q, vocab), words=words, tolerant=q.tolerant,
                   **base)]


def _ceiling(target: Target, q: Quantity, vocab: Vocabulary) -> None:
    """Where less is better (a price rise, a jobless rate, a concentration), a `~` target is a
    ceiling with the ~ tolerance and a bare target a cap: 城镇登记失业率4%; 涨幅3%左右; 优于省定
    目标35微克/立方米."""
    metric = target.subject or target.metric
    if not any(w in metric for w in vocab.lower_is_better) or _names_a_cut(metric, vocab):
        return
    if target.comparator == "~":
        target.tolerant = True
    elif q.comparator is None and not q.direction:
        target.comparator = "<="


ITEM_UNIT = regex.compile(r"\s*[(（][^()（）]*[)）]\s*$|\s*[%％]\s*$")


def named_by_item(targets: list[Target], item: str, vocab: Vocabulary) -> list[Target]:
    """Targets whose cell holds only the figure take the item a header names as their metric,
    and a bound word it ends with as their bound: 城镇登记失业率低于(%) | 4.3 is `< 4.3%`."""
    name = ITEM_UNIT.sub("", "".join(item.split()))
    if not name:
        return targets
    bound = next((w for w in sorted(vocab.bounds_before, key=len, reverse=True)
                  if name.endswith(w)), None)
    metric = name[:-len(bound)] if bound else name
    out = []
    for target in targets:
        if target.metric or target.subject:
            out.append(target)
            continue
        named = replace(target, metric=metric)
        if bound and target.comparator == ">=" and not target.derived_from:
            named.comparator = vocab.bounds_before[bound]
        elif target.comparator == ">=" and any(w in metric for w in vocab.lower_is_better) and (
                not _names_a_cut(metric, vocab)):
            named.comparator = "<="  # 城镇登记失业率(%) | 4.3: a rate where less is better
        out.append(named)
    return out


def _names_a_cut(metric: str, vocab: Vocabulary) -> bool:
    """能耗降低率, 排放下降: the cut of a measure where less is better is itself more-is-better."""
    return any(w in metric for w in vocab.reduction_words)


def _unit_at(text: str, vocab: Vocabulary) -> str:
    """The multiplier and unit a figure's text ends with, at the start of what follows it."""
    m = regex.match(r"[\d.,]*", text)
    rest = text[m.end():]
    while rest[:1] in vocab.multipliers and rest:
        rest = rest[1:]
    unit = vocab.patterns.unit.match(rest)
    return text[: len(text) - len(rest) + (unit.end() if unit else 0)]


def _apply_respectively(targets: list[Target], view: str, seps: list[int],
                        vocab: Vocabulary) -> None:
    """`做地、储备、出让分别达到3000亩、2800亩、2200亩以上`: subjects pair with values in order."""
    for word in vocab.respectively_words:
        _respectively(word, targets, view, seps, vocab)


def _respectively(word: str, targets: list[Target], view: str, seps: list[int],
                  vocab: Vocabulary) -> None:
    index = view.find(word)
    while index != -1:
        clause = clause_start(seps, index)
        end = clause_end(seps, index, len(view))
        head = view[clause:index]
        base = vocab.patterns.base_before.search(head)
        if base:  # 城镇、农村低保…从574元、271元分别提高到: the subjects end where the base begins
            head = head[:base.start()]
        subjects = _subjects(head, vocab)
        group = [t for t in targets if index < t.start < end]
        if len(subjects) == len(group) > 1:
            comparator = group[-1].comparator
            for k, (subject, target) in enumerate(zip(subjects, group, strict=True)):
                target.metric = target.subject = subject
                target.comparator = comparator
                target.order = k
        index = view.find(word, end)


def _ends_with_any(text: str, words: tuple[str, ...]) -> bool:
    pattern = "(?:" + "|".join(words) + ")[^，,。；;]{0,8}$"
    return regex.search(pattern, text) is not None


def _derived_targets(view: str, quantities: list[Quantity],
                     vocab: Vocabulary) -> list[tuple[Target, Quantity]]:
    """`增长6.5%,高于目标2.1个百分点`: the target was 6.5 - 2.1 = 4.4, stated as a gap; returns
    each derived target with the figure it was derived from."""
    out = []
    for pattern, sign in vocab.derived_targets:
        for m in pattern.finditer(view):
            gap = next((q for q in quantities if q.start == m.start("gap") and q.value is not None),
                       None)
            points = gap is None or gap.unit in (vocab.points_unit, "%")
            unit = "%" if points else gap.unit
            figure = next((q for q in reversed(quantities) if q.end <= m.start() and q.value is not None
                           and (q.unit == "%" if points else vocab.same_unit(q.unit, unit))), None)
            if figure is None or "，" in view[figure.end:m.start()].replace(",", "，")[1:]:
                continue
            # A gap is in points of growth: 同比下降37.8%,塌目标47.8个百分点 -> a target of +10%.
            signed = -figure.value if figure.direction == "reduction" else figure.value
            kind = ("growth_rate" if figure.direction else "rate") if points else "amount"
            size = gap.value if gap is not None else Decimal(FIGURE.match(m.group("gap")).group())
            value = tidy(signed + sign * size)
            start = max(view.rfind(ch, 0, figure.start) for ch in "，,;；。") + 1
            metric = _strip_metric(view[start:figure.start], vocab)
            if not metric:  # 地区生产总值806亿元,同比增长3.2%: the subject is in the clause before
                before = max(view.rfind(ch, 0, start - 1) for ch in "，,;；。") + 1
                subject = view[before:start - 1]
                digit = FIGURE_START.search(subject)
                metric = _strip_metric(subject[:digit.start()] if digit else subject, vocab)
            out.append((Target(metric=metric, text=m.group(), start=m.start(), end=m.end(),
                               comparator=">=", kind=kind, value=value, unit=figure.unit,
                               flags=["derived_target"], derived_from=figure.start), figure))
    return out


def _direction_targets(view: str, seps: list[int], vocab: Vocabulary) -> list[Target]:
    out = []
    for word, comparator in vocab.directions.items():
        index = view.find(word)
        while index != -1:
            head = view[clause_start(seps, index):index]
            subjects = _subjects(head, vocab) or _subjects(
                view[index + len(word):clause_end(seps, index, len(view))], vocab)
            value = Decimal(0) if comparator == "=" else None
            kind = "level" if comparator == "=" else "growth_rate"
            for k, subject in enumerate(subjects or [""]):
                out.append(Target(metric=subject, text=word, start=index, end=index + len(word),
                                  comparator=comparator, kind=kind, value=value, unit=None,
                                  subject=subject if len(subjects) > 1 else None, order=k))
            index = view.find(word, index + len(word))
    return out

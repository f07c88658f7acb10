"""Each figure's role, read from the words around it: target, outcome, completion ratio, base,
comparison, headline count — or none (context).

Reports say who is who in their words (`rules/vocabulary/roles.yaml`): a plan word opens a run of
targets (任务目标是棚改开工8264套,棚改安置房建成6985套), a completion word a run of outcomes, a
target is named before or after its figure (低于控制目标5.5%; 超额完成20个的年度目标任务), a
percentage after a completion word is a ratio (完成年度目标任务589亿元的37.22%). Where no word says,
the figure keeps the role its place gives it: target in a task's cell, outcome in a completion
cell, none in prose.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .quantities import Quantity
from .vocabulary import Vocabulary

TARGET, OUTCOME, RATIO, BASE, COMPARISON, HEADLINE = (
    "target", "outcome", "ratio", "base", "comparison", "headline")
NAMED_GAP = regex.compile(r"(?:[\s(（:：为是达到]|分别)*")  # between a named target and its figure
RATIO_JOIN = regex.compile(r"[)）]?的?")  # 目标(50场)的180%: a ratio of the figure before it
BRACKETED = regex.compile(r"[(（]\s*$")  # a ratio in brackets right after an outcome: 已完成120条(95%)
RISE_REACH = 6  # characters between 提高到 and the level it names (提高到每人每月560元)
PAST_REACH = 4  # characters between a word of the past and a plan word it still governs
SENTENCE_END = "。！？!?\n"  # a semicolon joins the items of one plan: the mode carries


@dataclass(frozen=True)
class Role:
    role: str | None
    cue: str = ""  # the words that decided it
    of: int | None = None  # a ratio's figure (the target it is a ratio of), by index


def _last_cue(window: str, pattern: regex.Pattern) -> regex.Match | None:
    """The cue ending nearest the figure (the longest of those ending there)."""
    found = None
    for m in pattern.finditer(window, overlapped=True):
        if found is None or m.end() > found.end() or (m.end() == found.end()
                                                       and len(m.group()) > len(found.group())):
            found = m
    return found


def _cues(window: str, vocab: Vocabulary, default: str | None = None) -> list[tuple[int, str, str]]:
    """Plan and outcome words of a window in order: (end, kind, word); at one end, the longest.
    Phrases that only hold a plan word (按要求) are masked; in a completion cell, words that only
    plan in a task (确保, 力争) are no plan."""
    p = vocab.patterns
    for phrase in vocab.roles["not_cues"]:
        if phrase in window:
            window = window.replace(phrase, " " * len(phrase))
    found: dict[int, tuple[int, str, str]] = {}
    for kind, pattern in (("target", p.mode_target), ("target", p.deadline),
                          ("past", p.outcome_past), ("strong", p.outcome_strong),
                          ("weak", p.outcome_weak)):
        for m in pattern.finditer(window, overlapped=True):
            best = found.get(m.end())
            if best is None or len(m.group()) > len(best[2]):
                found[m.end()] = (m.end(), kind, m.group())
    cues, last_past = [], None
    for end, kind, word in sorted(found.values()):
        if kind == "target" and default == OUTCOME and word in vocab.roles["plan_only"]:
            continue
        if kind == "target" and last_past is not None and end - len(word) - last_past <= PAST_REACH:
            continue  # 已向上争取: a plan word under a word of the past is no plan
        if kind in ("past", "strong"):
            last_past = end
        cues.append((end, kind, word))
    return cues


def assign_roles(view: str, quantities: list[Quantity], vocab: Vocabulary,
                 default: str | None) -> list[Role]:
    """One role per quantity (None for numbers already skipped: names, years, periods …)."""
    roles: list[Role] = [Role(None)] * len(quantities)
    mode, previous_end, last_figure, planned = default, 0, None, False
    for i, q in enumerate(quantities):
        if q.skip and q.skip != "threshold":
            continue
        stop = max(view.rfind(ch, previous_end, q.start) for ch in SENTENCE_END)
        if stop >= 0:  # a new sentence: the place's role again
            mode, previous_end, last_figure, planned = default, stop + 1, None, False
        if q.skip:
            continue
        window = view[previous_end:q.start]
        for end, kind, word in _cues(window, vocab, default):
            if kind == "target" and not (word in vocab.roles["named_target_before"]
                                         and NAMED_GAP.fullmatch(window, end)):
                mode, planned = TARGET, False  # one right before the figure only names it
            elif kind == "past" or (kind == "strong" and default != TARGET) or (
                    kind == "weak" and (mode != TARGET or planned and default != TARGET
                                        and word in vocab.roles["completion_verbs"])):
                mode = OUTCOME  # 计划分别为8所、5所,分别完成75%: the plan was given, now what was done
        clause = _clause_start(view, q.start, vocab)
        following = next((n.start for n in quantities[i + 1:] if n.start >= q.end), len(view))
        after = view[q.end + len(q.bound_after):min(_clause_end(view, q.end, vocab), following)]
        role = _local_role(q, window, view[clause:q.start], after, view, roles, last_figure,
                           mode, vocab)
        if role is None and mode != TARGET and _progress(i, q, quantities, view, vocab):
            role = Role(TARGET, "progress")  # 126条农村黑臭水体治理已完成120条(95%)
        if role is None and _compared(i, q, quantities, view, vocab):
            role = Role(OUTCOME, "compared")  # 增长20.26万吨,未超出年度平均控制目标
        if role is None and mode is None and (q.bound_after or (
                q.bound_text and q.bound_text not in vocab.approximate)):
            role = Role(TARGET, q.bound_text)  # 城镇登记失业率4.5%以内: a bound states a target
        roles[i] = role or Role(mode)
        planned = planned or roles[i].role == TARGET
        previous_end, last_figure = q.end + len(q.bound_after), i
    _carry_named_targets(view, quantities, roles, vocab)
    _carry_lists(view, quantities, roles, vocab)
    return roles


def _progress(i: int, q: Quantity, quantities: list[Quantity], view: str,
              vocab: Vocabulary) -> bool:
    """A figure followed, before the next figure of its sentence, by a progress word: by a
    completion verb and then a figure of the same unit (新增托位540个,已完成300个), or by a state
    of work (6个老旧小区改造正在施工中(90%)). The figure is then the target being reported on."""
    following = next((n for n in quantities[i + 1:] if n.start >= q.end and n.skip is None), None)
    end = following.start if following else len(view)
    stop = min((k for ch in SENTENCE_END if (k := view.find(ch, q.end, end)) >= 0), default=end)
    m = vocab.patterns.progress_after.search(view, q.end, stop)
    if m is None:
        return False
    return m.group().endswith("中") or (following is not None and stop == end
                                       and following.unit == q.unit)


def _compared(i: int, q: Quantity, quantities: list[Quantity], view: str,
              vocab: Vocabulary) -> bool:
    following = next((n for n in quantities[i + 1:] if n.start >= q.end and n.skip is None), None)
    end = following.start if following else len(view)
    stop = min((k for ch in SENTENCE_END if (k := view.find(ch, q.end, end)) >= 0), default=end)
    return vocab.patterns.compared.search(view, q.end + len(q.bound_after), stop) is not None


def _clause_start(view: str, pos: int, vocab: Vocabulary) -> int:
    m = vocab.patterns.separator_before.search(view, 0, pos)
    return m.end() if m else 0


def _clause_end(view: str, pos: int, vocab: Vocabulary) -> int:
    m = vocab.patterns.separator.search(view, pos)
    return m.start() if m else len(view)


def _local_role(q: Quantity, window: str, clause: str, after: str, view: str,
                roles: list[Role], last_figure: int | None, mode: str | None,
                vocab: Vocabulary) -> Role | None:
    """Constructions that decide one figure's role whatever the sentence's mode."""
    p = vocab.patterns
    if q.unit == "%" and last_figure is not None and roles[last_figure].role == TARGET and (
            window and RATIO_JOIN.fullmatch(window)):
        return Role(RATIO, "的", last_figure)  # 年度目标(50场)的180%
    if q.unit == "%" and BRACKETED.search(window) and view[q.end:q.end + 1] in ")）":
        if p.progress_after.search(window[-12:]):
            return Role(OUTCOME, "progress")  # 正在施工中(93%): the work's progress, not a ratio
        if last_figure is not None and roles[last_figure].role in (OUTCOME, TARGET):
            return Role(RATIO, "(", last_figure)  # 已完成120条(95%); 4月:完成1480人(20%)
    tail = q.end + len(q.bound_after)
    while view[tail:tail + 1] in ("”", "\"", "’", "」", "』") and tail < len(view):
        tail += 1  # 比“5.5%左右”的既定目标低: the quotation closes before the naming words
    if m := p.named_target_after.match(view, tail):
        return Role(TARGET, m.group())
    if p.headline_after.match(view, q.end - 1) or p.headline_after.match(view, q.end):
        return Role(HEADLINE, "headline")
    if q.unit != "%" and (m := p.named_target_tail.search(after)):
        return Role(TARGET, m.group())  # 实施50万人高山生态扶贫搬迁计划
    opened = max(clause.rfind("("), clause.rfind("（"))
    if opened > clause.rfind(")") and opened > clause.rfind("）") and (
            m := _last_cue(clause[:opened], p.named_target_before)) and m.end() == opened:
        return Role(TARGET, m.group())  # 年度目标(维修改造锅炉146台、供热管网改造40公里)
    if q.unit == "%" and (m := p.ratio_before.search(clause)):
        return Role(RATIO, m.group())
    if mode != TARGET and (m := p.comparison.search(window[-8:])):
        return Role(COMPARISON, m.group())
    named = _last_cue(window, p.named_target_before)
    if named is not None and NAMED_GAP.fullmatch(window, named.end()):
        return Role(TARGET, named.group())
    rest = view[q.end + len(q.bound_after):_clause_end(view, q.end, vocab)]
    if p.base_after.match(after.lstrip("、,， ")) or (
            p.base_before.search(clause) and p.base_after.search(rest)):
        return Role(BASE, "base")  # 从574元、271元分别提高到609元、300元
    if mode != OUTCOME and (m := _last_cue(window, p.base_after)) and (
            len(window) - m.end() <= RISE_REACH):
        return Role(TARGET, m.group())  # 提高到每人每月560元: the level to reach
    return None


def _carry_lists(view: str, quantities: list[Quantity], roles: list[Role],
                  vocab: Vocabulary) -> None:
    """The items of a list take the role of its head (年度目标(锅炉146台、管网改造40公里):
    both targets; 的80.8%、58.5%: both ratios), where no word of their own gives one."""
    listed = [i for i, q in enumerate(quantities) if q.skip is None]
    for a, b in zip(listed, listed[1:], strict=False):
        if roles[b].cue or roles[a].role not in (TARGET, RATIO) or not roles[a].cue:
            continue
        between = view[quantities[a].end + len(quantities[a].bound_after):quantities[b].start]
        if vocab.patterns.list_join.search(between) and not vocab.patterns.separator.search(
                between) and not _cues(between, vocab):
            roles[b] = Role(roles[a].role, roles[a].cue)


def _carry_named_targets(view: str, quantities: list[Quantity], roles: list[Role],
                         vocab: Vocabulary) -> None:
    """A list named as targets at its end carries the role to all its items: 超额完成PM2.5平均
    浓度同比下降4%、重污染天数同比减少6%的改善目标 — both 4% and 6% are targets."""
    listed = [i for i, r in enumerate(roles) if r.role is not None]
    for a, b in zip(reversed(listed[:-1]), reversed(listed[1:]), strict=True):
        if roles[b].role == TARGET and roles[b].cue in vocab.roles["named_target_after"]:
            between = view[quantities[a].end:quantities[b].start]
            if vocab.patterns.list_join.search(between) and not vocab.patterns.separator.search(
                    between) and roles[a].role in (COMPARISON, OUTCOME, None):
                roles[a] = Role(TARGET, roles[b].cue)

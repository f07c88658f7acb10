"""Load the language data in rules/vocabulary/ into one immutable object the engine reads.

Each file is checked against its schema below: an unknown or misspelt key, a wrong type or a word
listed twice stops the run with the file and line, so a slip never turns a rule off in silence.
Loading is the only I/O here; everything downstream takes the Vocabulary as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import regex

from .checked_yaml import Either, ListOf, MapOf, Nothing, Number, Record, Text, load_checked
from .contract import COMPARATORS, SKIP_REASONS
from .errors import RuleError
from .text import View, make_view
from .units import DefinitionError, UnitInfo, build_unit_table, comparable_units


@dataclass(frozen=True)
class Period:
    pattern: regex.Pattern
    months: str | int | None  # "range", a group name, a fixed count, or None (unknown)

    def months_in(self, m: regex.Match) -> int | None:
        """The months a match of this period covers (1-9月: 9; 截至10月底: 10)."""
        if self.months == "range":
            return int(m.group("b")) - int(m.group("a")) + 1
        if isinstance(self.months, str):
            return int(m.group(self.months))
        return self.months


def alternation(words, suffix: str = "") -> regex.Pattern:
    """One compiled pattern for a word list, longest first, so the longest word wins."""
    body = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(f"(?:{body}){suffix}" if body else "(?!)")


@dataclass(frozen=True)
class Patterns:
    """Word lists compiled once; the per-number path only runs these."""

    unit: regex.Pattern
    names: regex.Pattern
    name_patterns: regex.Pattern  # all name patterns in one pass
    spam: regex.Pattern  # all spam patterns in one pass
    one_year: regex.Pattern  # a figure's clause naming one year (2017年度, 今年)
    per_unit: regex.Pattern  # a target set per unit of account (每个网格, 每村)
    stock_before: regex.Pattern  # at the end of the text before a target that is a level
    bound_after: regex.Pattern
    bound_before: regex.Pattern  # at the end of the text before a number
    growth: regex.Pattern
    reduction: regex.Pattern
    separator: regex.Pattern
    marker: regex.Pattern
    strip_words: regex.Pattern
    skip_before: regex.Pattern  # at the end of the text before a number
    skip_after: regex.Pattern
    copula: regex.Pattern
    threshold_phrase: regex.Pattern  # a number written as a threshold (10亿元以上), in any text
    separator_before: regex.Pattern  # the last clause separator before a position (reversed search)
    strip_leading: regex.Pattern  # words stripped from a metric's start, longest first
    strip_trailing: regex.Pattern  # …and from its end
    scope: regex.Pattern  # counts of places where the work happens
    mode_target: regex.Pattern
    named_target_before: regex.Pattern
    named_target_after: regex.Pattern
    named_target_tail: regex.Pattern
    compared: regex.Pattern  # 未超出年度平均控制目标: an outcome measured against its target
    named_any: regex.Pattern  # any word that names a target where it stands
    outcome_strong: regex.Pattern
    outcome_past: regex.Pattern
    outcome_weak: regex.Pattern
    comparison: regex.Pattern
    ratio_before: regex.Pattern
    base_before: regex.Pattern
    base_after: regex.Pattern
    headline_after: regex.Pattern
    progress_after: regex.Pattern
    list_join: regex.Pattern
    deadline: regex.Pattern


def compile_patterns(v: Vocabulary) -> Patterns:
    trailing = "[\\s“”\"']*$"
    ends = regex.escape("".join(sorted(v.sentence_ends)))
    return Patterns(
        unit=alternation(v.unit_surfaces),
        names=alternation(v.names),
        name_patterns=regex.compile("|".join(f"(?:{p.pattern})" for p in v.name_patterns) or "(?!)"),
        spam=regex.compile("|".join(f"(?:{p.pattern})" for p in v.spam_patterns) or "(?!)"),
        stock_before=regex.compile(
            "(?:" + "|".join([*map(regex.escape, v.stock_before),
                              alternation(v.stock_verbs).pattern + r"[^,，;；。、\d]{0,12}"
                              + alternation(v.stock_to).pattern]) + r")\s*$"),
        per_unit=regex.compile("|".join(f"(?:{p.pattern})" for p in v.per_unit_patterns)
                               or "(?!)"),
        one_year=regex.compile("|".join(f"(?:{p.pattern})" for p in v.one_year_patterns)
                               or "(?!)"),
        bound_after=alternation(v.bounds_after),
        bound_before=alternation(v.bounds_before, trailing),
        growth=alternation(v.growth_words, trailing),
        reduction=alternation(v.reduction_words, trailing),
        separator=regex.compile("[" + regex.escape("".join(sorted(v.clause_separators))) + "]"),
        marker=regex.compile(
            rf"(?:^|(?<=[{ends}]))[ \t]*(\d{{1,2}})(?:\.\.?|、|．)"
            rf"(?=\D|\d{{3,}}|\d{{1,2}}\s*[-—~]\s*\d{{1,2}}月|\d{{1,2}}月)"),
        skip_before=alternation(v.skip_before, trailing),
        skip_after=alternation(v.skip_after),
        copula=alternation(v.copulas, trailing),
        mode_target=alternation(v.roles["mode_target"]),
        named_target_before=alternation(v.roles["named_target_before"]),
        named_target_after=alternation(v.roles["named_target_after"]),
        named_target_tail=alternation(v.roles["named_target_tail"]),
        named_any=alternation({*v.roles["named_target_before"], *v.roles["named_target_after"],
                               *v.roles["named_target_tail"]}),
        compared=regex.compile(alternation(v.roles["compared_with_target"]).pattern
                               + r"[^，,。；;!?！？]{0,14}?" + alternation(v.roles["named_target_tail"]).pattern),
        outcome_strong=alternation(v.roles["outcome_strong"]),
        outcome_past=alternation(v.roles["outcome_past"]),
        outcome_weak=alternation(v.roles["outcome_weak"]),
        comparison=alternation(v.roles["comparison"]),
        ratio_before=alternation(v.roles["ratio_before"]),
        base_before=alternation(v.roles["base_before"]),
        base_after=alternation(v.roles["base_after"]),
        headline_after=alternation(v.roles["headline_after"]),
        progress_after=alternation(v.roles["progress_after"]),
        list_join=alternation(v.roles["list_joins"]),
        deadline=regex.compile("|".join(f"(?:{d})" for d in v.roles.get("deadline_patterns", ()))
                               or "(?!)"),
        scope=regex.compile("|".join(f"(?:{p})" for p in v.scope_patterns) or "(?!)"),
        separator_before=regex.compile(
            "(?r)[" + regex.escape("".join(sorted(v.clause_separators))) + "]"),
        strip_leading=regex.compile("^" + alternation(v.metric_strip_leading_all).pattern),
        strip_trailing=regex.compile(alternation(v.metric_strip_trailing_all).pattern + "$"),
        threshold_phrase=regex.compile(
            r"\d+(?:\.\d+)?" + alternation(v.multipliers).pattern + "?"
            + alternation(v.implied_units).pattern + "?" + alternation(v.threshold_bounds).pattern),
        strip_words=alternation([*v.growth_words, *v.reduction_words, *v.bounds_before,
                                 *v.metric_strip_leading, *v.metric_strip_trailing]),
    )


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, UnitInfo]
    unit_surfaces: tuple[str, ...]  # longest first
    multipliers: dict[str, int]
    counters: frozenset[str]
    general_counter: str
    interchangeable: tuple[tuple[str, ...], ...]
    area_words: tuple[str, ...]
    bounds_before: dict[str, str]
    bounds_after: dict[str, str]
    approximate: tuple[str, ...]
    threshold_bounds: tuple[str, ...]
    directions: dict[str, str]
    direction_outcomes: dict[str, int]
    growth_words: tuple[str, ...]
    reduction_words: tuple[str, ...]
    level_words: tuple[str, ...]
    other_plan_words: tuple[str, ...]
    part_words: tuple[str, ...]
    total_words: tuple[str, ...]
    estimated: tuple[str, ...]
    hedged: tuple[str, ...]
    done_words: tuple[str, ...]
    no_figure_reasons: tuple[regex.Pattern, ...]
    periods: tuple[Period, ...]
    spam_phrases: tuple[str, ...]
    spam_patterns: tuple[regex.Pattern, ...]
    names: tuple[str, ...]
    name_patterns: tuple[regex.Pattern, ...]
    skip_before: dict[str, str]  # word -> reason
    skip_after: dict[str, str]
    metric_strip_leading: tuple[str, ...]
    metric_strip_trailing: tuple[str, ...]
    clause_separators: frozenset[str]
    sentence_ends: frozenset[str]
    columns: dict[str, list[str]]
    copulas: tuple[str, ...]
    lead_patterns: tuple[regex.Pattern, ...]
    lead_unit_patterns: tuple[regex.Pattern, ...]
    document_periods: tuple[Period, ...]
    publication_dates: tuple[regex.Pattern, ...]
    derived_targets: tuple[tuple[regex.Pattern, int], ...]
    notes: dict[str, str]
    local_target_words: tuple[str, ...]
    implied_units: dict[str, tuple[str, ...]]
    unassigned_reasons: dict[str, list[str]]
    approximate_after: tuple[str, ...]  # 余/多/+ between a number and its unit (2500余亩)
    not_quantity_before: tuple[str, ...]  # Chinese numerals after these are ordinals (第一, 每周)
    not_after_chinese_numerals: tuple[str, ...]  # units that make 三年, 五月 no quantity
    floor_area: tuple[str, str] | None  # (volume unit, area unit): 万方 after an area word
    points_unit: str  # the unit of a gap in percentage points
    threshold_not_before: tuple[str, ...]  # 10亿元以上的: still a figure, not a threshold
    gap_words: tuple[str, ...]  # a gap in points after these is a comparison (高于全省0.3个百分点)
    each_words: tuple[str, ...]  # A、B均增长8%: one target per subject
    respectively_words: tuple[str, ...]  # A、B分别达到X、Y: subjects paired with values in order
    roles: dict[str, tuple[str, ...]]  # roles.yaml: the words that give a figure its role
    scope_patterns: tuple[str, ...] = ()
    full_year_words: tuple[str, ...] = ()
    plan_period_words: tuple[str, ...] = ()
    stock_before: tuple[str, ...] = ()
    etc_word: str = "等"
    stock_verbs: tuple[str, ...] = ()
    stock_to: tuple[str, ...] = ()
    increment_words: tuple[str, ...] = ()
    total_now_words: tuple[str, ...] = ()
    one_year_patterns: tuple[regex.Pattern, ...] = ()
    per_unit_patterns: tuple[regex.Pattern, ...] = ()
    cumulative_words: tuple[str, ...] = ()
    lower_is_better: tuple[str, ...] = ()
    each_not_words: tuple[str, ...] = ()
    calibration: tuple[tuple[float, float], ...] = ()  # raw score -> share right (calibration.yaml)
    review_below: float = 0.85  # calibrated confidence under which a row is flagged review
    named_cues: frozenset[str] = frozenset()  # the words that name a target where it stands
    metric_strip_leading_all: tuple[str, ...] = ()  # with the plan and outcome words of roles.yaml
    metric_strip_trailing_all: tuple[str, ...] = ()
    implied_units_after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lead_units: dict[str, str] = field(default_factory=dict)  # spelling without spaces -> canonical
    tables: dict = field(default_factory=dict)  # reader-only words (readers/tablewords.py)
    patterns: Patterns | None = None

    def __post_init__(self):
        cues = [*self.roles["mode_target"], *self.roles["named_target_before"],
                *self.roles["outcome_past"]]
        object.__setattr__(self, "metric_strip_leading_all",
                           _longest_first({*self.metric_strip_leading, *cues, *self.bounds_before}))
        object.__setattr__(self, "metric_strip_trailing_all", _longest_first(
            {*self.metric_strip_trailing, *self.roles["mode_target"],
             *self.roles["named_target_before"], *self.growth_words, *self.reduction_words,
             *self.roles["comparison"], *self.roles["base_after"]}
            - set(self.roles["named_target_tail"])))  # 详细规划 stays
        object.__setattr__(self, "named_cues", frozenset(
            {*self.roles["named_target_before"], *self.roles["named_target_after"],
             *self.roles["named_target_tail"]}))
        object.__setattr__(self, "patterns", compile_patterns(self))

    def same_unit(self, a: str | None, b: str | None) -> bool:
        """Whether two canonical units compare, after mapping interchangeable counters."""
        return comparable_units(a, b, self.general_counter, [list(g) for g in self.interchangeable],
                                set(self.counters))

    def unit_hint(self, text: str) -> tuple[Decimal, UnitInfo] | None:
        """A header's unit (萬元, 亿元, 人, %) as (multiplier, unit); None if it names none."""
        compact = make_view("".join(text.split()), ()).text
        multiplier = Decimal(1)
        while compact and compact[0] in self.multipliers:
            multiplier *= self.multipliers[compact[0]]
            compact = compact[1:]
        info = self.units.get(compact)
        return (multiplier, info) if info is not None else None

    def view(self, cell: str) -> View:
        """The cell's matching view with this vocabulary's spam phrases and patterns."""
        return make_view(cell, self.spam_phrases, self.patterns.spam)


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


WORDS = ListOf(Text())
PATTERNS = ListOf(Text(pattern=True))
PERIODS = ListOf(Record({"pattern": Text(pattern=True)},
                        {"months": Either(Number(whole=True), Text(), Nothing())}))
UNITS_SCHEMA = Record(
    {"surfaces": MapOf(Text()), "canonical": WORDS, "counters": WORDS,
     "multipliers": MapOf(Number(whole=True, minimum=1)), "general_counter": Text(),
     "points_unit": Text()},
    {"display": MapOf(Text()), "interchangeable": ListOf(WORDS), "area_words": WORDS,
     "floor_area": Record({"volume": Text(), "area": Text()}),
     "not_after_chinese_numerals": WORDS})
ROLES_SCHEMA = Record({key: WORDS for key in (
    "mode_target", "named_target_before", "named_target_after", "outcome_past", "outcome_strong",
    "outcome_weak",
    "comparison", "ratio_before", "base_before", "base_after", "headline_after", "progress_after",
    "list_intro", "list_joins", "named_target_tail", "compared_with_target",
    "completion_verbs", "not_cues", "plan_only")},
    {"deadline_patterns": PATTERNS})
CALIBRATION_SCHEMA = Record({"knots": ListOf(ListOf(Number(minimum=0), unique=False)),
                             "review_below": Number(minimum=0)})
LEAD_UNITS_SCHEMA = Record({"units": MapOf(Either(WORDS, Nothing()))})
COMPARATOR = Text(choices=COMPARATORS)
WORDS_SCHEMA = Record(
    {"bounds_before": MapOf(COMPARATOR), "bounds_after": MapOf(COMPARATOR),
     "approximate": WORDS, "threshold_bounds": WORDS, "directions": MapOf(COMPARATOR),
     "growth_words": WORDS, "reduction_words": WORDS, "level_words": WORDS,
     "estimated": WORDS, "hedged": WORDS, "done_words": WORDS,
     "no_figure_reasons": PATTERNS, "spam_phrases": WORDS, "names": WORDS,
     "name_patterns": PATTERNS, "metric_strip_leading": WORDS, "metric_strip_trailing": WORDS,
     "clause_separators": Text(), "sentence_ends": Text(),
     "columns": Record({"target": WORDS, "actual": WORDS},
                       {k: WORDS for k in ("id", "ratio", "lead", "note", "label", "unit")})},
    {"direction_outcomes": MapOf(Number(whole=True)), "other_plan_words": WORDS,
     "copulas": WORDS, "part_words": WORDS, "total_words": WORDS, "periods": PERIODS,
     "spam_patterns": PATTERNS, "implied_units": MapOf(WORDS), "implied_units_after": MapOf(WORDS), "scope_patterns": PATTERNS, "full_year_words": WORDS, "plan_period_words": WORDS, "stock_before": WORDS, "etc_word": Text(), "stock_verbs": WORDS, "stock_to": WORDS, "increment_words": WORDS, "total_now_words": WORDS, "one_year_words": PATTERNS, "per_unit_patterns": PATTERNS, "cumulative_words": WORDS, "lower_is_better": WORDS, "each_not_words": WORDS,
     "skip_before": MapOf(WORDS, keys=Text(choices=SKIP_REASONS)),
     "skip_after": MapOf(Text(choices=SKIP_REASONS)), "local_target_words": WORDS,
     "unassigned_reasons": MapOf(WORDS),
     "lead_patterns": ListOf(Text(pattern=True, groups=("unit",))),
     "lead_unit_patterns": PATTERNS, "document_periods": PERIODS, "publication_dates": ListOf(
         Text(pattern=True, groups=("m",))),
     "derived_targets": ListOf(Record({"pattern": Text(pattern=True, groups=("gap",)),
                                       "sign": Number(whole=True, choices=(1, -1))})),
     "notes": MapOf(Text()), "approximate_after": WORDS, "not_quantity_before": WORDS,
     "threshold_not_before": WORDS, "gap_words": WORDS, "each_words": WORDS,
     "respectively_words": WORDS,
     "tables": Record({}, {"milestone_periods": PERIODS, "lead_cells": PATTERNS,
                           "unit_lines": ListOf(Text(pattern=True, groups=("unit",)))})})


def load_vocabulary(rules_dir: Path) -> Vocabulary:
    base = Path(rules_dir) / "vocabulary"
    units_path = base / "units.yaml"
    units = load_checked(units_path, UNITS_SCHEMA)
    words = load_checked(base / "words.yaml", WORDS_SCHEMA)
    leads = load_checked(base / "lead_units.yaml", LEAD_UNITS_SCHEMA)
    roles = load_checked(base / "roles.yaml", ROLES_SCHEMA)
    calibration = load_checked(base / "calibration.yaml", CALIBRATION_SCHEMA)
    try:
        definitions = (base / "units.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(base / "units.txt"), f"cannot read: {exc}") from exc
    try:
        table = build_unit_table(definitions, {str(k): str(v) for k, v in units["surfaces"].items()},
                                 list(units["canonical"]), dict(units.get("display", {})),
                                 list(units["counters"]))
    except DefinitionError as exc:
        raise RuleError(str(base / "units.txt"), exc.reason, exc.line) from exc
    except ValueError as exc:
        raise RuleError(str(units_path), str(exc)) from exc

    lead_units = {}
    for canonical, aliases in (leads.get("units") or {}).items():
        for spelling in [canonical, *(aliases or [])]:
            lead_units[regex.sub(r"\s+", "", str(spelling))] = str(canonical)
    floor = units.get("floor_area")
    return Vocabulary(
        units=table,
        unit_surfaces=_longest_first(table),
        multipliers={str(k): int(v) for k, v in units["multipliers"].items()},
        counters=frozenset(units["counters"]),
        general_counter=units["general_counter"],
        interchangeable=tuple(tuple(g) for g in units.get("interchangeable", [])),
        area_words=tuple(units.get("area_words", [])),
        bounds_before={w: words["bounds_before"][w] for w in _longest_first(words["bounds_before"])},
        bounds_after=dict(words["bounds_after"]),
        approximate=_longest_first(words["approximate"]),
        threshold_bounds=tuple(words["threshold_bounds"]),
        directions=dict(words["directions"]),
        direction_outcomes=dict(words.get("direction_outcomes", {})),
        growth_words=_longest_first(words["growth_words"]),
        reduction_words=_longest_first(words["reduction_words"]),
        level_words=tuple(words["level_words"]),
        other_plan_words=tuple(words.get("other_plan_words", [])),
        part_words=tuple(words.get("part_words", [])),
        total_words=tuple(words.get("total_words", [])),
        estimated=tuple(words["estimated"]),
        hedged=tuple(words["hedged"]),
        done_words=_longest_first(words["done_words"]),
        no_figure_reasons=tuple(regex.compile(p) for p in words["no_figure_reasons"]),
        periods=tuple(Period(regex.compile(p["pattern"]), p.get("months"))
                      for p in words.get("periods", [])),
        spam_phrases=_longest_first(words["spam_phrases"]),
        spam_patterns=tuple(regex.compile(p) for p in words.get("spam_patterns", [])),
        names=_longest_first(words["names"]),
        name_patterns=tuple(regex.compile(p) for p in words["name_patterns"]),
        skip_before={w: reason for reason, ws in words.get("skip_before", {}).items() for w in ws},
        skip_after=dict(words.get("skip_after", {})),
        metric_strip_leading=_longest_first(words["metric_strip_leading"]),
        metric_strip_trailing=_longest_first(words["metric_strip_trailing"]),
        clause_separators=frozenset(words["clause_separators"]),
        sentence_ends=frozenset(words["sentence_ends"]),
        implied_units={k: tuple(v) for k, v in words.get("implied_units", {}).items()},
        columns={k: list(v) for k, v in words["columns"].items()},
        copulas=_longest_first(words.get("copulas", [])),
        lead_patterns=tuple(regex.compile(p) for p in words.get("lead_patterns", [])),
        lead_unit_patterns=tuple(regex.compile(p) for p in words.get("lead_unit_patterns", [])),
        publication_dates=tuple(regex.compile(p) for p in words.get("publication_dates", [])),
        derived_targets=tuple((regex.compile(d["pattern"]), int(d["sign"]))
                              for d in words.get("derived_targets", [])),
        notes={str(k): str(v) for k, v in words.get("notes", {}).items()},
        document_periods=tuple(Period(regex.compile(p["pattern"]), p.get("months"))
                               for p in words.get("document_periods", [])),
        local_target_words=tuple(words.get("local_target_words", [])),
        unassigned_reasons={k: list(v) for k, v in words.get("unassigned_reasons", {}).items()},
        approximate_after=tuple(words.get("approximate_after", [])),
        not_quantity_before=tuple(words.get("not_quantity_before", [])),
        not_after_chinese_numerals=tuple(units.get("not_after_chinese_numerals", [])),
        floor_area=(floor["volume"], floor["area"]) if floor else None,
        points_unit=units["points_unit"],
        threshold_not_before=tuple(words.get("threshold_not_before", [])),
        gap_words=tuple(words.get("gap_words", [])),
        each_words=tuple(words.get("each_words", [])),
        respectively_words=tuple(words.get("respectively_words", [])),
        roles={key: tuple(value) for key, value in roles.items()},
        scope_patterns=tuple(words.get("scope_patterns", [])),
        full_year_words=tuple(words.get("full_year_words", [])),
        plan_period_words=tuple(words.get("plan_period_words", [])),
        stock_before=tuple(words.get("stock_before", [])),
        etc_word=str(words.get("etc_word", "等")),
        stock_verbs=tuple(words.get("stock_verbs", [])),
        stock_to=tuple(words.get("stock_to", [])),
        increment_words=tuple(words.get("increment_words", [])),
        total_now_words=tuple(words.get("total_now_words", [])),
        one_year_patterns=tuple(regex.compile(p) for p in words.get("one_year_words", [])),
        per_unit_patterns=tuple(regex.compile(p) for p in words.get("per_unit_patterns", [])),
        cumulative_words=tuple(words.get("cumulative_words", [])),
        lower_is_better=tuple(words.get("lower_is_better", [])),
        each_not_words=tuple(words.get("each_not_words", [])),
        calibration=tuple((float(x), float(y)) for x, y in calibration["knots"]),
        review_below=float(calibration["review_below"]),
        implied_units_after={k: tuple(v) for k, v in words.get("implied_units_after", {}).items()},
        lead_units=lead_units,
        tables=dict(words.get("tables", {})),
    )

"""Hand-edited YAML, loaded safely and checked against a declared schema, with file:line errors.

Rule and vocabulary files are edited by people, so a misspelt key or a wrong type must stop the
run with the file and line, not silently turn a rule off. Only plain YAML is accepted: anchors,
aliases and tags are refused (a 600-byte file of nested aliases can expand to gigabytes), keys are
unique, nesting is shallow and the file is small.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import RuleError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, tags and deep nesting while composing."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed",
                                       problem_mark=event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(problem="anchors (&name) are not allowed",
                                       problem_mark=event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise yaml.MarkedYAMLError(problem=f"tags ({event.tag}) are not allowed",
                                       problem_mark=event.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                       problem_mark=event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _check_unique_keys(path: str, node: yaml.Node) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
                if name in seen:
                    raise RuleError(path, f"key {name!r} given twice (first on line {seen[name]})",
                                    _line(key))
                seen[name] = _line(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


@dataclass
class Loaded:
    """A YAML document's data and its node tree (for line numbers)."""

    data: Any
    node: yaml.Node | None


def load(path: Path, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read a plain-YAML file; every problem is a RuleError naming the file and line."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise RuleError(name, f"file is {size:,} bytes; rule files are at most {max_bytes:,}")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RuleError(name, f"cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise RuleError(name, "not UTF-8 text (save the file as UTF-8)", line) from exc
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_unique_keys(name, node)
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(name, f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
                        mark.line + 1 if mark else None) from exc
    except RecursionError as exc:
        raise RuleError(name, "invalid YAML: nested too deeply") from exc
    finally:
        loader.dispose()
    return Loaded(value, node)


# A small schema language: each spec checks a value and its node, raising RuleError.

class Spec:
    what = "a value"

    def fits(self, value: Any) -> bool:
        """Whether the value has this spec's shape (text, number, list …), its content aside."""
        return True

    def check(self, path: str, value: Any, node: yaml.Node | None, where: str) -> None:
        raise NotImplementedError

    def fail(self, path: str, node: yaml.Node | None, message: str):
        raise RuleError(path, message, _line(node) if node is not None else None)


class Text(Spec):
    """A string; a bare number or true/false is not accepted where words are expected."""

    what = "text"

    def fits(self, value):
        return isinstance(value, str)

    def __init__(self, choices: tuple[str, ...] | None = None, pattern: bool = False,
                 groups: tuple[str, ...] = ()):
        self.choices, self.pattern, self.groups = choices, pattern, groups

    def check(self, path, value, node, where):
        if not isinstance(value, str):
            self.fail(path, node, _say(where, f"expected text, found {_kind(value)}"))
        if self.choices is not None and value not in self.choices:
            self.fail(path, node, _say(where, f"{value!r} is not one of {', '.join(self.choices)}"))
        if self.pattern:
            try:
                compiled = regex.compile(value)
            except regex.error as exc:
                self.fail(path, node, _say(where, f"pattern {value!r} does not compile: {exc}"))
            for group in self.groups:
                if group not in compiled.groupindex:
                    self.fail(path, node, _say(where, f"pattern {value!r} needs a group (?P<{group}>…)"))


class Number(Spec):
    what = "a number"

    def fits(self, value):
        return isinstance(value, int | float) and not isinstance(value, bool)

    def __init__(self, whole: bool = False, choices: tuple[int, ...] | None = None,
                 minimum: float | None = None):
        self.whole, self.choices, self.minimum = whole, choices, minimum

    def check(self, path, value, node, where):
        kinds = (int,) if self.whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            wanted = "a whole number" if self.whole else "a number"
            self.fail(path, node, _say(where, f"expected {wanted}, found {_kind(value)}"))
        if self.choices is not None and value not in self.choices:
            self.fail(path, node, _say(where, f"{value!r} is not one of {self.choices}"))
        if self.minimum is not None and value < self.minimum:
            self.fail(path, node, _say(where, f"must be at least {self.minimum}"))


class Flag(Spec):
    what = "true or false"

    def fits(self, value):
        return isinstance(value, bool)

    def check(self, path, value, node, where):
        if not isinstance(value, bool):
            self.fail(path, node, _say(where, f"expected true or false, found {_kind(value)}"))


class Nothing(Spec):
    what = "nothing (null)"

    def fits(self, value):
        return value is None

    def check(self, path, value, node, where):
        if value is not None:
            self.fail(path, node, _say(where, f"expected nothing (null), found {_kind(value)}"))


class Either(Spec):
    def __init__(self, *options: Spec):
        self.options = options

    def fits(self, value):
        return any(option.fits(value) for option in self.options)

    def check(self, path, value, node, where):
        """The first option of the value's shape checks it, so its error names the real line."""
        for option in self.options:
            if option.fits(value):
                option.check(path, value, node, where)
                return
        wanted = " or ".join(option.what for option in self.options)
        self.fail(path, node, _say(where, f"expected {wanted}, found {_kind(value)}"))


class ListOf(Spec):
    """A list; by default its items are unique (a word listed twice is a slip)."""

    what = "a list"

    def fits(self, value):
        return isinstance(value, list)

    def __init__(self, item: Spec, unique: bool = True):
        self.item, self.unique = item, unique

    def check(self, path, value, node, where):
        if not isinstance(value, list):
            self.fail(path, node, _say(where, f"expected a list, found {_kind(value)}"))
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(value)
        seen: set = set()
        for i, (item, item_node) in enumerate(zip(value, nodes, strict=True)):
            self.item.check(path, item, item_node, f"{where}[{i + 1}]")
            if self.unique and isinstance(item, str | int | float):
                if item in seen:
                    self.fail(path, item_node, _say(where, f"{item!r} is listed twice"))
                seen.add(item)


class MapOf(Spec):
    """A mapping from free keys (words) to values of one spec."""

    what = "a mapping"

    def fits(self, value):
        return isinstance(value, dict)

    def __init__(self, value: Spec, keys: Spec | None = None):
        self.value, self.keys = value, keys or Text()

    def check(self, path, value, node, where):
        if not isinstance(value, dict):
            self.fail(path, node, _say(where, f"expected a mapping, found {_kind(value)}"))
        for key, (key_node, value_node) in _items(value, node):
            self.keys.check(path, key, key_node, f"{where}: key")
            self.value.check(path, value[key], value_node, f"{where}.{key}" if where else str(key))


class Record(Spec):
    """A mapping with known keys: an unknown (misspelt) key or a missing required one stops."""

    what = "a mapping"

    def fits(self, value):
        return isinstance(value, dict)

    def __init__(self, required: dict[str, Spec], optional: dict[str, Spec] | None = None):
        self.required, self.optional = required, optional or {}

    def check(self, path, value, node, where):
        if not isinstance(value, dict):
            self.fail(path, node, _say(where, f"expected a mapping, found {_kind(value)}"))
        known = {**self.required, **self.optional}
        for key, (key_node, value_node) in _items(value, node):
            if key not in known:
                close = _closest(str(key), known)
                hint = f" (did you mean {close!r}?)" if close else ""
                self.fail(path, key_node, _say(where, f"unknown key {key!r}{hint}"))
            known[key].check(path, value[key], value_node, f"{where}.{key}" if where else str(key))
        for key in self.required:
            if key not in value:
                self.fail(path, node, _say(where, f"missing key {key!r}"))


def _say(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def _items(value: dict, node: yaml.Node | None):
    if isinstance(node, yaml.MappingNode):
        by_key = {}
        for key_node, value_node in node.value:
            by_key[key_node.value if isinstance(key_node, yaml.ScalarNode) else None] = (
                key_node, value_node)
        for key in value:
            yield key, by_key.get(str(key), by_key.get(key, (node, node)))
    else:
        for key in value:
            yield key, (node, node)


def _closest(key: str, known) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return found[0] if found else None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def load_checked(path: Path, schema: Spec, max_bytes: int = MAX_BYTES) -> Any:
    """Load a file and check it against its schema; the data as plain Python values."""
    loaded = load(path, max_bytes)
    schema.check(str(path), loaded.data, loaded.node, "")
    return loaded.data

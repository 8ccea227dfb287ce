"""Safe YAML for directive bodies and front matter, with line numbers kept.

PyYAML's safe loader already refuses to build arbitrary objects; on top of that we refuse anchors
and aliases (they make "billion laughs" bombs possible) and deep nesting (PyYAML's composer
recurses), and we keep each node's line so errors point at the offending key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's C loader when PyYAML was built with it (the wheels are): about 10x faster, and a
# course is parsed at every start of the reader.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
"""Deeper YAML than this is refused before it is composed."""


class YamlError(Exception):
    """A YAML body that cannot be used; `line` and `column` are 0-based within the body.

    `column` is -1 when YAML gave no position.
    """

    def __init__(self, message: str, line: int, column: int = -1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Located:
    """A plain YAML value (mapping, list or scalar) with the 0-based line it starts on.

    Mappings hold `dict[str, Located]`, lists `list[Located]`, scalars their Python value.
    """

    value: Any
    line: int
    column: int = 0
    """0-based column of the mapping key (for a mapping entry) or of the value."""
    value_column: int = -1
    """0-based column where a one-line scalar's text starts (after a quote); -1 when unknown."""


def _scan(text: str, loader_class: type[yaml.SafeLoader]) -> None:
    """Refuse aliases, anchors and deep nesting, streaming events (no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        line = event.start_mark.line if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError("YAML anchors and aliases (& and *) are not allowed", line)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(f"YAML is nested more than {MAX_DEPTH} levels deep", line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _locate(node: yaml.Node, loader: yaml.SafeLoader) -> Located:
    line = node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise YamlError(f"keys must be names, not {key!r}", key_node.start_mark.line)
            if key in mapping:
                raise YamlError(f"duplicate key '{key}'", key_node.start_mark.line)
            # A value's line is its key's line: that is where an author looks.
            value = _locate(value_node, loader)
            mapping[key] = Located(
                value.value,
                key_node.start_mark.line,
                key_node.start_mark.column,
                _text_column(value_node),
            )
        return Located(mapping, line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        items = [_locate(item, loader) for item in node.value]
        return Located(items, line, node.start_mark.column)
    return Located(
        loader.construct_object(node, deep=True), line, node.start_mark.column, _text_column(node)
    )


def _text_column(node: yaml.Node) -> int:
    """Where a one-line scalar's text starts on its line (0-based); -1 for anything else."""
    if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
        return -1
    if node.style in ("|", ">"):
        return -1
    return node.start_mark.column + (1 if node.style in ('"', "'") else 0)


def _parse(text: str, loader_class: type[yaml.SafeLoader]) -> Located | None:
    _scan(text, loader_class)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _locate(node, loader)
    finally:
        loader.dispose()


def load(text: str) -> Located | None:
    """Parse one YAML document into `Located` values; None for an empty document.

    Raises:
        YamlError: the text is not YAML, holds anchors or aliases, or nests too deep.
    """
    try:
        return _parse(text, _Loader)
    except yaml.YAMLError as fast_error:
        error = fast_error
    if _Loader is not yaml.SafeLoader:
        # Bad YAML: ask the pure-Python loader too, whose messages say more ("but got ':'").
        try:
            return _parse(text, yaml.SafeLoader)
        except yaml.YAMLError as slow_error:
            error = slow_error
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = " ".join((error.problem or error.context or "invalid YAML").split())
        if problem == "mapping values are not allowed here":
            problem += " (text holding ': '? quote it, or use a | block)"
        raise YamlError(
            f"bad YAML: {problem}", mark.line if mark else 0, mark.column if mark else -1
        ) from None
    first_line = str(error).splitlines()[0] if str(error) else "invalid YAML"
    raise YamlError(f"bad YAML: {first_line}", 0) from None

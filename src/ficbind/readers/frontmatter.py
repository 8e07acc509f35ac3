"""Read YAML (or TOML) front matter at the top of a story file (`.md` or `.txt`) into header fields.

Lines -> `FrontMatter` (the fields as written, list values kept as lists, and where
the story begins), or None when the file does not open with a `---` (or `+++`) fence.

    ---
    title: "Glass Orchard"
    author: [tamsin_reeds, Alder Vane]
    tags:
      - gardening
    summary: |
      Ilse grows apples under glass.
    ---

Keys are matched like header labels (`author`, `authors`, `fandom`, `words`...), so a
front matter block and a `Key: value` header mean the same things. A block YAML cannot
parse (`title: Re: Zero` is a YAML error) is read as a `Key: value` header instead,
so a small slip never loses the metadata.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import yaml

from ..model import Field
from .decoding import drop_non_text
from .header import Header, label_key, read_field_block

_OPEN = re.compile(r"^\ufeff?---\s*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
# Front matter longer than this is not front matter: a story that opens with a rule.
_MAX_LINES = 300


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases: nobody writes them in front matter, and
    ten lines of nested aliases (a "billion laughs") would otherwise expand into
    millions of items when the values are turned into text."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases are not read in front matter")
        return super().compose_node(parent, index)


@dataclass(slots=True)
class FrontMatter:
    fields: list[Field]
    end: int  # 0-based index of the first line after the closing fence
    lists: dict[int, list[str]] = field(default_factory=dict)  # field index -> items, for YAML lists
    taken: list[int] = field(default_factory=list)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_as_text(item)}" for key, item in value.items())
    # YAML's escapes can spell any character (`"\0"`, `"\e[31m"`): keep only text.
    return drop_non_text(str(value)).strip()


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    """1-based source line of each top-level key."""
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): first_line + key.start_mark.line for key, _ in node.value}


_TOML_FENCE = re.compile(r"^\ufeff?\+\+\+\s*$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _toml_front_matter(lines: list[str]) -> FrontMatter | None:
    """Hugo's TOML front matter (`+++` … `+++`, `title = "Prologue"`), read with the
    standard library's tomllib; tables (`[params]`) are shown as `key: value` lists."""
    import tomllib

    close = next((k for k in range(1, min(len(lines), _MAX_LINES)) if _TOML_FENCE.match(lines[k])), None)
    if close is None:
        return None
    try:
        data = tomllib.loads("\n".join(lines[1:close]))
    except tomllib.TOMLDecodeError:
        return None  # not TOML after all: the lines stay in the story, where they can be seen
    if data and not any(label_key(str(key)) for key in data):
        return None
    key_lines: dict[str, int] = {}
    for k in range(1, close):
        m = _TOML_KEY.match(lines[k])
        if m:
            key_lines.setdefault(m.group(1).strip('"'), k + 1)
    return _from_mapping(data, key_lines, close, [1, close + 1, *range(2, close + 1)])


def read_front_matter(lines: list[str]) -> FrontMatter | None:
    """The front matter at the top of `lines`, if the file has one."""
    if lines and _TOML_FENCE.match(lines[0]):
        return _toml_front_matter(lines)
    if not lines or not _OPEN.match(lines[0]):
        return None
    close = next((k for k in range(1, min(len(lines), _MAX_LINES)) if _CLOSE.match(lines[k])), None)
    if close is None:
        return None
    text = "\n".join(lines[1:close])
    taken = [1, close + 1]
    try:
        data = yaml.load(text, Loader=_NoAliasLoader) if text.strip() else {}
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        if data is not None and not isinstance(data, str):
            return None  # a YAML list or number: not front matter we understand
        header = Header()
        read_field_block(lines[:close], 1, header)
        if not header.fields:
            return None  # `---` then prose then `---`: a story opening with rules, not front matter
        return FrontMatter(header.fields, close + 1, taken=sorted(set(taken + header.taken)))
    if data and not any(label_key(str(key)) for key in data):
        return None  # `---` / `She said: no` / `---`: prose between rules, not metadata
    taken.extend(range(2, close + 1))
    return _from_mapping(data, _key_lines(text, 2), close, taken)


def _from_mapping(data: dict, key_lines: dict[str, int], close: int, taken: list[int]) -> FrontMatter:
    """Fields from a parsed front matter mapping (YAML or TOML), lists kept as lists."""
    fields: list[Field] = []
    lists: dict[int, list[str]] = {}
    for key, value in data.items():
        fields.append(Field(str(key), _as_text(value), key_lines.get(str(key))))
        if isinstance(value, list):
            lists[len(fields) - 1] = [_as_text(item) for item in value if _as_text(item)]
    return FrontMatter(fields, close + 1, lists, sorted(set(taken)))

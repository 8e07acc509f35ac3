"""Turn the document model into plain JSON data and back ("native" dumps).

The dump is what golden tests compare and what `ficbind inspect --native` prints:
every node is `{"t": "Kind", ...fields}`, so a reviewer can read a diff of it.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

from .. import model

_KINDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Text,
        model.Emphasis,
        model.Strong,
        model.LineBreak,
        model.Footnote,
        model.Paragraph,
        model.Heading,
        model.SceneBreak,
        model.Verse,
        model.Epigraph,
        model.BlockQuote,
        model.ItemList,
        model.Note,
        model.Picture,
        model.Field,
        model.StoryMeta,
        model.Story,
        model.BookMeta,
        model.Book,
    )
}


def to_native(node: Any) -> Any:
    """Model objects to JSON-ready data (dicts tagged with their kind)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        data: dict[str, Any] = {"t": type(node).__name__}
        for f in dataclasses.fields(node):
            data[f.name] = to_native(getattr(node, f.name))
        return data
    if isinstance(node, (list, tuple)):
        return [to_native(item) for item in node]
    if isinstance(node, bytes):  # a picture's bytes, as base64 text
        return {"t": "bytes", "base64": base64.b64encode(node).decode("ascii")}
    return node


def from_native(data: Any) -> Any:
    """The inverse of `to_native`."""
    if isinstance(data, dict) and data.get("t") == "bytes":
        return base64.b64decode(data["base64"], validate=True)
    if isinstance(data, dict) and "t" in data:
        cls = _KINDS[data["t"]]
        return cls(**{key: from_native(value) for key, value in data.items() if key != "t"})
    if isinstance(data, list):
        return [from_native(item) for item in data]
    return data


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _layout(data: Any, indent: str) -> str:
    """Objects and lists spread one entry per line down to the blocks, which stay on
    one line each: a diff then shows which paragraph changed, and little else."""
    inner = indent + "  "
    if isinstance(data, dict) and data.get("t") in ("Story", "StoryMeta", "Book", "BookMeta"):
        items = [f"{inner}{json.dumps(k)}: {_layout(v, inner)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return "[\n" + ",\n".join(inner + _layout(item, inner) for item in data) + "\n" + indent + "]"
    return _compact(data)


def dumps(node: Any) -> str:
    """A stable, reviewable JSON text of a model object (field order kept, one block per line)."""
    return _layout(to_native(node), "") + "\n"

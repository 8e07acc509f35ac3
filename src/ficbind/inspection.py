"""`ficbind inspect`: what was read from a story file, as a dict for JSON or a table.

One object per story with a fixed set of keys (lists empty and strings null when a
field is absent), so scripts can rely on the shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from .gather import StorySource
from .build import read_source
from .model import blocks_text
from .wordcount import count_words


def _text(blocks: list) -> str | None:
    return blocks_text(blocks) or None


def describe(path: Path) -> dict[str, Any]:
    story = read_source(StorySource(path, str(path)))
    meta = story.meta
    body = blocks_text(story.blocks)
    return {
        "path": str(path),
        "title": meta.title,
        "authors": meta.authors,
        "fandoms": meta.fandoms,
        "relationships": meta.relationships,
        "characters": meta.characters,
        "rating": meta.rating,
        "warnings": meta.warnings,
        "category": meta.category,
        "tags": meta.tags,
        "language": meta.language,
        "series": meta.series,
        "summary": _text(meta.summary),
        "notes": _text(meta.notes),
        "end_notes": _text(meta.end_notes),
        "disclaimer": _text(meta.disclaimer),
        "prompt": _text(meta.prompt),
        "dedication": _text(meta.dedication),
        "spoilers": meta.spoilers,
        "stated_word_count": meta.stated_word_count,
        "word_count": count_words(story.blocks),
        "chapters": [blocks_text([b]) for b in story.blocks if type(b).__name__ == "Heading" and b.level == 1],
        "fields": [{"label": f.label, "value": f.value} for f in meta.fields],
        "header_lines": story.header_lines,
        "opening": body[:80],
    }


def render_table(described: list[dict[str, Any]], stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=False)
    for item in described:
        table = Table(title=item["path"], show_header=False, title_justify="left")
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, value in item.items():
            if key == "path" or value in (None, [], ""):
                continue
            if key == "fields":
                value = "\n".join(f"{f['label']}: {f['value']}" for f in value)
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            # Text(), not str: story text must never be read as rich markup.
            table.add_row(Text(key), Text(str(value)))
        console.print(table)

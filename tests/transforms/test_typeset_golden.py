"""The four seed stories as typeset text, compared with golden files read line by line.

golden/typeset/<seed>.txt is the story after every transform (structure, lyrics,
typography, emphasis), written so that a reviewer can read it like a proof: the
metadata shown to readers, then one block per line. `pytest --save-golden-files`
rewrites them; review every changed line before committing.

Notation: `¶` a paragraph (its line breaks as ` ⏎ `), `✻` a scene break, `│` a
line of verse, `#` a chapter heading, `<i>…</i>` emphasis, `<b>…</b>` strong.
"""

from __future__ import annotations

import pytest

from ficbind.model import (
    Emphasis,
    Epigraph,
    Heading,
    Inline,
    LineBreak,
    Note,
    Paragraph,
    SceneBreak,
    Story,
    Strong,
    Text,
    Verse,
)
from ficbind.readers.plaintext import read
from ficbind.transforms import transform_story

from conftest import GOLDEN, SEEDS, check_golden

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


def inlines(nodes: list[Inline]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Emphasis):
            out.append(f"<i>{inlines(node.content)}</i>")
        elif isinstance(node, Strong):
            out.append(f"<b>{inlines(node.content)}</b>")
        elif isinstance(node, LineBreak):
            out.append(" ⏎ ")
    return "".join(out)


def blocks(items: list, indent: str = "") -> list[str]:
    out = []
    for block in items:
        if isinstance(block, Paragraph):
            out.append(f"{indent}¶ {inlines(block.content)}")
        elif isinstance(block, SceneBreak):
            out.append(f"{indent}✻")
        elif isinstance(block, Heading):
            out.append(f"{indent}{'#' * block.level} {inlines(block.content)}")
        elif isinstance(block, Verse):
            out.extend(f"{indent}│ {inlines(line)}" for line in block.lines)
            out.append(f"{indent}")
        elif isinstance(block, Epigraph):
            out.extend(f"{indent}│ {inlines(line)}" for line in block.lines)
            out.append(f"{indent}— {inlines(block.credit)}")
        elif isinstance(block, Note):
            out.append(f"{indent}[{block.label}]")
            out.extend(blocks(block.blocks, indent + "  "))
    return out


def typeset(story: Story) -> str:
    meta = story.meta
    lines = [f"title: {meta.title}"]
    for name in ("authors", "fandoms", "relationships", "characters", "warnings", "category", "tags"):
        if getattr(meta, name):
            lines.append(f"{name}: {' | '.join(getattr(meta, name))}")
    for name in ("series", "spoilers"):
        if getattr(meta, name):
            lines.append(f"{name}: {getattr(meta, name)}")
    for extra in meta.extra:
        lines.append(f"{extra.label}: {extra.value}")
    for name in ("summary", "notes", "disclaimer", "prompt", "dedication"):
        if getattr(meta, name):
            lines.append(f"{name}:")
            lines.extend(blocks(getattr(meta, name), "  "))
    if meta.epigraph:
        lines.append("epigraph:")
        lines.extend(blocks([meta.epigraph], "  "))
    lines.append("")
    lines.extend(blocks(story.blocks))
    if meta.end_notes:
        lines.append("")
        lines.append("end notes:")
        lines.extend(blocks(meta.end_notes, "  "))
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_typeset(path, save_golden):
    story = transform_story(read(path.read_bytes(), f"seeds/{path.name}"))
    check_golden(GOLDEN / "typeset" / f"{path.stem}.txt", typeset(story), save_golden)

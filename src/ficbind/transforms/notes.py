"""Move or drop authors' notes, as the reader of the book asked (`--notes`).

Story -> Story. By default notes stay where the author put them: notes from the
header on the story's title page, closing notes after the story, chapter notes
beside their chapter. `before` gathers the closing notes onto the title page too;
`end` moves the header notes after the story; `omit` leaves every note out,
chapter notes included (a reader who wants only the story).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Note, Story

AS_PLACED = "as-placed"
PLACEMENTS = (AS_PLACED, "before", "end", "omit")


def place_notes(story: Story, placement: str | None) -> Story:
    meta = story.meta
    if placement in (None, AS_PLACED):
        return story
    if placement == "before":
        meta = replace(meta, notes=meta.notes + meta.end_notes, end_notes=[])
    elif placement == "end":
        meta = replace(meta, notes=[], end_notes=meta.notes + meta.end_notes)
    elif placement == "omit":
        meta = replace(meta, notes=[], end_notes=[])
        return replace(story, meta=meta, blocks=[b for b in story.blocks if not isinstance(b, Note)])
    else:
        raise ValueError(f"unknown notes placement {placement!r}; choose from {', '.join(PLACEMENTS)}")
    return replace(story, meta=meta)

"""Transforms are plain `Story -> Story` functions, applied in this order to every story."""

from __future__ import annotations

from typing import Callable

from ..model import Story
from . import chapters, emphasis, lyrics, structure, typography

Transform = Callable[[Story], Story]

# Chapters first (a heading is recognised by its exact text, before anything is
# rewritten), then structure (it reads the raw lines), then lyrics (while the marks
# round a sung line are still there), then punctuation, then emphasis marks (after
# typography has settled which marks are quotes).
PIPELINE: list[Transform] = [chapters.apply, structure.apply, lyrics.apply, typography.apply, emphasis.apply]


def transform_story(story: Story) -> Story:
    for step in PIPELINE:
        story = step(story)
    return story

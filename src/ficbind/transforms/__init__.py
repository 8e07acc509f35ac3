"""Transforms are plain `Story -> Story` functions, applied in this order to every story."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..model import Story

Transform = Callable[[Story], Story]


@cache
def pipeline() -> list[Transform]:
    """The transforms in order, their modules imported (and their patterns compiled)
    once, when the first story is transformed: a build that recalls every story from
    its cache never loads them."""
    from . import chapters, emphasis, lyrics, structure, typography

    # Chapters first (a heading is recognised by its exact text, before anything is
    # rewritten), then structure (it reads the raw lines), then lyrics (while the marks
    # round a sung line are still there), then punctuation, then emphasis marks (after
    # typography has settled which marks are quotes).
    return [chapters.apply, structure.apply, lyrics.apply, typography.apply, emphasis.apply]


def transform_story(story: Story) -> Story:
    for step in pipeline():
        story = step(story)
    return story

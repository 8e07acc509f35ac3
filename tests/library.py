"""A small library of original test stories with varied headers, for selection and cache tests.

Five stories across three fandoms (one written with a curly apostrophe, one with an
AO3 qualifier), four ratings, archive warnings and tags, publication dates and
different lengths, so every filter and sort key has something to choose between.
"""

from __future__ import annotations

import textwrap
from pathlib import Path


def _story(header: str, paragraphs: int, seed: str) -> str:
    body = "\n\n".join(
        f"The kettle clicked off again (that made {k}) and nobody in the {seed.lower()} moved to pour it. "
        f"Outside, the rain went on being rain, patient as a landlord."
        for k in range(1, paragraphs + 1)
    )
    return textwrap.dedent(header).lstrip("\n") + "\n" + body + "\n"


STORIES = {
    "harbour.txt": _story("""
        Title: The Harbour at Dusk
        Author: quietgull
        Fandom: Supernatural (TV 2005)
        Rating: PG
        Archive Warning: No Archive Warnings Apply
        Additional Tags: Road Trip, Found Family
        Published: 2019-05-02
    """, 6, "Harbour"),
    "ferry.txt": _story("""
        Title: Last Ferry Home
        Author: Bramble
        Fandom: Good Omens - Neil Gaiman & Terry Pratchett
        Rating: G
        Additional Tags: Fluff
        Published: 2016-11-20
    """, 2, "Ferry"),
    "storm.txt": _story("""
        Title: after the storm
        Author: ash_and_oak
        Fandom: Supernatural
        Rating: Teen And Up Audiences
        Archive Warning: Major Character Death
        Published: 2021-01-09
    """, 4, "Storm"),
    "greys.txt": _story("""
        Title: Night Shift
        Author: Ash Wren
        Fandom: Grey’s Anatomy
        Rating: PG
        Published: 3 March 2012
    """, 9, "Night"),
    "mature.txt": _story("""
        Title: Burn Marks
        Author: cinder
        Fandom: Supernatural
        Rating: M
    """, 3, "Burn"),
}


def write_library(folder: Path) -> dict[str, Path]:
    """Write the stories into `folder/stories/`; returns name -> path."""
    stories = folder / "stories"
    stories.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in STORIES.items():
        path = stories / name
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def write_manifest(folder: Path, body: str, name: str = "book.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path

"""Read a WebToEpub EPUB of a FanFiction.net story: `Epub` -> `Story`.

The WebToEpub browser extension copies the story page's own profile block
(`#profile_top`: the title in `<b>`, `By:` and the author's link, the summary, and
FanFiction.net's `Rated: Fiction M - English - Romance/Angst - … - id: …` line) into an
`Information` page, with the site's breadcrumb (`Books > Harry Potter`: the fandom)
above it; then one file a chapter, headed `1. Haven` as the site's chapter menu lists it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree

from ...model import Block, Paragraph, Story, Text
from ..ffn import characters_and_pairings as ffn_characters
from ..typednotes import take_typed_notes
from .documents import text_of
from .download import Epub
from .generic import (
    chapter_heading,
    fill_from_opf,
    first_heading,
    html_blocks,
    is_furniture,
    meta_from_labelled,
    remove_keeping_tail,
)
from .package import Item
from .titlepage import Labelled, ffn_story_line

MEANINGS: dict[str, str | None] = {
    "rated": "Rating",
    "genre": "Additional Tags",
    "reviews": "Comments",
    "favs": "Kudos",
    "follows": "Bookmarks",
    "status": "Status",
    "id": None,
}
_LAST_LABEL = re.compile(r"(\w+):\s*$")
_MENU_NUMBER = re.compile(r"^\s*(?P<number>\d+)\.\s+(?P<title>\S.*)$")


def _profile(epub: Epub) -> tuple[Item, etree._Element] | None:
    for item in epub.package.spine[:2]:
        top = epub.body(item).find(".//*[@id='profile_top']")
        if top is not None:
            return item, top
    return None


def recognises(epub: Epub) -> bool:
    tool = any("webtoepub" in c.lower() for c in epub.package.meta.contributors)
    return tool or _profile(epub) is not None


def read(epub: Epub) -> Story:
    found = _profile(epub)
    labelled: list[Labelled] = []
    people: tuple[list[str], list[str]] = ([], [])
    summary: list[Block] = []
    title = author = None
    info_item = None
    if found is not None:
        info_item, top = found
        bold = top.find(".//b")
        title = text_of(bold) if bold is not None else None
        author_link = next((a for a in top.iter("a") if "/u/" in (a.get("href") or "")), None)
        author = text_of(author_link) if author_link is not None else None
        line = next((s for s in top.iter("span") if text_of(s).startswith("Rated:")), None)
        if line is not None:
            dates = _dates(line)
            for entry in ffn_story_line(text_of(line)):
                entry.value = dates.get(entry.label, entry.value)
                if entry.label == "Characters":
                    people = ffn_characters(entry.value)
                    labelled.append(Labelled("Characters", entry.value))
                else:
                    labelled.append(entry)
        text = next((d for d in top.iter("div") if text_of(d) and d is not top and not d.findall(".//span")), None)
        if text is not None:
            summary = [Paragraph([Text(text_of(text))])]
            labelled.insert(0, Labelled("Summary", text_of(text)))
        crumbs = epub.body(info_item).find(".//*[@id='pre_story_links']")
        if crumbs is not None:
            links = [text_of(a) for a in crumbs.iter("a") if text_of(a)]
            if len(links) >= 2:
                labelled.insert(0, Labelled("Fandom", links[-1]))
    meanings = dict(MEANINGS, characters=None)  # split by ffn_characters, not at commas alone
    meta = meta_from_labelled(epub, info_item or epub.package.spine[0], labelled, meanings)
    meta.title = title or meta.title
    meta.authors = [author] if author else meta.authors
    meta.characters, meta.relationships = people
    meta.summary = summary
    meta.source = "FanFiction.net"
    fill_from_opf(meta, epub)

    blocks: list[Block] = []
    for item in epub.package.spine:
        if item is info_item or is_furniture(epub, item):
            continue
        body = epub.body(item)
        heading = first_heading(body)
        heading_text = text_of(heading) if heading is not None else epub.package.toc_titles.get(item.name or "", "")
        if heading is not None:
            remove_keeping_tail(heading)
        numbered = _MENU_NUMBER.match(heading_text)
        if numbered:
            heading_text = f"Chapter {numbered.group('number')}: {numbered.group('title')}"
        if heading_text:
            blocks.append(chapter_heading(heading_text))
        blocks.extend(html_blocks(epub, body, item))
    # Notes the author typed into the chapters (A/N, disclaimers) are notes, not story.
    return take_typed_notes(Story(path=epub.path, meta=meta, blocks=blocks))


def _dates(line: etree._Element) -> dict[str, str]:
    """FanFiction.net's dates as ISO dates, from the time each `<span data-xutime>` holds
    (the text shows it in the saving browser's own local format, `9/2/2010, 2:43:45 PM`)."""
    dates: dict[str, str] = {}
    for span in line.iter("span"):
        stamp = span.get("data-xutime") or ""
        previous = span.getprevious()
        before = (previous.tail if previous is not None else span.getparent().text) or ""
        label = _LAST_LABEL.search(before)
        if stamp.isdigit() and label:
            moment = datetime.fromtimestamp(int(stamp), tz=UTC)
            dates[label.group(1)] = moment.date().isoformat()
    return dates

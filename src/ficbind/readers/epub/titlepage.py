"""Read the title pages download tools write into their EPUBs: a page's tree -> labelled values.

Three shapes are in use:

    FanFicFare   <b>Category:</b> Good Omens<br/>  <b>Summary:</b> <div class="userstuff">…</div><br/>
    fichub       <p>Fandoms: The Pitt (TV)</p>     <div>Summary: <p>…</p></div>
    FanFiction.net's own line (fichub and WebToEpub copy it):
                 Rated: Fiction M - English - Romance/Angst - Hermione G., Draco M. - Chapters: 49 - …

Each yields `Labelled` values in page order, keeping the element a prose value came
from (a summary with italics) so the HTML reader can map it rather than flatten it.
Which label means what differs by tool (FanFicFare's `Category` is the fandom); the
reader for each tool decides that, not this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..ffn import story_line_facts
from .documents import text_of


@dataclass(slots=True)
class Labelled:
    label: str
    value: str  # the value's text, whitespace collapsed
    elements: list[etree._Element] = field(default_factory=list)  # block elements of a prose value


_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z ’'/()-]{0,40}?)\s*:\s*(?P<value>.*)$", re.DOTALL)
_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}


def _squash(text: str) -> str:
    return " ".join(text.split())


def bold_labels(container: etree._Element) -> list[Labelled]:
    """FanFicFare's `<b>Label:</b> value<br/>` lines, found anywhere under `container`."""
    out: list[Labelled] = []
    for bold in container.iter("b", "strong"):
        label = _squash(text_of(bold))
        if not label.endswith(":") or len(label) > 40:
            continue
        value: list[str] = [bold.tail or ""]
        elements: list[etree._Element] = []
        sibling = bold.getnext()
        while sibling is not None and sibling.tag not in ("br", "b", "strong"):
            if sibling.tag in _BLOCKS:
                elements.append(sibling)
            value.append(text_of(sibling) + " " + (sibling.tail or ""))
            sibling = sibling.getnext()
        out.append(Labelled(label[:-1].strip(), _squash(" ".join(value)), elements))
    return out


def paragraph_labels(body: etree._Element) -> list[Labelled]:
    """fichub's `<p>Label: value</p>` lines and its `<div>Summary: <p>…</p></div>`."""
    out: list[Labelled] = []
    for element in body.iter("p", "div"):
        if element.getparent() is not None and element.getparent().tag in ("p", "div") \
                and element.getparent() is not body:
            continue  # a paragraph inside a labelled value belongs to that value
        head = _squash(element.text or "")
        match = _LABEL.match(head)
        if not match:
            continue
        children = [c for c in element if isinstance(c.tag, str)]
        blocks = [c for c in children if c.tag in _BLOCKS]
        value = _squash(text_of(element))[len(match.group("label")) + 1:].strip() if not blocks else \
            _squash(match.group("value") + " " + " ".join(text_of(b) for b in blocks))
        out.append(Labelled(match.group("label").strip(), value, blocks))
    return out


def ffn_story_line(text: str) -> list[Labelled]:
    """The labelled values of FanFiction.net's `Rated: … - id: …` line."""
    return [Labelled(label, value) for label, value in story_line_facts(_squash(text))]

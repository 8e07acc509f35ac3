"""Map an HTML element's content onto the document model: element -> [Block].

Only text and a few kinds of structure are taken; no markup, attribute or link of the
input ever reaches the book. What each element becomes:

- `<p>`, `<div>` and other containers: paragraphs (a paragraph of `<span>`s, as Google
  Docs and AO3's rich-text editor write them, is one paragraph); a run of two or more
  `<br>` splits a paragraph, as it does on screen; one `<br>` is a `LineBreak`;
- `<em>`/`<i>`/`<cite>` -> `Emphasis`, `<strong>`/`<b>` -> `Strong`, and a `<span>` styled
  `font-style: italic` or `font-weight: bold` (forum software writes those) likewise;
- `<h1>`…`<h6>` -> `Heading` of that level (readers decide which level is a chapter);
- `<hr>`, a paragraph that is a scene-break marker (`* * *`, `~~~`, a centred `***`), and
  an empty paragraph where empty paragraphs are rare (`<p>&nbsp;</p>` between scenes)
  -> `SceneBreak`;
- `<blockquote>` -> `BlockQuote`, `<ul>`/`<ol>` -> `ItemList`, `<dt>` a bold paragraph,
  a table row one paragraph (its cells joined by a dash), `<pre>` lines kept;
- `<img>`: what `picture(src, alt)` returns (the EPUB reader resolves the pictures a
  book carries), else its alt text. Nothing is ever fetched;
- scripts, styles, frames, objects, forms, `<base>`, `<nav>`, `<noscript>` and elements
  hidden with `hidden` or `display: none`: nothing.

Whitespace is collapsed as a browser does. Markup pretty-printed by a sanitiser puts a
line break between `</em>` and `<span>, she said`; browsers show that as a space before
the comma, which is dropped here (see `_settle`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from ...model import (
    Block,
    BlockQuote,
    Emphasis,
    Heading,
    Inline,
    ItemList,
    LineBreak,
    Paragraph,
    SceneBreak,
    Strong,
    Text,
    inline_text,
    join_lines,
    split_lines,
)
from ...text.scene_breaks import is_scene_break

Picture = Callable[[str, str], "Block | None"]

# Elements whose content is never story text. (Not `<form>`: some sites wrap the whole
# page in one; its controls are dropped here. Void elements libxml2 does not know as
# void, such as `<embed>` and `<source>`, are not here: the parser nests the rest of the
# page inside them, so they are read through, as the empty elements they are.)
DROPPED = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "applet", "noscript", "template",
    "button", "select", "option", "optgroup", "textarea", "datalist", "output", "svg", "math", "canvas", "audio",
    "video", "map", "head", "title", "nav", "dialog", "menu",
})
# Elements that run inside a line of text. Unknown elements count as inline, as in browsers.
INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "picture", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "nobr",
})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# libxml2 stops at 256 levels; deeper than this, an element's text is taken without its
# structure, so a tree built by another parser cannot exhaust Python's stack.
MAX_DEPTH = 200
# HTML's white space (not the no-break space, which authors type to indent or to keep
# an empty paragraph open).
_SPACES = re.compile(r"[ \t\n\r\f]+")
# Characters a space never comes before: closing punctuation, Latin and CJK.
_CLOSING = frozenset(",.;:!?)]}…’”»›、。，．！？：；）」』】〉》")
# Empty paragraphs are scene breaks when they are this rare (at most one for every so
# many paragraphs of text); where every paragraph is followed by one they are spacing.
_BLANKS_AS_BREAKS = 8


def tag_name(element: object) -> str | None:
    """`p` for `<p>` and `{http://www.w3.org/1999/xhtml}p`; None for comments and the like."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def is_hidden(element: etree._Element) -> bool:
    """An element the page never shows (and so neither does the book)."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Gap(Text):
    """White space between two elements, from the page's indentation (it holds a line
    break): a space, unless closing punctuation or CJK text follows (see `_settle`)."""

    __slots__ = ()


@dataclass(slots=True)
class _Split:
    """Where a paragraph ends inside a run of inlines (two `<br>`s, a block inside a span);
    `blank` when an empty line stands there too (three `<br>`s or more)."""

    blank: bool = False


@dataclass(slots=True)
class _Hoisted:
    """A block met inside a line of text (a picture): the paragraph is split around it."""

    block: Block


@dataclass(slots=True)
class _Blank:
    """An empty paragraph, settled into a scene break or nothing once the page is read."""


def _text(raw: str) -> Text:
    if "\n" in raw and not raw.strip(" \t\n\r\f"):
        return _Gap(raw)
    return Text(raw)


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _leaves(inlines: list, into: list) -> list:
    for node in inlines:
        if isinstance(node, (Emphasis, Strong)):
            _leaves(node.content, into)
        else:
            into.append(node)
    return into


def _settle(inlines: list) -> None:
    """Collapse white space in place, as a browser lays the line out: runs become one
    space, none at the start or end of a line, and a `_Gap` becomes a space only where
    one could stand (not before `,` or `’s`, not between two Chinese characters)."""
    leaves = _leaves(inlines, [])
    for leaf in leaves:
        if isinstance(leaf, Text) and not isinstance(leaf, _Gap):
            leaf.text = _SPACES.sub(_collapse, leaf.text)
    line: list[Text] = []  # the texts of the current line that are not empty

    def end_line() -> None:
        while line:
            line[-1].text = line[-1].text.rstrip()
            if line[-1].text:
                break
            line.pop()
        line.clear()

    for index, leaf in enumerate(leaves):
        if not isinstance(leaf, Text):
            end_line()
            continue
        previous = line[-1].text[-1] if line else None
        if isinstance(leaf, _Gap):
            following = _next_char(leaves, index + 1)
            keep = (
                previous is not None
                and not previous.isspace()
                and following is not None
                and not following.isspace()
                and following not in _CLOSING
                and not (_is_cjk(previous) and _is_cjk(following))
            )
            leaf.text = " " if keep else ""
        elif previous is None:
            leaf.text = leaf.text.lstrip()
        elif previous == " " and leaf.text.startswith(" "):
            leaf.text = leaf.text[1:]
        if leaf.text:
            line.append(leaf)
    end_line()


def _collapse(match: re.Match[str]) -> str:
    # A line break between two Chinese or Japanese characters is no space (CSS Text's
    # segment-break rule): those scripts put none between words.
    text, start, end = match.string, match.start(), match.end()
    if "\n" in match.group() and 0 < start and end < len(text) and _is_cjk(text[start - 1]) and _is_cjk(text[end]):
        return ""
    return " "


def _next_char(leaves: list, start: int) -> str | None:
    for leaf in leaves[start:]:
        if not isinstance(leaf, Text):
            return None
        if isinstance(leaf, _Gap):
            continue
        text = _SPACES.sub(" ", leaf.text)
        if text:
            return text[0]
    return None


def _tidy(inlines: list) -> list:
    """Empty texts and empty emphasis dropped, neighbouring texts merged, two or more
    line breaks in a row made a paragraph split."""
    out: list = []
    for node in inlines:
        if isinstance(node, (Emphasis, Strong)):
            content = _tidy(node.content)
            if not any(not isinstance(n, LineBreak) for n in content):
                out.extend(content)  # `<em><br></em>`: the break stays, the emphasis goes
                continue
            node = type(node)(content)
        elif isinstance(node, Text):
            if not node.text:
                continue
            if out and type(out[-1]) is Text:
                out[-1] = Text(out[-1].text + node.text)
                continue
            node = Text(node.text)
        elif isinstance(node, LineBreak) and out and isinstance(out[-1], (LineBreak, _Split)):
            out[-1] = _Split(blank=isinstance(out[-1], _Split))
            continue
        out.append(node)
    return out


def _split(inlines: list) -> list:
    """Inline lists and the markers between them (`_Split`, `_Hoisted`), found at any
    depth: an emphasis that spans two paragraphs becomes two emphases."""
    parts: list = [[]]
    for node in inlines:
        if isinstance(node, (_Split, _Hoisted)):
            parts.extend([node, []])
        elif isinstance(node, (Emphasis, Strong)):
            inner = _split(node.content)
            if len(inner) == 1:
                parts[-1].append(node)
                continue
            for piece in inner:
                if isinstance(piece, list):
                    if piece:
                        parts[-1].append(type(node)(piece))
                else:
                    parts.extend([piece, []])
        else:
            parts[-1].append(node)
    return parts


def _trim_breaks(inlines: list[Inline]) -> list[Inline]:
    start, end = 0, len(inlines)
    while start < end and isinstance(inlines[start], LineBreak):
        start += 1
    while end > start and isinstance(inlines[end - 1], LineBreak):
        end -= 1
    return inlines[start:end]


class _Reader:
    """One walk over an element tree, collecting blocks."""

    def __init__(self, picture: Picture | None) -> None:
        self.picture = picture
        self.paragraphs = 0  # paragraphs with text, to judge how rare empty ones are
        self.blanks = 0  # runs of empty paragraphs

    # --- blocks ------------------------------------------------------------------

    def container(self, element: etree._Element, depth: int) -> list:
        """The blocks of an element's content: loose text and inline elements make
        paragraphs, block elements their own blocks."""
        out: list = []
        pending: list = []
        if element.text:
            pending.append(_text(element.text))
        for child in element:
            name = tag_name(child)
            if name is not None and name not in DROPPED and not is_hidden(child):
                if depth >= MAX_DEPTH:
                    pending.append(Text(" " + self.flat_text(child) + " "))
                elif name in INLINE or name not in _BLOCK_READERS and name not in _CONTAINERS:
                    if name not in ("br", "img") and any(_is_block(grandchild) for grandchild in child):
                        # `<span><p>…</p></span>`: the span holds paragraphs.
                        out.extend(self.paragraphs_of(pending))
                        pending = []
                        out.extend(self.container(child, depth + 1))
                    else:
                        pending.extend(self.inlines(child, name, depth + 1))
                else:
                    out.extend(self.paragraphs_of(pending))
                    pending = []
                    out.extend(self.block(child, name, depth + 1))
            if child.tail:
                pending.append(_text(child.tail))
        out.extend(self.paragraphs_of(pending))
        return out

    def block(self, element: etree._Element, name: str, depth: int) -> list:
        reader = _BLOCK_READERS.get(name)
        if reader is not None:
            return reader(self, element, depth)
        blocks = self.container(element, depth)
        if not blocks and name == "p":
            return [_Blank()]  # `<p>&nbsp;</p>`, `<p><br></p>`: an empty line the author typed
        return blocks

    def paragraphs_of(self, pending: list) -> list:
        """Paragraphs from a run of inlines: split at double line breaks and pictures."""
        if not pending:
            return []
        _settle(pending)
        out: list = []
        for part in _split(_tidy(pending)):
            if isinstance(part, _Hoisted):
                out.append(part.block)
            elif isinstance(part, _Split):
                if part.blank:
                    out.append(_Blank())
            elif content := _trim_breaks(part):
                out.append(self.paragraph(content))
        return [block for block in out if block is not None]

    def paragraph(self, content: list[Inline]) -> Block | _Blank:
        text = inline_text(content)
        if not text.strip():
            return _Blank()
        if is_scene_break(text):
            return SceneBreak()
        self.paragraphs += 1
        return Paragraph(content)

    def heading(self, element: etree._Element, depth: int) -> list:
        level = _HEADINGS[tag_name(element) or "h1"]
        lines: list[list[Inline]] = []
        counted = self.paragraphs
        for block in self.container(element, depth):
            if isinstance(block, (Paragraph, Heading)):
                lines.extend(split_lines(block.content))
        self.paragraphs = counted  # a heading is not a paragraph of text
        if not lines:
            return []
        return [Heading(level, join_lines(lines))]

    def quotation(self, element: etree._Element, depth: int) -> list:
        blocks = [b for b in self.container(element, depth) if not isinstance(b, _Blank)]
        return [BlockQuote(blocks)] if blocks else []

    def item_list(self, element: etree._Element, depth: int) -> list:
        items: list[list[Block]] = []
        for child in element:
            name = tag_name(child)
            if name is None or name in DROPPED or is_hidden(child):
                continue
            item = [b for b in self.block(child, name, depth + 1) if not isinstance(b, _Blank)]
            if item:
                items.append(item)
            if child.tail and child.tail.strip():  # text loose in a list, outside any item
                items.append([Paragraph([Text(child.tail.strip())])])
        return [ItemList(tag_name(element) == "ol", items)] if items else []

    def term(self, element: etree._Element, depth: int) -> list:
        return [Paragraph([Strong(b.content)]) if isinstance(b, Paragraph) else b
                for b in self.container(element, depth)]

    def table(self, element: etree._Element, depth: int) -> list:
        out: list = []
        for row in _rows(element):
            cells = [self.container(cell, depth + 2) for cell in row if not is_hidden(cell)]
            cells = [[b for b in cell if not isinstance(b, _Blank)] for cell in cells]
            cells = [cell for cell in cells if cell]
            if not cells:
                continue
            if all(len(cell) == 1 and isinstance(cell[0], Paragraph) for cell in cells):
                # A row of short cells (a name and a message, a date and an entry): one line.
                content: list = []
                for k, cell in enumerate(cells):
                    if k:
                        content.append(Text(" — "))
                    content.extend(cell[0].content)
                out.append(Paragraph(_tidy(content)))
                self.paragraphs -= len(cells) - 1  # one paragraph, not one a cell
            else:
                for cell in cells:
                    out.extend(cell)
        for caption in (c for c in element if tag_name(c) == "caption"):
            out[:0] = self.container(caption, depth + 1)
        return out

    def preformatted(self, element: etree._Element, depth: int) -> list:
        text = self.flat_text(element, keep_lines=True)
        out: list = []
        for chunk in re.split(r"\n[ \t]*\n", text):
            lines: list[list[Inline]] = [[Text(line.rstrip())] for line in chunk.split("\n") if line.strip()]
            if lines:
                out.append(self.paragraph(join_lines(lines)))
        return out

    # --- inlines -----------------------------------------------------------------

    def inlines(self, element: etree._Element, name: str, depth: int) -> list:
        if name == "br":
            return [LineBreak()]
        if name == "img":
            return self.image(element)
        if name == "rp":  # the brackets round a ruby annotation, for browsers without ruby
            return []
        if depth >= MAX_DEPTH:
            return [Text(self.flat_text(element))]
        content: list = []
        if element.text:
            content.append(_text(element.text))
        for child in element:
            child_name = tag_name(child)
            if child_name is not None and child_name not in DROPPED and not is_hidden(child):
                if _is_block(child):
                    # A block inside a line (`<a><div>…</div></a>`): its own paragraph.
                    content.append(_Split())
                    content.extend(self.inlines(child, "span", depth + 1))
                    content.append(_Split())
                else:
                    content.extend(self.inlines(child, child_name, depth + 1))
            if child.tail:
                content.append(_text(child.tail))
        style = element.get("style") or ""
        if name in _EMPHASIS or (style and _ITALIC_STYLE.search(style)):
            content = [Emphasis(content)]
        if name in _STRONG or (style and _BOLD_STYLE.search(style)):
            content = [Strong(content)]
        if name == "q":
            content = [Text("“"), *content, Text("”")]
        elif name == "rt":
            content = [Text("("), *content, Text(")")]
        return content

    def image(self, element: etree._Element) -> list:
        alt = " ".join((element.get("alt") or "").split())
        if self.picture is not None:
            block = self.picture(element.get("src") or "", alt)
            if block is not None:
                return [_Hoisted(block)]
        # A picture the book cannot carry: its description stands in, as in a browser
        # with images off. Nothing is fetched.
        return [_Gap("\n"), Text(alt), _Gap("\n")] if alt else []

    def flat_text(self, element: etree._Element, keep_lines: bool = False) -> str:
        """An element's text without its structure (past MAX_DEPTH, and `<pre>`)."""
        pieces: list[str] = []
        for node in element.iter():
            name = tag_name(node)
            if node is not element and node.tail:
                pieces.append(node.tail)
            if name is None or name in DROPPED:
                continue
            if name == "br":
                pieces.append("\n")
            if node.text:
                pieces.append(node.text)
        text = "".join(pieces)
        return text if keep_lines else " ".join(text.split())

    # --- the whole walk ----------------------------------------------------------

    def settle_blanks(self, blocks: list) -> list[Block]:
        """Empty paragraphs become scene breaks where they are rare, else nothing; and
        no scene break opens or closes a block list or follows another."""
        as_breaks = self.blanks_are_breaks()
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, _Blank):
                if not as_breaks:
                    continue
                block = SceneBreak()
            elif isinstance(block, BlockQuote):
                block = BlockQuote(self.settle_blanks(block.blocks))
            elif isinstance(block, ItemList):
                block = ItemList(block.ordered, [self.settle_blanks(item) for item in block.items])
            if isinstance(block, SceneBreak) and (not out or isinstance(out[-1], SceneBreak)):
                continue
            out.append(block)
        while out and isinstance(out[-1], SceneBreak):
            out.pop()
        return out

    def blanks_are_breaks(self) -> bool:
        return 0 < self.blanks and self.blanks * _BLANKS_AS_BREAKS <= self.paragraphs

    def count_blanks(self, blocks: list) -> None:
        previous_blank = False
        for block in blocks:
            if isinstance(block, _Blank) and not previous_blank:
                self.blanks += 1
            previous_blank = isinstance(block, _Blank)


def _rows(table: etree._Element) -> Iterator[list[etree._Element]]:
    """The rows of a table, through `<thead>`/`<tbody>`/`<tfoot>`, not those of tables inside it."""
    for child in table:
        name = tag_name(child)
        if name == "tr":
            yield [cell for cell in child if tag_name(cell) in ("td", "th")]
        elif name in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


_BLOCK_READERS: dict[str, Callable[[_Reader, etree._Element, int], list]] = {
    **{name: _Reader.heading for name in _HEADINGS},
    "blockquote": _Reader.quotation,
    "ul": _Reader.item_list,
    "ol": _Reader.item_list,
    "dir": _Reader.item_list,
    "dt": _Reader.term,
    "table": _Reader.table,
    "pre": _Reader.preformatted,
    "hr": lambda reader, element, depth: [SceneBreak()],
}
# Block elements read as plain containers of paragraphs.
_CONTAINERS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "header", "footer", "aside", "center", "figure",
    "figcaption", "address", "details", "summary", "fieldset", "legend", "hgroup", "li", "dl", "dd", "td", "th",
    "tr", "tbody", "thead", "tfoot", "caption", "search", "blockquote",
})


def _is_block(element: object) -> bool:
    name = tag_name(element)
    return name is not None and (name in _CONTAINERS or name in _BLOCK_READERS)


def _finish(reader: _Reader, blocks: list) -> list[Block]:
    reader.count_blanks(blocks)
    return reader.settle_blanks(blocks)


def blocks_from_html(element: etree._Element, *, picture: Picture | None = None) -> list[Block]:
    """The blocks of an element's content (not the element itself: pass a `<body>`, a
    chapter's `<div class="userstuff">`, a summary's `<blockquote>`).

    `picture(src, alt)` turns an `<img>` into a block, or returns None to let its alt
    text stand in; without it every picture is its alt text."""
    reader = _Reader(picture)
    return _finish(reader, reader.container(element, 0))


def blocks_from_elements(elements: list[etree._Element], *, picture: Picture | None = None) -> list[Block]:
    """`blocks_from_html` over several elements read as one run of content (a chapter
    whose text is split over several `<div>`s), judging empty paragraphs over all of them."""
    reader = _Reader(picture)
    blocks: list = []
    for element in elements:
        name = tag_name(element)
        if name is None or name in DROPPED or is_hidden(element):
            continue
        blocks.extend(reader.block(element, name, 0) if _is_block(element) else
                      reader.paragraphs_of(reader.inlines(element, name, 0)))
    return _finish(reader, blocks)


def inlines_from_html(element: etree._Element) -> list[Inline]:
    """An element's content as one line of inlines (a title, a tag, a heading); line
    breaks kept, paragraphs joined by line breaks."""
    lines: list[list[Inline]] = []
    for block in blocks_from_html(element):
        if isinstance(block, (Paragraph, Heading)):
            lines.extend(split_lines(block.content))
    return join_lines(lines)


def text_of(element: etree._Element) -> str:
    """An element's visible text on one line, white space collapsed (a tag, a label)."""
    return " ".join(inline_text(inlines_from_html(element)).split())

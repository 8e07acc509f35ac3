"""Read a Markdown story file (`.md`, `.markdown`) into a `Story`.

Bytes -> Story. The metadata comes first, as in a plain-text file: YAML front matter,
or a fic header (`**Rating:** G`, a `# Title` line with `*by Name*` under it), and
closing notes (`A/N:`). The body is parsed as CommonMark (markdown-it-py): paragraphs
are separated by blank lines, `*emphasis*` and `**strong**` become Emphasis and
Strong inlines directly, `---` is a scene break, and headings are chapters: the
shallowest level of heading in the story is level 1 (`## Spring`, `## Summer`).

Markdown's escape hatch to HTML is closed: `<i>`, `<em>`, `<b>`, `<strong>` and
`<br>` are read as what they mean, every other tag is dropped, and nothing is ever
passed through as markup. Links keep their text; images keep their description.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import (
    Block,
    Emphasis,
    Footnote,
    Heading,
    Inline,
    LineBreak,
    Paragraph,
    SceneBreak,
    Story,
    Strong,
    Text,
    Verse,
    inline_text,
    split_lines,
)
from ..text.chapter_headings import is_chapter_heading
from .decoding import decode
from .frontmatter import read_front_matter
from .header import find_header, label_key
from .plaintext import story_from_parts
from .repeated_header import take_repeated_headers

_ATX_TITLE = re.compile(r"^\s{0,3}#\s+(?P<title>.+?)\s*#*\s*$")
# A whole line set in bold (`**Disclaimer: not mine.**`, `**By Name**`), and not in bold
# italics (`***June, 2004***` is a scene's dateline, not a header line).
_BOLD_LINE = re.compile(r"^\s{0,3}(?P<mark>\*\*|__)(?![*_\s])(?P<inner>(?:(?!\*\*|__).)+?)(?<![*_\s])(?P=mark)\s*$")
_EMPHASIS_TAGS = {"i": Emphasis, "em": Emphasis, "cite": Emphasis, "b": Strong, "strong": Strong}
_TAG = re.compile(r"^<\s*(?P<close>/)?\s*(?P<name>[a-zA-Z][a-zA-Z0-9]*)[^>]*?(?P<selfclose>/)?\s*>$")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark, with raw HTML recognised as tokens (so it can be read, then dropped),
    # and footnotes (`[^1]` and `[^1]: the note`, as pandoc and GitHub read them).
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).use(footnote_plugin, inline=False)


# --- inlines -------------------------------------------------------------------------------


def _inlines(tokens: list[Token], soft_break: Inline, notes: Notes | None = None) -> list[Inline]:
    """Inline tokens -> model inlines; emphasis from Markdown and from HTML tags nests.
    `notes` holds the story's footnotes by number, for the references to them."""
    root: list[Inline] = []
    stack: list[tuple[str, list[Inline]]] = [("", root)]

    def push(kind: str) -> None:
        stack.append((kind, []))

    def pop(kind: str) -> None:
        # Close the innermost open `kind`; an unmatched closing tag is ignored.
        if not any(open_kind == kind for open_kind, _ in stack[1:]):
            return
        while True:
            open_kind, content = stack.pop()
            node = Strong(content) if open_kind == "strong" else Emphasis(content)
            stack[-1][1].append(node)
            if open_kind == kind:
                return

    for token in tokens:
        out = stack[-1][1]
        if token.type == "text" or token.type == "code_inline":
            out.append(Text(token.content))
        elif token.type == "softbreak":
            out.append(soft_break)
        elif token.type == "hardbreak":
            out.append(LineBreak())
        elif token.type in ("em_open", "strong_open"):
            push(token.type[:-5])
        elif token.type in ("em_close", "strong_close"):
            pop(token.type[:-6])
        elif token.type == "footnote_ref":
            # A second reference to the same note repeats it: each reference has its note.
            if notes and token.meta["id"] in notes:
                out.append(Footnote(list(notes[token.meta["id"]])))
        elif token.type == "image":
            alt = token.content.strip()
            if alt:
                out.append(Text(alt))
        elif token.type == "html_inline":
            m = _TAG.match(token.content.strip())
            if not m:
                continue
            name = m.group("name").lower()
            if name == "br":
                out.append(LineBreak())
            elif name in _EMPHASIS_TAGS and not m.group("selfclose"):
                kind = "strong" if _EMPHASIS_TAGS[name] is Strong else "em"
                pop(kind) if m.group("close") else push(kind)
        # link_open / link_close: the link's text stays, its target never reaches the book.
    while len(stack) > 1:
        open_kind, content = stack.pop()
        stack[-1][1].append(Strong(content) if open_kind == "strong" else Emphasis(content))
    return _tidy(root)


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """Merge neighbouring text, drop empty emphasis and spaces around line breaks."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Emphasis, Strong)):
            node = type(node)(_tidy(node.content))
            if not node.content:
                continue
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    for k, node in enumerate(out):
        if isinstance(node, Text):
            text = node.text
            if k + 1 < len(out) and isinstance(out[k + 1], LineBreak):
                text = text.rstrip()
            if k > 0 and isinstance(out[k - 1], LineBreak):
                text = text.lstrip()
            out[k] = Text(text)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return [node for node in out if not (isinstance(node, Text) and not node.text)]


def parse_inline(text: str) -> list[Inline]:
    """Markdown inline text (a header value, a summary) -> inlines."""
    tokens = _parser().parseInline(text)
    return _inlines(tokens[0].children or [], Text(" ")) if tokens else []


def plain_text(text: str) -> str:
    """`*The* Tin Lighthouse` -> `The Tin Lighthouse`: Markdown marks removed."""
    return inline_text(parse_inline(text)).strip() or text.strip()


# --- blocks ----------------------------------------------------------------------------------


def _html_block_text(source: str) -> list[Block]:
    """A raw HTML block: its words kept as paragraphs, its tags dropped (and what is in a
    `<script>` or `<style>`, which is code, not words)."""
    if re.fullmatch(r"\s*<hr\s*/?>\s*", source, re.IGNORECASE):
        return [SceneBreak()]
    text = re.sub(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", "", source, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:p|div|blockquote|center|h\d)[^>]*>", "\n\n", text, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    blocks: list[Block] = []
    for part in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in part.split("\n") if line.strip()]
        if lines:
            content: list[Inline] = []
            for k, line in enumerate(lines):
                if k:
                    content.append(LineBreak())
                content.append(Text(line))
            blocks.append(Paragraph(content))
    return blocks


Notes = dict[int, list[Block]]


def _footnotes_apart(tokens: list[Token]) -> tuple[list[Token], dict[int, list[Token]]]:
    """The body's tokens, and each footnote's own tokens by its number (markdown-it
    gathers the notes in a block after the body)."""
    body: list[Token] = []
    notes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif token.type in ("footnote_block_open", "footnote_block_close", "footnote_anchor"):
            continue
        elif current is not None:
            current.append(token)
        else:
            body.append(token)
    return body, notes


def blocks_from_markdown(source: str) -> list[Block]:
    """Markdown text -> blocks (headings keep their Markdown level here)."""
    body, note_tokens = _footnotes_apart(_parser().parse(source, {}))
    # A reference inside a note to another note is read as the note's plain text.
    notes = {number: _blocks(tokens, {}) for number, tokens in note_tokens.items()}
    return _blocks(body, notes)


def _blocks(tokens: list[Token], notes: Notes) -> list[Block]:
    blocks: list[Block] = []
    quote_depth = 0
    list_markers: list[list] = []  # per open list: [ordered, next number]
    heading_level = 0
    pending_item_marker: str | None = None
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1)) if token.attrs else 1
            list_markers.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_markers.pop()
        elif kind == "list_item_open" and list_markers:
            ordered, number = list_markers[-1]
            pending_item_marker = f"{number}. " if ordered else "• "
            list_markers[-1][1] = number + 1
        elif kind == "hr":
            blocks.append(SceneBreak())
        elif kind in ("code_block", "fence"):
            lines = token.content.rstrip("\n").split("\n")
            blocks.append(Verse([[Text(line)] if line else [] for line in lines]))
        elif kind == "html_block":
            blocks.extend(_html_block_text(token.content))
        elif kind == "inline":
            if heading_level:
                content = _inlines(token.children or [], Text(" "), notes)
                # `###` alone on a line is a scene-break marker typed in Markdown, which
                # CommonMark reads as an empty heading: a chapter with no title.
                blocks.append(Heading(heading_level, content) if inline_text(content).strip() else SceneBreak())
            elif quote_depth:
                # Quoted lines are lyrics, poems, letters: each source line stays a line.
                content = _inlines(token.children or [], LineBreak(), notes)
                blocks.append(Verse(split_lines(content)))
            else:
                content = _inlines(token.children or [], Text(" "), notes)
                if pending_item_marker:
                    content = [Text(pending_item_marker)] + content
                    pending_item_marker = None
                if content:
                    blocks.append(Paragraph(_tidy(content)))
    return blocks


def _chapter_levels(blocks: list[Block]) -> list[Block]:
    """The shallowest heading level in the story becomes chapters (level 1), deeper ones level 2."""
    levels = sorted({b.level for b in blocks if isinstance(b, Heading)})
    if not levels:
        return blocks
    return [Heading(1 if b.level == levels[0] else 2, b.content) if isinstance(b, Heading) else b for b in blocks]


# --- the reader --------------------------------------------------------------------------------


def _unbolded_opening(lines: list[str], start: int) -> list[str]:
    """The lines as the header finder sees them: a file that opens with lines each set
    wholly in bold has them unwrapped, so `**Disclaimer: …**`, `**Title**` and `**By Name**`
    read as the field, bare title and byline they are (fof_text.md writes its whole header
    that way). Only the opening run is unwrapped: bold later on is the story's own."""
    out = list(lines)
    for k in range(start, len(lines)):
        if not lines[k].strip():
            continue
        m = _BOLD_LINE.match(lines[k])
        if m is None:
            break
        out[k] = m.group("inner")
    return out




def read_text(text: str, path: str) -> Story:
    lines = text.split("\n")
    front = read_front_matter(lines)
    start = front.end if front else 0
    # A `# Title` line at the top reads as a bare title line, so `*by Name*` and
    # `**Rating:** G` under it are found as they would be in a plain-text header.
    first = next((k for k in range(start, len(lines)) if lines[k].strip()), None)
    header_lines = _unbolded_opening(lines, start)
    titled_by_heading = False
    front_titled = bool(front and any(label_key(f.label) == "title" for f in front.fields))
    if first is not None and not front_titled:
        m = _ATX_TITLE.match(lines[first])
        if m and not is_chapter_heading(m.group("title")):
            header_lines[first] = m.group("title")
            titled_by_heading = True
    header = find_header(header_lines, start, titled=front_titled)
    if titled_by_heading and header.title_line is None and first is not None and header.body_start <= first:
        # `# Who Goes There?` is not title-like to the plain-text reader, but a first
        # heading in a Markdown file is the title all the same.
        header.title_line = plain_text(header_lines[first])
        header.taken.append(first + 1)
        header.body_start = first + 1
    blocks = blocks_from_markdown("\n".join(lines[header.body_start : header.body_end]))
    end_notes = blocks_from_markdown("\n".join(header.end_notes))
    story = story_from_parts(path, header, front, blocks, end_notes, inline=parse_inline)
    meta = story.meta
    if meta.title:
        meta.title = plain_text(meta.title)
    meta.authors = [plain_text(a) for a in meta.authors]
    # The title repeated as the first heading is not a chapter.
    if story.blocks and isinstance(story.blocks[0], Heading) and meta.title and (
        inline_text(story.blocks[0].content).strip().casefold() == meta.title.casefold()
    ):
        story.blocks = story.blocks[1:]
    story.blocks = _chapter_levels(story.blocks)
    return take_repeated_headers(story)


def read(data: bytes, path: str) -> Story:
    """A Story from the bytes of a Markdown file."""
    return read_text(decode(data, path), path)

"""Turn an EPUB content document's body into Kobo's KEPUB form.

XHTML body fragment -> XHTML body fragment. A book named `*.kepub.epub` opens in
Kobo's own engine (faster page turns, reading statistics, better highlights), which
finds its place in the text by spans: every sentence of every paragraph and heading
wrapped in `<span class="koboSpan" id="kobo.P.S">` (P counts the paragraphs and
headings, S the sentences in each), and the body's content wrapped in
`div#book-columns > div#book-inner`. This follows the transform documented by the
MIT-licensed kepubify.
"""

from __future__ import annotations

import re

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
_NS = f"{{{XHTML}}}"
# Elements whose text Kobo counts as one paragraph each.
_PARAGRAPHS = {f"{_NS}{tag}" for tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "figcaption")}
_LINES = f"{_NS}span"  # a verse line (`span.line`) is a paragraph to Kobo too
# A sentence ends at . ! ? or … (with any closing quotes or brackets) followed by space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])['’\"”)\]]*\s+")


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [piece for piece in pieces if piece]


class _Spans:
    def __init__(self) -> None:
        self.paragraph = 0
        self.sentence = 0

    def span(self, text: str) -> etree._Element:
        self.sentence += 1
        element = etree.Element(f"{_NS}span", {"class": "koboSpan", "id": f"kobo.{self.paragraph}.{self.sentence}"})
        element.text = text
        return element

    def wrap_text(self, parent: etree._Element) -> None:
        """Wrap the sentences of `parent`'s own text, and of each child's text and tail."""
        if parent.text and parent.text.strip():
            spans = [self.span(piece) for piece in _sentences(parent.text)]
            parent.text = None
            for k, span in enumerate(spans):
                parent.insert(k, span)
        for child in list(parent):
            if child.get("class") == "koboSpan":
                continue
            if child.tag != f"{_NS}br":
                self.wrap_text(child)
            if child.tail and child.tail.strip():
                spans = [self.span(piece) for piece in _sentences(child.tail)]
                child.tail = None
                index = parent.index(child)
                for k, span in enumerate(spans, 1):
                    parent.insert(index + k, span)


def _is_paragraph(element: etree._Element) -> bool:
    if element.tag in _PARAGRAPHS:
        return True
    return element.tag == _LINES and "line" in (element.get("class") or "").split()


def koboize(body_html: str) -> str:
    """A body fragment (XHTML, as writers/xhtml.py writes it) with Kobo's spans and wrappers."""
    body = etree.fromstring(
        f'<body xmlns="{XHTML}" xmlns:epub="http://www.idpf.org/2007/ops">{body_html}</body>'.encode()
    )
    spans = _Spans()
    paragraphs = [e for e in body.iter() if _is_paragraph(e) and not any(_is_paragraph(a) for a in e.iterancestors())]
    for element in paragraphs:
        spans.paragraph += 1
        spans.sentence = 0
        spans.wrap_text(element)
    columns = etree.Element(f"{_NS}div", {"id": "book-columns"})
    inner = etree.SubElement(columns, f"{_NS}div", {"id": "book-inner"})
    inner.text = body.text
    body.text = None
    for child in list(body):
        inner.append(child)
    body.append(columns)
    markup = etree.tostring(body, encoding="unicode")
    # Back to a fragment: drop the <body> wrapper lxml serialised (with its namespaces).
    return markup[markup.index(">") + 1 : markup.rindex("</body>")]

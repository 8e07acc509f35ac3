"""Property: every word of a story's body reaches the EPUB, in order.

Hypothesis writes stories with a header, paragraphs in either layout, chapter headings,
scene breaks, emphasis marks, quotes and typed dashes; ficbind reads, transforms and
writes each as an EPUB, and the words of the body (runs of letters and digits, which
typography never changes) must all be found in the book's text in the same order.
Derandomised, so the suite stays deterministic.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ficbind.model import Book, BookMeta
from ficbind.readers.plaintext import read_text
from ficbind.transforms import transform_story
from ficbind.writers.epub.write import EpubOptions, write_epub

from conftest import write_context

_TOKEN = re.compile(r"[^\W_]+")
LETTERS = "abcdefghijklmnoprstuvwyzéøåç"

word = st.text(alphabet=LETTERS, min_size=5, max_size=9)
number = st.integers(min_value=0, max_value=999).map(str)
separator = st.sampled_from([" ", " ", " ", ", ", "; ", " - ", " -- ", "... ", " — ", ": ", "/"])


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(st.one_of(word, word, word, number), min_size=3, max_size=14))
    text = words[0].capitalize()
    for w in words[1:]:
        text += draw(separator) + w
    wrap = draw(st.sampled_from(["", "", "", "quote", "single", "emphasis", "underscore"]))
    text += draw(st.sampled_from([".", "!", "?", "…", ""]))
    if wrap == "quote":
        text = f'"{text}" said {draw(word)}.'
    elif wrap == "single":
        text = f"'{text}'"
    elif wrap == "emphasis":
        text = f"*{text}*"
    elif wrap == "underscore":
        text = f"_{text}_"
    return text


SCENE_BREAKS = ["* * *", "~*~", "oOo", "-----", "xXx"]


@st.composite
def paragraph(draw) -> str:
    kind = draw(st.sampled_from(["prose"] * 8 + ["chapter", "break"]))
    if kind == "chapter":
        return f"Chapter {draw(st.integers(1, 40))}: {draw(word).capitalize()}"
    if kind == "break":
        return draw(st.sampled_from(SCENE_BREAKS))  # drawn as an ornament: not words
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def story_file(draw) -> tuple[str, list[str]]:
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=12))
    if not any(p[0].isalpha() and not p.startswith("Chapter") for p in paragraphs):
        paragraphs.append(draw(sentence()))
    header = draw(st.sampled_from([
        "Title: {t}\nAuthor: {a}\nRating: T\n",
        "title. {t}.\nfandom. original work.\n",
        "{t}\nby {a}\n",
        "",
    ])).format(t=draw(word).capitalize(), a=draw(word))
    layout = draw(st.sampled_from(["\n\n", "\n"]))
    body = layout.join(paragraphs)
    return f"{header}\n{body}\n", paragraphs


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def _epub_tokens(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        hrefs = {item.get("id"): item.get("href") for item in opf.find("opf:manifest", ns)}
        tokens: list[str] = []
        for ref in opf.find("opf:spine", ns):
            root = etree.fromstring(archive.read("EPUB/" + hrefs[ref.get("idref")]))
            body = root.find("{http://www.w3.org/1999/xhtml}body")
            tokens.extend(_tokens(" ".join(body.itertext())))
    return tokens


def _is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(token == candidate for candidate in it) for token in needles)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(story_file())
def test_every_body_word_reaches_the_epub_in_order(generated):
    text, paragraphs = generated
    story = transform_story(read_text(text, "generated.txt"))
    book = Book(BookMeta(title="Property"), [story])
    data = write_epub(book, EpubOptions(), write_context(datetime(2020, 1, 1, tzinfo=UTC)))
    body_words = _tokens("\n".join(p for p in paragraphs if p not in SCENE_BREAKS))
    assert _is_subsequence(body_words, _epub_tokens(data)), text

"""Small books for the PDF tests, built straight from the document model, and ways to read
a printed page back: the words in its head and foot, its outline, its page labels.

The story text is original, made from a few sentence patterns, so a book of any
length can be written without copying anyone's fic.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pikepdf

from ficbind.model import Book, BookMeta, Emphasis, Heading, Paragraph, SceneBreak, Story, StoryMeta, Strong, Text

_PLACES = ["the harbour", "the lighthouse", "the ferry", "the station", "the kitchen", "the long road", "the bridge"]
_DOINGS = ["counted the gulls", "folded the letter twice", "kept the lamp burning", "waited for the tide",
           "wrote down the weather", "mended the net", "listened to the engine"]
_PEOPLE = ["Mara", "Ines", "Teo", "Wren", "Jun", "Hattie"]


def prose(count: int, seed: int = 0, extra: str = "") -> list[Paragraph]:
    """`count` paragraphs of plain, original prose (with some emphasis)."""
    cycle = itertools.count(seed)
    paragraphs = []
    for _ in range(count):
        sentences = []
        for _ in range(5):
            n = next(cycle)
            sentences.append(
                f"{_PEOPLE[n % 6]} {_DOINGS[(n * 3) % 7]} at {_PLACES[(n * 5) % 7]}, "
                f"and nobody asked why it mattered so much that evening."
            )
        content = [Text(" ".join(sentences[:3]) + " "), Emphasis([Text("Not yet,")]), Text(" " + " ".join(sentences[3:]))]
        paragraphs.append(Paragraph(content))
    if extra:
        paragraphs[-1].content.append(Text(" " + extra))
    return paragraphs


def sample_book(extra: str = "♥", language_of_third: str | None = None) -> Book:
    """Three stories: one in two chapters with scene breaks, two short ones."""
    ledger = Story(
        path="ledger.txt",
        meta=StoryMeta(
            title="The Keeper’s Ledger",
            authors=["Wren Calloway"],
            fandoms=["Harbour Lights"],
            relationships=["Mara/Ines"],
            tags=["found family", "slow burn"],
            rating="G",
        ),
        blocks=[
            Heading(1, [Text("The First Night")]), *prose(9, 1), SceneBreak(), *prose(8, 2),
            Heading(1, [Text("Fog")]), *prose(7, 3), SceneBreak(), *prose(6, 4, extra=extra),
        ],
    )
    station = Story(
        path="station.txt",
        meta=StoryMeta(title="Tea at the Station", authors=["Jun Park"], fandoms=["Northbound"], tags=["fluff"]),
        blocks=[Paragraph([Strong([Text("Platform four.")]), Text(" The kettle was already on.")]), *prose(3, 5)],
    )
    road = Story(
        path="road.txt",
        meta=StoryMeta(title="The Long Road North", authors=["Hattie Vale"], fandoms=["Northbound"],
                       language=language_of_third),
        blocks=[*prose(5, 6), SceneBreak(), *prose(5, 7)],
    )
    return Book(
        meta=BookMeta(title="Lanterns and Tides", compiler="A Reader", language="en", date="2026-11-21"),
        stories=[ledger, station, road],
    )


def tiny_book(extra: str = "") -> Book:
    story = Story(path="tiny.txt", meta=StoryMeta(title="Small Hours", authors=["Teo Lind"]), blocks=prose(2, extra=extra))
    return Book(meta=BookMeta(title="Small Hours", compiler="A Reader"), stories=[story])


# --- reading a printed PDF back ---------------------------------------------------------


@dataclass
class Word:
    top: float  # points from the top of the page's crop box
    bottom: float
    text: str


def page_words(path: Path) -> list[list[Word]]:
    """Every word on every page, with its vertical position (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", html, flags=re.S):
        pages.append([
            Word(float(top), float(bottom), unescape(text))
            for top, bottom, text in re.findall(
                r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">(.*?)</word>', page
            )
        ])
    return pages


def text_between(words: list[Word], top: float, bottom: float) -> str:
    return " ".join(w.text for w in words if w.top >= top and w.bottom <= bottom)


def page_text(path: Path, page: int) -> str:
    """The text of one page (1-based), laid out as lines."""
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout


def outline(path: Path) -> list[tuple[str, int, list]]:
    """(title, 0-based page index, children) for every bookmark."""
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(items):
            return [(item.title, index[item.destination[0].objgen], walk(item.children)) for item in items]

        with pdf.open_outline() as tree:
            return walk(tree.root)


def page_labels(path: Path) -> list[str]:
    from pypdf import PdfReader

    return list(PdfReader(path).page_labels)


def normalised(text: str) -> str:
    """Text as it compares across the contents page, the outline and a head: spacing and
    ligatures folded, case ignored."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


# Bookmarks for the book's own pages rather than for a story or a chapter.
BOOK_PAGES = ("Cover", "Credits", "Contents")


def contents_numbers(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The contents page as printed (each title -> the number beside it) and as it should
    read (each story's and chapter's title -> the label of the page its bookmark opens)."""
    labels = page_labels(path)
    marks = outline(path)
    contents = next(page for title, page, _ in marks if title == "Contents")
    listed = {
        normalised(title): number
        for title, number in re.findall(r"^\s*(.+?)[ .]*\.\s*(\d+)\s*$", page_text(path, contents + 1), re.M)
    }
    expected = {}
    for title, page, children in marks:
        if title in BOOK_PAGES:
            continue
        expected[normalised(title)] = labels[page]
        for child, child_page, _ in children:
            expected[normalised(child)] = labels[child_page]
    return listed, expected

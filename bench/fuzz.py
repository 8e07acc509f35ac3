"""Fuzz the header parser and the typography for a few minutes: generated fic-like and
hostile text, checked for crashes, for broken promises, and for runaway time.

    python bench/fuzz.py [--minutes 3] [--seed N]

Not part of the test suite (it runs for minutes, on random examples): run it after
changing readers/header.py, the readers around it, or transforms/typography.py. It
prints each failure hypothesis found, shrunk to a small example, and exits 1 if any.

What is checked, on every example:
- reading a file's text (plain text and Markdown: front matter, AO3 copies, `Key: value`
  headers, end notes) never raises, and the header's line numbers lie inside the file;
- `typogrify` never raises, keeps every letter and digit in order, and is idempotent;
  `typogrify_inlines` keeps the letters and digits of emphasised runs too;
- a story made of the text, transformed and rendered, is well-formed XHTML;
- neither reading nor typogrify takes more than TIME_LIMIT seconds on the example
  repeated to about 100 KB (a rule that backtracks turns that into minutes).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from ficbind.model import Book, BookMeta, Emphasis, Strong, Text, inline_text
from ficbind.readers.header import find_header
from ficbind.readers.markdown import read_text as read_markdown
from ficbind.readers.plaintext import read_text as read_plain
from ficbind.transforms import transform_story
from ficbind.transforms.typography import typogrify, typogrify_inlines
from ficbind.writers.xhtml import render_book, xhtml_document

TIME_LIMIT = 2.0  # seconds for one call on about 100 KB
BIG = 100_000

PIECES = st.sampled_from(
    list("aAsnt0918 '\"‘’“”-–—.…*_~/()\n,:;!?&<>|#=+\\\t\u00a0\u00ad\u200b\u200d\ufeff")
    + ["'em", "'twas", "--", "---", "----", "...", ". . .", " - ", "'80s", "5'10\"", "4-9", "W-wait", "go-\"", "oOo",
       "* * *", "&nbsp;", "♪", "http://x.io/a_b/", "and/or", "Title: ", "title. ", "Author: ", "Rating: ", "Fandom - ",
       "Pairing(s): ", "Summary:\n", "Notes:\n", "Work Text:\n", "Chapter 1\n", "Chapter Text\n", "Chapter 2: Thaw\n",
       "A/N: ", "Author's note: ", "The End\n", "END\n", "---\n", "...\n", "# ", "## ", "**", "__", "> ", "by Someone\n",
       "Disclaimer: ", "Prompt: From the song \"Swans\" by Unkle Bob.", "Stats:\n", "Published: 2009-03-14\n",
       "\n\n", "\n", "~*~\n", "-x-x-\n", "xXx\n", "שלום", "مرحبا", "春", "😂", "👨\u200d👩\u200d👧"]
)
FIC_TEXT = st.lists(PIECES, max_size=80).map("".join)
ANY_TEXT = st.one_of(FIC_TEXT, FIC_TEXT, st.text(max_size=300))
INLINE = st.recursive(
    ANY_TEXT.map(Text),
    lambda children: st.one_of(st.lists(children, min_size=1, max_size=3).map(Emphasis),
                               st.lists(children, min_size=1, max_size=3).map(Strong)),
    max_leaves=6,
)


def letters(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


def seconds(call, text: str) -> float:
    """How long `call` takes on `text` repeated to about BIG characters."""
    big = text * max(1, BIG // max(len(text), 1))
    started = time.perf_counter()
    call(big)
    return time.perf_counter() - started


class Suspects:
    """Examples that ran slowly once. Timing inside hypothesis is noisy (a busy machine),
    so each is timed again afterwards, outside it, and only the best of three counts."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], object] = {}

    def time(self, label: str, call, text: str) -> None:
        if text and seconds(call, text) > TIME_LIMIT:
            self.found.setdefault((label, text), call)

    def confirmed(self) -> list[str]:
        slow = []
        for (label, text), call in self.found.items():
            best = min(seconds(call, text) for _ in range(3))
            if best > TIME_LIMIT:
                slow.append(f"{label} took {best:.1f} s on {text[:80]!r} repeated to {BIG} characters")
        return slow


def check_reading(text: str) -> None:
    for read in (read_plain, read_markdown):
        story = read(text, "story.txt")
        lines = text.split("\n")
        assert all(1 <= n <= len(lines) for n in story.header_lines), story.header_lines
    header = find_header(text.split("\n"))
    assert 0 <= header.body_start <= max(header.body_end, header.body_start) <= len(text.split("\n")) + 1


def check_typography(text: str) -> None:
    once = typogrify(text)
    assert letters(once) == letters(text), (text, once)
    assert typogrify(once) == once, (text, once)


def check_book(text: str) -> None:
    story = transform_story(read_plain(text, "story.txt"))
    book = Book(BookMeta(title="Fuzz", language="en"), [story])
    for section in render_book(book, href=lambda section_id: f"{section_id}.xhtml"):
        etree.fromstring(xhtml_document(section.title, "en", section.html, []).encode("utf-8"))


def run(seconds: float, seed: int | None) -> int:
    failures: list[str] = []
    rounds = 0
    deadline = time.monotonic() + seconds
    suspects = Suspects()
    # No explain phase: it traces every line, which makes the timings meaningless.
    common = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck), max_examples=300,
                  phases=[Phase.explicit, Phase.generate, Phase.shrink])

    @settings(**common)
    @given(ANY_TEXT)
    def reading(text):
        check_reading(text)
        suspects.time("reading", check_reading, text)

    @settings(**common)
    @given(ANY_TEXT)
    def typography(text):
        check_typography(text)
        suspects.time("typogrify", typogrify, text)

    @settings(**common)
    @given(st.lists(INLINE, min_size=1, max_size=5))
    def inlines(runs):
        before = letters(inline_text(runs))
        assert letters(inline_text(typogrify_inlines(runs))) == before

    @settings(**{**common, "max_examples": 60})
    @given(ANY_TEXT)
    def book(text):
        check_book(text)

    targets = [reading, typography, inlines, book]
    while time.monotonic() < deadline:
        target = targets[rounds % len(targets)]
        if seed is not None:
            target._hypothesis_internal_use_seed = seed + rounds
        try:
            target()
        except Exception:  # hypothesis raises the shrunk failure; note it and go on
            failures.append(f"{target.__name__}:\n{traceback.format_exc(limit=3)}")
            print(failures[-1], file=sys.stderr)
        rounds += 1
    for slow in suspects.confirmed():
        failures.append(slow)
        print(slow, file=sys.stderr)
    print(f"fuzzed for {seconds / 60:.1f} minutes: {rounds} rounds of up to 300 examples, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=None, help="fix the examples (default: new ones each run)")
    args = parser.parse_args()
    sys.exit(run(args.minutes * 60, args.seed))


if __name__ == "__main__":
    main()

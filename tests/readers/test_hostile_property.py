"""Arbitrary bytes and arbitrary text, saved as a story and built: the build either makes a
book or refuses the file with an InputError that names it. Never any other exception,
never a traceback. Hypothesis runs derandomized (the same examples every run); a sample of
the books goes through epubcheck (in one Java process, so the test stays fast) and a
few through the PDF writer. bench/fuzz.py runs random examples for minutes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficbind import BuildOptions, build
from ficbind.errors import InputError

from conftest import epubcheck_many

# Pieces that have broken readers, writers and renderers before, or could: markup, XML's
# own syntax, control characters, headers, rules, notes, right-to-left text, emoji,
# surrogate-free oddities (noncharacters, BOMs, bidi controls), and long runs.
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", '<img src="file:///etc/passwd">', "<iframe src=http://x>", "]]>", "</body>",
    "<![CDATA[", "&amp;", "&#0;", "\x00", "\x07", "\x0b", "\x0c", "\x1a", "\x1b[31m", "\x7f", "\x85", "\x92", "\ufeff",
    "\ufffe", "\uffff", "\u202e", "\u200d", "\u00ad", "Title: ", "Author: ", "title. ", "---\n", "***\n", "* * *\n",
    "Chapter 1\n", "Chapter 2: Thaw\n", "A/N: ", "The End\n", "Summary:\n", "Work Text:\n", "# ", "**", "_", "/",
    "~", "--", "...", '"', "'", "\n", "\n\n", "\r\n", "\t", "שלום ", "مرحبا ", "春の雨", "😂", "👨\u200d👩\u200d👧", "🇯🇵",
    "e\u0301", "x" * 300,
])
STORY_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=40).map("".join),
)
SUFFIXES = st.sampled_from([".txt", ".md"])
_counter = itertools.count()


def _build(folder: Path, data: bytes, suffix: str, formats: tuple[str, ...] = ("epub",)) -> Path | None:
    """Build `data` saved as a story; the EPUB (or PDF) it made, or None when it was refused."""
    work = folder / f"case-{next(_counter)}"
    work.mkdir()
    story = work / f"story{suffix}"
    story.write_bytes(data)
    try:
        report = build([str(story)], BuildOptions(output_dir=work / "out", formats=formats, cache=False))
    except InputError as error:
        assert str(error).startswith(f"{story}: "), str(error)
        assert "\n" not in str(error)
        return None
    assert [s.status for s in report.stories] == ["built"]
    assert story.read_bytes() == data  # never modified
    return Path(report.outputs[0].path)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_arbitrary_bytes_build_or_are_refused(tmp_path, data, suffix):
    _build(tmp_path, data, suffix)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=STORY_TEXT, suffix=SUFFIXES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_arbitrary_text_builds_or_is_refused(tmp_path, text, suffix, encoding):
    _build(tmp_path, text.encode(encoding), suffix)


def test_a_sample_of_arbitrary_books_passes_epubcheck(tmp_path):
    books: list[Path] = []

    @settings(max_examples=12, derandomize=True, database=None, deadline=None)
    @given(text=STORY_TEXT, suffix=SUFFIXES)
    def build_one(text, suffix):
        book = _build(tmp_path, text.encode("utf-8"), suffix)
        if book is not None:
            books.append(book)

    build_one()
    assert len(books) >= 4, "too few of the sampled stories were books to check"
    sample = books[-8:]  # hypothesis ends on its most varied examples
    assert epubcheck_many(sample, tmp_path) == {book: [] for book in sample}


def test_a_few_arbitrary_stories_print(tmp_path):
    printed: list[Path] = []

    @settings(max_examples=3, derandomize=True, database=None, deadline=None)
    @given(text=st.lists(HOSTILE, min_size=5, max_size=30).map("".join))
    def print_one(text):
        book = _build(tmp_path, ("Title: Print Me\n\n" + text + "\n\nThe end of it.\n").encode("utf-8"), ".txt",
                      formats=("pdf",))
        if book is not None:
            printed.append(book)

    print_one()
    assert printed and all(book.read_bytes().startswith(b"%PDF-") for book in printed)

"""The book's date: the manifest's, else SOURCE_DATE_EPOCH, else the newest story date,
else the newest story file's day; the files' moment never the clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest

from ficbind.binding.book_date import book_date, parse_story_date, story_date
from ficbind.errors import UsageError
from ficbind.model import Field, StoryMeta

from conftest import run_ficbind


@pytest.mark.quick
@pytest.mark.parametrize("text, day", [
    ("2021-03-14", date(2021, 3, 14)),
    ("2021/3/4", date(2021, 3, 4)),
    ("14 March 2021", date(2021, 3, 14)),
    ("14th Mar. 2021", date(2021, 3, 14)),
    ("March 14, 2021", date(2021, 3, 14)),
    ("Published: Sep 3, 2009", date(2009, 9, 3)),
    ("03/04/2021", None),  # March or April, by country: not guessed
    ("2021-02-30", None),
    ("last spring", None),
])
def test_story_dates_are_read_only_when_unambiguous(text, day):
    assert parse_story_date(text) == day


@pytest.mark.quick
def test_the_newest_of_published_updated_and_completed():
    meta = StoryMeta(published="2019-01-02", fields=[Field("Updated", "2020-05-06"), Field("Kudos", "2099")])
    assert story_date(meta) == date(2020, 5, 6)


@pytest.mark.quick
def test_the_order_of_the_sources(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("text", encoding="utf-8")
    os.utime(story, (1_600_000_000, 1_600_000_000))  # 2020-09-13
    metas = [StoryMeta(published="2019-01-02"), StoryMeta(published="12 June 2021"), StoryMeta()]
    environ = {"SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14T22:13:20Z

    given = book_date("2026-11-21", metas, [story], environ)
    assert (given.day, given.moment, given.source) == (
        date(2026, 11, 21), datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC), "manifest")
    epoch = book_date(None, metas, [story], environ)
    assert (epoch.day, epoch.source) == (date(2023, 11, 14), "SOURCE_DATE_EPOCH")
    stories = book_date(None, metas, [story], {})
    assert (stories.day, stories.moment, stories.source) == (
        date(2021, 6, 12), datetime(2021, 6, 12, tzinfo=UTC), "stories")
    files = book_date(None, [StoryMeta()], [story], {})
    assert (files.day, files.moment, files.source) == (
        date(2020, 9, 13), datetime(2020, 9, 13, tzinfo=UTC), "files")


@pytest.mark.quick
def test_a_bad_date_or_epoch_is_a_usage_error():
    with pytest.raises(UsageError, match="not an ISO date"):
        book_date("21/11/2026", [], [], {})
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        book_date(None, [], [], {"SOURCE_DATE_EPOCH": "soon"})


def test_a_book_without_a_date_shows_its_newest_story_date_and_rebuilds_identically(tmp_path):
    story = tmp_path / "thaw.txt"
    story.write_text("Title: Thaw\nAuthor: Jane Doe\nPublished: 2021-03-14\n\nThe ice went out in the night.\n",
                     encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    first = run_ficbind("build", str(story), "-o", str(tmp_path / "a"), "-f", "epub", env=env)
    os.utime(story)  # touched again: the story's own date still decides
    second = run_ficbind("build", str(story), "-o", str(tmp_path / "b"), "-f", "epub", "--no-cache", env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    epub_a, epub_b = tmp_path / "a" / "thaw.epub", tmp_path / "b" / "thaw.epub"
    assert epub_a.read_bytes() == epub_b.read_bytes()
    import zipfile

    with zipfile.ZipFile(epub_a) as archive:
        title_page = archive.read("EPUB/text/title-page.xhtml").decode()
        package = archive.read("EPUB/content.opf").decode()
    assert '<p class="date">14 March 2021</p>' in title_page
    assert "<dc:date>2021-03-14</dc:date>" in package and "2021-03-14T00:00:00Z" in package

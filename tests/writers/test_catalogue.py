"""What a library shows for a book: authors and their sorting names, the compiler, the series."""

from __future__ import annotations

import pytest

from ficbind.model import Book, BookMeta, Story, StoryMeta
from ficbind.writers.catalogue import Creator, Series, author_line, creators, file_as, parse_series, series

pytestmark = pytest.mark.quick


def _book(*authors: list[str], compiler: str | None = None, series_field: str | None = None) -> Book:
    stories = [Story(f"{k}.txt", StoryMeta(title=f"Story {k}", authors=names, series=series_field), [])
               for k, names in enumerate(authors)]
    return Book(BookMeta(title="A Book", compiler=compiler), stories)


@pytest.mark.parametrize("field, expected", [
    ("Part 2 of Winter Light", Series("Winter Light", "2")),  # AO3
    ("Book 1.5 of The Long Thaw", Series("The Long Thaw", "1.5")),
    ("Winter Light, part 3", Series("Winter Light", "3")),
    ("Winter Light #4", Series("Winter Light", "4")),
    ("The 100 (Part 2)", Series("The 100", "2")),
    ("Part 02 of Y", Series("Y", "2")),
    ("Winter Light: Book Two", Series("Winter Light: Book Two", None)),  # no digits to trust
    ("Catch-22", Series("Catch-22", None)),
    ("  ", None),
])
def test_a_series_field_gives_the_name_and_the_place_in_it(field, expected):
    assert parse_series(field) == expected


def test_only_a_one_story_book_belongs_to_its_storys_series():
    assert series(_book(["Jane Doe"], series_field="Part 2 of Winter Light")) == Series("Winter Light", "2")
    assert series(_book(["Jane Doe"], ["Sam Lee"], series_field="Part 2 of Winter Light")) is None


@pytest.mark.parametrize("name, sorted_as", [
    ("Jane Doe", "Doe, Jane"), ("Mary Ann Evans", "Evans, Mary Ann"),
    ("miss_blanche", "miss_blanche"), ("A Reader", "A Reader"), ("thegreenwitch", "thegreenwitch"),
])
def test_personal_names_sort_by_surname_and_pseudonyms_as_written(name, sorted_as):
    assert file_as(name) == sorted_as


def test_the_authors_come_first_each_once_then_the_compiler_as_editor():
    book = _book(["Jane Doe"], ["jane doe", "Sam Lee"], compiler="A Reader")
    assert creators(book) == [Creator("Jane Doe", "Doe, Jane", "aut"), Creator("Sam Lee", "Lee, Sam", "aut"),
                              Creator("A Reader", "A Reader", "edt")]
    assert author_line(book) == "Jane Doe & Sam Lee"


def test_without_story_authors_the_compiler_is_the_one_name_shown():
    book = _book([], [], compiler="A Reader")
    assert creators(book) == [Creator("A Reader", "A Reader", "edt")]
    assert author_line(book) == "A Reader"
    assert creators(_book([])) == [] and author_line(_book([])) is None

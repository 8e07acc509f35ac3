"""Manifests: what they accept, and every mistake reported with the file name and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ficbind.errors import ManifestError
from ficbind.project.manifest import load_manifest, parse_manifest
from ficbind.project.selection import Selection
from ficbind.project.toml_lines import key_lines

from conftest import run_ficbind


def _manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.toml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_the_issue_example_parses_completely(tmp_path):
    path = _manifest(tmp_path, '''
        [book]
        title = "Road and River"
        author = "A Reader"          # the compiler
        language = "en"

        [[story]]                    # in order; a path or a glob, relative to the manifest
        path = "stories/*"
        [[story]]
        path = "extra/northbound.txt"
        title = "Northbound (revised)"   # any metadata field may be overridden here

        [select]
        fandoms = ["Supernatural", "Good Omens"]
        ratings = ["G", "PG", "Teen And Up Audiences"]
        exclude_tags = ["major character death"]
        sort = "manifest"

        [output]
        formats = ["epub", "pdf"]
        name = "road-and-river"
        page_size = "a5"
    ''')
    manifest = load_manifest(path)
    assert manifest.book == {"title": "Road and River", "author": "A Reader", "language": "en"}
    assert [(s.path, s.overrides, s.line) for s in manifest.stories] == [
        ("stories/*", {}, 7),
        ("extra/northbound.txt", {"title": "Northbound (revised)"}, 9),
    ]
    assert manifest.select == Selection(
        fandoms=("Supernatural", "Good Omens"),
        ratings=("G", "PG", "Teen And Up Audiences"),
        exclude_tags=("major character death",),
        sort="manifest",
    )
    assert manifest.output == {"formats": ["epub", "pdf"], "name": "road-and-river", "page_size": "a5"}


def test_toml_dates_are_accepted_for_the_book_and_a_story(tmp_path):
    path = _manifest(tmp_path, '''
        [book]
        date = 2026-11-21
        [[story]]
        path = "a.txt"
        published = 2019-03-04
    ''')
    manifest = load_manifest(path)
    assert manifest.book["date"] == "2026-11-21"
    assert manifest.stories[0].overrides == {"published": "2019-03-04"}


BAD_MANIFESTS = [
    pytest.param(
        '''
        [book]
        title = "x"
        titel = "y"
        [[story]]
        path = "a.txt"
        ''',
        3, "unknown key 'titel' in [book]; did you mean 'title'?",
        id="unknown-book-key",
    ),
    pytest.param(
        '''
        [book]
        title = "x"

        [[story]]
        path = "a.txt"

        [[story]]
        path = "b.txt"
        auhtors = ["someone"]
        ''',
        9, "unknown key 'auhtors' in [[story]] #2; did you mean 'authors'?",
        id="unknown-story-key",
    ),
    pytest.param(
        '''
        [[story]]
        path = "a.txt"
        [outptu]
        formats = ["epub"]
        ''',
        3, "unknown table [outptu]; did you mean 'output'?",
        id="unknown-table",
    ),
    pytest.param(
        '''
        [[story]]
        path = "a.txt"

        [output]
        name = "x"
        formats = "epub"
        ''',
        6, "formats in [output] should be a list of strings, like formats = [\"like\", \"this\"], not a string",
        id="string-for-list",
    ),
    pytest.param(
        '''
        [[story]]
        path = "a.txt"
        [select]
        ratings = [
          "G",
          3,
        ]
        ''',
        6, "ratings in [select] should list strings, but item 2 is a int",
        id="list-item-type",
    ),
    pytest.param(
        '''
        [book]
        title = 42
        [[story]]
        path = "a.txt"
        ''',
        2, "title in [book] should be a string",
        id="number-for-string",
    ),
    pytest.param(
        '''
        [book]
        not_for_sale = "yes"
        [[story]]
        path = "a.txt"
        ''',
        2, "not_for_sale in [book] should be true or false",
        id="string-for-flag",
    ),
    pytest.param(
        '''
        [[story]]
        path = "a.txt"
        [select]
        sort = "length"
        ''',
        4, "sort in [select] is 'length'; choose one of manifest, title, author, words, date",
        id="unknown-sort",
    ),
    pytest.param(
        '''
        [book]
        title = "x"
        date = "21/11/2026"
        [[story]]
        path = "a.txt"
        ''',
        3, "date in [book] is '21/11/2026'; write an ISO date such as 2026-11-21",
        id="bad-date",
    ),
    pytest.param(
        '''
        [book]
        title = "x"
        [[story]]
        title = "no path here"
        ''',
        3, "[[story]] #1 has no path",
        id="story-without-path",
    ),
    pytest.param(
        '''
        [book]
        title = "unterminated
        [[story]]
        path = "a.txt"
        ''',
        2, "not valid TOML",
        id="bad-toml",
    ),
    pytest.param(
        '''
        [book]
        title = "x"
        description = """
        A long description with a key-looking line inside:
        titel = "not a key"
        """
        language = 7
        ''',
        7, "language in [book] should be a string",
        id="after-multiline-string",
    ),
    pytest.param(
        '''
        [book]
        title = "x"
        [story]
        path = "a.txt"
        ''',
        3, "write each story as its own [[story]] table (double brackets)",
        id="single-bracket-story",
    ),
]


@pytest.mark.parametrize("text, line, message", BAD_MANIFESTS)
def test_manifest_mistakes_name_the_file_and_line(tmp_path, text, line, message):
    path = _manifest(tmp_path, text)
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == line, str(error)
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}: ")


def test_a_manifest_error_is_one_line_and_exit_code_2(tmp_path):
    path = _manifest(tmp_path, '''
        [book]
        title = "x"
        [[story]]
        path = "a.txt"
        rating = ["G"]
    ''')
    result = run_ficbind("build", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"ficbind: error: {path}:5: rating in [[story]] #1 should be a string, like rating = \"like this\", "
        "not a list\n"
    )


def test_an_unknown_format_in_the_manifest_names_its_line(tmp_path):
    (tmp_path / "a.txt").write_text("Title: A\n\nSome words here.\n", encoding="utf-8")
    path = _manifest(tmp_path, '''
        [[story]]
        path = "a.txt"
        [output]
        formats = ["epub", "docx"]
    ''')
    result = run_ficbind("build", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{path}:4: [output] formats: unknown format docx" in result.stderr


def test_a_missing_story_is_refused_with_the_manifest_line_and_the_rest_is_built(tmp_path):
    (tmp_path / "a.txt").write_text("Title: Here\n\nSome words here.\n", encoding="utf-8")
    path = _manifest(tmp_path, '''
        [book]
        title = "x"

        [[story]]
        path = "a.txt"

        [[story]]
        path = "missing.txt"
    ''')
    result = run_ficbind("build", str(path), "-f", "epub", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"ficbind: warning: skipped: {path}:8: [[story]] #2: missing.txt does not exist; check the path\n"
    )
    strict = run_ficbind("build", str(path), "-f", "epub", "--strict", cwd=tmp_path)
    assert strict.returncode == 3
    assert strict.stderr == f"ficbind: error: {path}:8: [[story]] #2: missing.txt does not exist; check the path\n"


def test_key_lines_places_keys_in_tricky_toml():
    text = textwrap.dedent('''
        # a comment with [brackets] and key = "value"
        [book]
        "quoted key" = 'x'
        description = """
        [not.a.table]
        title = "not a key"
        """
        [[story]]
        path = "a"
        fandoms = [
          "x", # a comment ]
          "y",
        ]
        [[story]]
        path = "b"
        [story.extra]
        inside = { a = 1, b = "}" }
        [output]
        story = [{ path = "c" },
                 { path = "d" }]
    ''').lstrip("\n")
    lines = key_lines(text)
    assert lines[("book",)] == 2
    assert lines[("book", "quoted key")] == 3
    assert lines[("book", "description")] == 4
    assert ("book", "title") not in lines and ("not",) not in lines
    assert lines[("story", 0)] == 8
    assert lines[("story", 0, "fandoms", 1)] == 12
    assert lines[("story", 1, "path")] == 15
    assert lines[("story", 1, "extra", "inside", "b")] == 17
    assert lines[("output", "story", 1, "path")] == 20


def test_key_lines_never_raises_on_odd_text():
    for text in ["", "[", "[[a", 'a = """', "a = [1, 2", "= 3", "\x00"]:
        assert isinstance(key_lines(text), dict)


def test_parse_manifest_accepts_a_bom_free_minimal_manifest(tmp_path):
    manifest = parse_manifest('[[story]]\npath = "a.txt"\n', tmp_path / "m.toml")
    assert manifest.book == {} and manifest.select == Selection() and manifest.stories[0].line == 2


def test_every_manifest_in_the_readme_and_the_guide_is_valid(tmp_path):
    import re

    from conftest import ROOT

    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    blocks = [(page.name, block) for page in pages
              for block in re.findall(r"```toml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)]
    assert len(blocks) >= 3
    for name, block in blocks:
        parse_manifest(block, tmp_path / f"{name}.toml")

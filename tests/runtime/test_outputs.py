"""Output names stay inside the output folder; writes are all-or-nothing."""

from __future__ import annotations

import pytest

from ficbind.runtime.outputs import slugify, write_atomically

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Echoes and Goodbyes", "echoes-and-goodbyes"),
        ("Road & River: Vol. 2", "road-river-vol-2"),
        ("../../etc/passwd", "etc-passwd"),
        ("Café “Noir”", "cafe-noir"),
        ("a/b\\c\x00d", "a-b-c-d"),
        # no Latin letters: a name of its own, so two such books never overwrite each other
        ("日本語", "book-77710aed"),
        ("Ночь", "book-d082fbec"),
        ("", "book"),
        ("x" * 200, "x" * 80),
        ("Con", "con-book"),
        ("NUL", "nul-book"),
        ("LPT1", "lpt1-book"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_write_atomically_replaces_whole_files(tmp_path):
    target = tmp_path / "book.epub"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "book.epub"
    write_atomically(target, b"old")

    def broken_replace(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]

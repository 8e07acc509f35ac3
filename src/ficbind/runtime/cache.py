"""Remember what earlier builds made, so a nightly rebuild redoes only what changed.

One SQLite file (in the user's cache folder, or `--cache DIR`) holds three kinds of
entries, each under a key that hashes everything that could change it: the input's
bytes, the options, and the version of ficbind and of the libraries that render.

- stories: a story file's bytes and its manifest overrides -> the transformed Story
  as native JSON (native.py), with its metadata also stored on its own, so that
  selection can run without loading whole stories;
- parts: one story at its place in the book, for one format -> a rendered part (the
  EPUB's XHTML sections; a PDF writer can store a rendered part's bytes the same way);
- outputs: a whole book in one format -> the sha256 and size of the file written
  for it, so an unchanged rebuild leaves the file alone without rendering anything.

Nothing read back is trusted. The file must carry ficbind's application id and
schema version, and every entry its checksum; a foreign or corrupt file is discarded
with a warning and started afresh, a damaged entry is dropped and rebuilt. Entries
are JSON text and bytes, never pickles, so loading one can only ever build model
objects.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Story, StoryMeta
from ..model.native import from_native, to_native

CACHE_FILE = "cache.sqlite3"
# PRAGMA application_id: "fbnd". A SQLite file without it is not ficbind's.
APPLICATION_ID = 0x66626E64
# Bump when the tables change; a cache with another schema is started afresh.
SCHEMA_VERSION = 1
# Entries no build has used for this long are removed.
KEEP_UNUSED_DAYS = 60
_DAY = 86400

# Libraries whose upgrade can change what a story parses to or how a book renders.
_ENGINE_PACKAGES = (
    "ebooklib", "weasyprint", "pydyf", "fonttools", "pikepdf", "lxml", "smartypants", "ftfy",
    "fontpkg-eb-garamond", "fontpkg-literata", "fontpkg-crimson-pro",
    # Hyphenation (WeasyPrint's dictionaries), Markdown and front matter, pictures.
    "pyphen", "markdown-it-py", "mdit-py-plugins", "pyyaml", "pillow",
)
# Dependencies that only show progress and parse the command line: they change no byte.
NOT_ENGINE = ("typer", "rich")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS about (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stories (
    key TEXT PRIMARY KEY,
    words INTEGER NOT NULL,
    meta TEXT NOT NULL,         -- native JSON of the StoryMeta, for selection
    meta_sum TEXT NOT NULL,
    story TEXT NOT NULL,        -- native JSON of the whole Story
    story_sum TEXT NOT NULL,
    used INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS parts (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,         -- "epub-xhtml", "pdf", ...
    data BLOB NOT NULL,
    data_sum TEXT NOT NULL,
    used INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    key TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    used INTEGER NOT NULL
);
"""


def user_cache_dir() -> Path:
    """ficbind's folder in the user's cache: $XDG_CACHE_HOME/ficbind, else the platform's."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "ficbind"
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "ficbind" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "ficbind"
    return home / ".cache" / "ficbind"


@cache
def engine_fingerprint() -> str:
    """What ficbind is made of right now: its version, a hash of its own code and
    styles (so a development checkout never trusts entries made by older code), and
    the versions of the libraries that parse and render."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]  # the whole ficbind package, not runtime/ alone
    from .resources import styles_dir

    for folder, pattern in ((package, "*.py"), (styles_dir(), "*")):
        for file in sorted(folder.rglob(pattern)):
            if file.is_file():
                digest.update(str(file.relative_to(folder)).encode() + b"\0" + file.read_bytes())
    for name in _ENGINE_PACKAGES:
        digest.update(f"\0{name}={_installed_version(name)}".encode())
    return digest.hexdigest()


def _installed_version(name: str) -> str:
    """A library's installed version, from the name of its `NAME-VERSION.dist-info` folder
    where it has one, as pip and every wheel installer write it: importing
    importlib.metadata and parsing eleven METADATA files cost a cached rebuild 40 ms.
    Anything else (an egg, a zipped path) is asked of importlib.metadata."""
    prefix = name.replace("-", "_").replace(".", "_").lower() + "-"
    for entry in sys.path:
        for folder in _listing(entry or "."):
            if folder.lower().startswith(prefix) and folder.endswith(".dist-info"):
                return folder[len(prefix):-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def _listing(entry: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(entry)))
    except OSError:
        return ()


def cache_key(kind: str, *parts: Any) -> str:
    """A key for one entry: the hash of its kind, the engine and everything given."""
    text = json.dumps([SCHEMA_VERSION, kind, engine_fingerprint(), *parts],
                      sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _checksum(key: str, payload: str | bytes) -> str:
    data = payload.encode() if isinstance(payload, str) else payload
    return hashlib.sha256(key.encode() + b"\0" + data).hexdigest()


def _dumps(node: Any) -> str:
    return json.dumps(to_native(node), ensure_ascii=False, separators=(",", ":"))


def story_entry(story: Story) -> tuple[str, str]:
    """A story's metadata and the whole story as the cache stores them (native JSON):
    made where the story was read, which may be a worker process."""
    return _dumps(story.meta), _dumps(story)


@dataclass
class KnownOutput:
    sha256: str
    bytes: int


class _Damaged(Exception):
    """The file or an entry failed its checks."""


class _Outdated(Exception):
    """The file is ficbind's, from a release with other tables."""


class BuildCache:
    """The cache of one build. Every failure inside it becomes a warning, never an error:
    at worst a build runs as if the cache were empty."""

    def __init__(self, folder: Path | None, warn: Callable[[str], None]) -> None:
        self.warn = warn
        self.path = folder / CACHE_FILE if folder is not None else None
        self._db: sqlite3.Connection | None = None
        self._now = int(time.time())
        self._wrote = False
        if self.path is not None:
            self._open()

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # --- opening ----------------------------------------------------------------------

    def _open(self) -> None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._connect()
            except (_Damaged, _Outdated) as problem:
                if isinstance(problem, _Damaged):
                    self.warn(f"{self.path}: {problem}; discarded it and started a new cache")
                self._discard_file()
                self._db = self._connect()
        except (sqlite3.Error, OSError, _Damaged, _Outdated) as error:
            self._give_up(error)

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            self._check_or_create(db)
        except BaseException:
            db.close()
            raise
        return db

    def _check_or_create(self, db: sqlite3.Connection) -> None:
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            schema = db.execute("PRAGMA user_version").fetchone()[0]
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
        except sqlite3.DatabaseError as error:
            raise _Damaged(f"the cache file is damaged or not a database ({error})") from None
        if application_id == 0 and not tables:
            self._create(db)
            return
        if application_id != APPLICATION_ID:
            raise _Damaged("this file is not a ficbind cache")
        if schema != SCHEMA_VERSION:
            # Written by another release of ficbind: nothing in it can be used, and
            # nothing is wrong either, so no warning.
            raise _Outdated
        try:
            about = dict(db.execute("SELECT name, value FROM about"))
        except sqlite3.DatabaseError as error:
            raise _Damaged(f"the cache file is damaged ({error})") from None
        if about.get("program") != "ficbind":
            raise _Damaged("this file is not a ficbind cache")
        if about.get("engine") != engine_fingerprint():
            # A new ficbind or library release: old entries can never match again.
            with db:
                db.execute("BEGIN IMMEDIATE")
                for table in ("stories", "parts", "outputs"):
                    db.execute(f"DELETE FROM {table}")
                db.execute("INSERT OR REPLACE INTO about VALUES ('engine', ?)", (engine_fingerprint(),))

    def _create(self, db: sqlite3.Connection) -> None:
        try:
            # WAL: readers never wait for a writer, and a commit needs no fsync of the
            # whole file; a killed build loses at most its own last entries.
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError:
            pass
        db.executescript(
            "BEGIN IMMEDIATE;" + _SCHEMA
            + f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
            + "INSERT OR REPLACE INTO about VALUES ('program', 'ficbind'); COMMIT;"
        )
        db.execute("INSERT OR REPLACE INTO about VALUES ('engine', ?)", (engine_fingerprint(),))

    def _discard_file(self) -> None:
        assert self.path is not None
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            except OSError:
                pass

    def _give_up(self, error: BaseException) -> None:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self.warn(f"{self.path}: cannot use the cache ({reason}); building without it "
                  "(choose another folder with --cache DIR)")
        if self._db is not None:
            self._db.close()
        self._db = None

    def _broken(self, error: sqlite3.Error) -> None:
        """The file failed mid-build: stop using it, and throw it away at the end."""
        self.warn(f"{self.path}: the cache file is damaged ({error}); discarded it")
        if self._db is not None:
            self._db.close()
            self._db = None
        self._discard_file()

    # --- entries ------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple) -> tuple | None:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.Error as error:
            self._broken(error)
            return None

    def _write(self, sql: str, args: tuple) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, args)
            self._wrote = True
        except sqlite3.OperationalError as error:
            # Locked past the timeout, or a full disk: this entry is simply not kept.
            self.warn(f"{self.path}: could not store a cache entry ({error})")
        except sqlite3.Error as error:
            self._broken(error)

    def _touch(self, table: str, key: str, used: int) -> None:
        # Refresh the last-use day at most daily, so an unchanged rebuild writes nothing.
        if self._now - used > _DAY:
            self._write(f"UPDATE {table} SET used = ? WHERE key = ?", (self._now, key))

    def _drop(self, table: str, key: str, what: str) -> None:
        self.warn(f"{self.path}: a cached {what} failed its check; rebuilt it")
        self._write(f"DELETE FROM {table} WHERE key = ?", (key,))

    def story_meta(self, key: str) -> tuple[StoryMeta, int] | None:
        """A cached story's metadata and word count, without loading the story."""
        row = self._query("SELECT meta, meta_sum, words, used FROM stories WHERE key = ?", (key,))
        if row is None:
            return None
        meta_json, meta_sum, words, used = row
        try:
            if _checksum(key, meta_json) != meta_sum or not isinstance(words, int):
                raise _Damaged
            meta = _load(meta_json, StoryMeta)
        except _Damaged:
            self._drop("stories", key, "story")
            return None
        self._touch("stories", key, used)
        return meta, words

    def story(self, key: str) -> Story | None:
        row = self._query("SELECT story, story_sum FROM stories WHERE key = ?", (key,))
        if row is None:
            return None
        story_json, story_sum = row
        try:
            if _checksum(key, story_json) != story_sum:
                raise _Damaged
            return _load(story_json, Story)
        except _Damaged:
            self._drop("stories", key, "story")
            return None

    def put_story(self, key: str, story: Story | None, words: int, dumped: tuple[str, str] | None = None) -> None:
        """Store a story: the Story, or `story_entry(story)` as a worker process made it."""
        if self._db is None:
            return
        if dumped is None:
            assert story is not None, "put_story is given the story or its dumped entry"
            dumped = story_entry(story)
        meta_json, story_json = dumped
        self._write(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, words, meta_json, _checksum(key, meta_json), story_json, _checksum(key, story_json), self._now),
        )

    def part(self, key: str) -> bytes | None:
        """A rendered part's bytes (what they mean is up to the writer that stored them)."""
        row = self._query("SELECT data, data_sum, used FROM parts WHERE key = ?", (key,))
        if row is None:
            return None
        data, data_sum, used = row
        if not isinstance(data, bytes) or _checksum(key, data) != data_sum:
            self._drop("parts", key, "rendered part")
            return None
        self._touch("parts", key, used)
        return data

    def put_part(self, key: str, kind: str, data: bytes) -> None:
        self._write("INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?, ?)",
                    (key, kind, data, _checksum(key, data), self._now))

    def output(self, key: str) -> KnownOutput | None:
        """What was written the last time this exact book was built in this format."""
        row = self._query("SELECT sha256, bytes, used FROM outputs WHERE key = ?", (key,))
        if row is None:
            return None
        sha256, size, used = row
        self._touch("outputs", key, used)
        return KnownOutput(sha256, size)

    def put_output(self, key: str, sha256: str, size: int) -> None:
        self._write("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)", (key, sha256, size, self._now))

    # --- closing ------------------------------------------------------------------------

    def close(self) -> None:
        if self._db is None:
            return
        if self._wrote:
            cutoff = self._now - KEEP_UNUSED_DAYS * _DAY
            for table in ("stories", "parts", "outputs"):
                self._write(f"DELETE FROM {table} WHERE used < ?", (cutoff,))
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load(text: str, kind: type) -> Any:
    """Model objects from native JSON, or _Damaged. `from_native` builds only the
    model's own dataclasses, so the worst a bad entry can do is fail this check."""
    try:
        node = from_native(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _Damaged from None
    if not isinstance(node, kind):
        raise _Damaged
    return node

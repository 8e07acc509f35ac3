"""Gathered sources -> the stories of the book: each read now (in worker processes when
there is enough to read) or recalled from the cache, refused ones reported, second
copies of one text bound once, and the manifest's `[select]` applied."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from ..errors import InputError
from ..model import Story, StoryMeta
from ..model.native import from_native
from ..project.gather import Gathered, StorySource
from ..project.selection import Selection, select
from ..readers import DEFAULT_MAX_BYTES, load_story_bytes, parse_story
from ..readers.metadata import apply_overrides
from ..runtime.cache import BuildCache, cache_key, story_entry
from ..runtime.parallel import Workers
from ..text.wordcount import count_words
from ..transforms import transform_story
from ..transforms.notes import place_notes
from .report import Reporter, StoryReport, StoryStatus, Warnings
from .settings import Settings

# Work worth starting worker processes for (forking them takes tens of milliseconds,
# and each result comes back pickled): story bytes to parse (about a third of a
# second's reading), and HTML to lay out as PDF (a second or two of WeasyPrint).
PARALLEL_READ_BYTES = 512 * 1024
PARALLEL_LAYOUT_BYTES = 100 * 1024


def _story_from_bytes(data: bytes, source: StorySource, notes: str | None = None) -> Story:
    story = parse_story(data, source.path, source.display)
    if source.overrides:
        story.meta = apply_overrides(story.meta, source.overrides)
    return place_notes(transform_story(story), notes)


def read_source(source: StorySource, max_bytes: int | None = None, notes: str | None = None) -> Story:
    """One input file, read, overridden by its manifest entry, transformed, its notes placed."""
    data = load_story_bytes(source.path, source.display, max_bytes or DEFAULT_MAX_BYTES)
    return _story_from_bytes(data, source, notes)


@dataclass
class LoadedStory:
    """A story of this build: read now, or recalled from the cache (then only its metadata
    is loaded until a writer needs the text)."""

    source: StorySource
    key: str  # the cache key: the file's bytes, its overrides, the settings that change how it reads
    meta: StoryMeta
    words: int
    status: StoryStatus  # BUILT or CACHED
    story: Story | None = None
    notes: str | None = None  # where its authors' notes were placed (--notes)
    digest: str = ""  # sha256 of the file's bytes: two files with the same text are one story
    story_json: str | None = None  # a story read by a worker process, as it sent it (native JSON)


@dataclass(frozen=True)
class _ParseJob:
    """One story to parse, as a worker process gets it."""

    source: StorySource
    data: bytes
    notes: str | None
    for_cache: bool  # also make the cache's JSON, there and then


@dataclass
class Parsed:
    """A story parsed and transformed: the story itself (read here), or its native JSON
    (meta, story) as the cache stores it (read by a worker: it unpickles far faster)."""

    story: Story | None
    words: int
    entry: tuple[str, str] | None  # the cache's JSON, when it was made


@dataclass
class Refused:
    """A story the readers refused, in parts: an InputError does not pickle whole."""

    message: str
    path: str | None
    line: int | None

    def error(self) -> InputError:
        return InputError(self.message, self.path, self.line)


def _parse(job: _ParseJob) -> Parsed | Refused:
    """Parse and transform one story here."""
    try:
        story = _story_from_bytes(job.data, job.source, job.notes)
    except InputError as error:
        return Refused(error.message, error.path, error.line)
    return Parsed(story, count_words(story.blocks), story_entry(story) if job.for_cache else None)


def _parse_elsewhere(job: _ParseJob) -> Parsed | Refused:
    """`_parse` in a worker process: the story travels back as the native JSON the cache
    stores (made here, in parallel)."""
    result = _parse(dataclasses.replace(job, for_cache=False))
    if isinstance(result, Parsed) and result.story is not None:
        return Parsed(None, result.words, story_entry(result.story))
    return result


def read_stories(
    gathered: Gathered, settings: Settings, cache: BuildCache, reporter: Reporter, warn: Warnings,
    refused: list[StoryReport], workers: Workers,
) -> list[LoadedStory]:
    """Every gathered story, recalled or read (in worker processes when there is enough
    to read). When a PDF will be laid out, workers that are not needed for reading may
    start now and load WeasyPrint meanwhile."""
    for unmatched in gathered.unmatched:
        if settings.strict:
            raise unmatched.error
        warn(f"skipped: {unmatched.error}")
        refused.append(StoryReport(unmatched.pattern, None, 0, StoryStatus.REFUSED, str(unmatched.error)))
    story_key = settings.story_key()
    notes = settings.notes
    reporter.stage("Reading stories", len(gathered.sources))
    # Each source's slot: a story recalled or read, or the error that refused it.
    slots: list[LoadedStory | InputError | None] = []
    jobs: list[_ParseJob] = []
    keys: list[tuple[str, str]] = []
    for source in gathered.sources:
        try:
            data = load_story_bytes(source.path, source.display, settings.max_bytes)
        except InputError as error:
            slots.append(error)
            reporter.advance()
            continue
        # Keyed by the file's name, not its path: a reader only uses the name (a title from
        # it), and a cron job and a manual run from another folder then share entries.
        digest = hashlib.sha256(data).hexdigest()
        key = cache_key("story", source.path.name, digest, source.overrides, story_key)
        known = None if settings.force else cache.story_meta(key)
        if known is not None:
            slots.append(LoadedStory(source, key, known[0], known[1], StoryStatus.CACHED, notes=notes, digest=digest))
            reporter.advance()
            continue
        slots.append(None)
        jobs.append(_ParseJob(source, data, notes, cache.enabled))
        keys.append((key, digest))
    to_read = sum(len(job.data) for job in jobs)
    parsed: list[Parsed | Refused]
    if workers.spreads(len(jobs), to_read >= PARALLEL_READ_BYTES):
        parsed = workers.map(_parse_elsewhere, jobs, costs=[len(job.data) for job in jobs],
                             done=lambda job: reporter.advance())
    else:
        if settings.printing and to_read >= PARALLEL_LAYOUT_BYTES:
            workers.start_early()  # the layout's workers get WeasyPrint ready while this reads
        parsed = []
        for job in jobs:
            parsed.append(_parse(job))
            reporter.advance()
    results = iter(zip(keys, parsed))
    read: list[LoadedStory] = []
    by_digest: dict[str, LoadedStory] = {}
    for source, slot in zip(gathered.sources, slots):
        if slot is None:
            (key, digest), result = next(results)
            if isinstance(result, Parsed):
                cache.put_story(key, result.story, result.words, result.entry)
                if result.story is None:  # from a worker: the metadata now, the story when a writer needs it
                    assert result.entry is not None
                    meta = from_native(json.loads(result.entry[0]))
                    slot = LoadedStory(source, key, meta, result.words, StoryStatus.BUILT, notes=notes,
                                       digest=digest, story_json=result.entry[1])
                else:
                    slot = LoadedStory(source, key, result.story.meta, result.words, StoryStatus.BUILT,
                                       result.story, notes=notes, digest=digest)
            else:
                slot = result.error()
        if isinstance(slot, InputError):
            if len(gathered.sources) == 1 or settings.strict:
                raise slot
            # One unreadable story does not cost the reader the rest of the anthology.
            warn(f"skipped: {slot}")
            refused.append(StoryReport(source.display, None, 0, StoryStatus.REFUSED, str(slot)))
            continue
        first = by_digest.setdefault(slot.digest, slot)
        if first is not slot:
            # A second copy of one story (`story (1).txt`, a file saved twice) is bound
            # once, where it first appears.
            message = f"{source.display}: the same text as {first.source.display}, which is bound already"
            warn(f"skipped: {message}")
            refused.append(StoryReport(source.display, slot.meta.title, slot.words, StoryStatus.REFUSED, message))
            continue
        read.append(slot)
    return read


def full_story(item: LoadedStory, settings: Settings, cache: BuildCache) -> Story:
    """The whole story, for a writer: as read, sent by a worker, or recalled."""
    if item.story is None:
        story = from_native(json.loads(item.story_json)) if item.story_json is not None else cache.story(item.key)
        if story is None:  # the entry failed its check: read the file again
            story = read_source(item.source, settings.max_bytes, item.notes)
            item.status = StoryStatus.BUILT
        story.path = item.source.display
        item.story = story
    return item.story


def choose(gathered: Gathered, read: list[LoadedStory]) -> list[LoadedStory]:
    """The stories the manifest's `[select]` keeps, in its order."""
    manifest = gathered.manifest
    selection = manifest.select if manifest else Selection()
    chosen = select(selection, read)
    if not read:
        raise InputError("none of the inputs could be read; nothing to bind")
    if not chosen:
        assert manifest is not None
        raise manifest.error(
            f"none of the {len(read)} stories matches [select]; loosen the filters", "select"
        )
    return chosen

"""The cache of rendered pieces: each story's EPUB sections, and the PDF's parts (the
documents WeasyPrint lays out), so that an edit to one story renders that story alone."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from ..model import Story
from ..runtime.cache import BuildCache, cache_key
from ..runtime.parallel import Workers
from . import reading
from .reading import LoadedStory
from .report import Reporter


class PartsCache:
    """The book's rendered pieces: recalled from the cache, or rendered (on every core
    when there are enough of them) and remembered. Writers get them through the methods
    here, so the cache and the worker processes stay out of writers/.

    Two kinds of piece. Each story's EPUB sections, keyed by the story's cache key (its
    bytes, overrides and settings) and its place in the book (ids and numbering depend
    on it). And the PDF's parts, the documents WeasyPrint lays out (a story, a chunk of a
    long one, the front matter, a run of running heads and folios), keyed by what their
    pages are made of, the whole HTML document (pdf.parts.job_fingerprint): a part comes
    back exactly when its pages would come out the same, and an edit to one story lays out
    that story alone, with the contents and the running heads and folios whose page
    numbers it moved."""

    def __init__(self, cache: BuildCache, stories: list[LoadedStory], reporter: Reporter, force: bool,
                 workers: Workers | None = None, layouts: int = 0) -> None:
        """`layouts`: how many PDFs the build may lay out; once that many have been, the
        workers are stopped (0: they are left to the build)."""
        self.cache = cache
        self.keys = [item.key for item in stories]
        self.reporter = reporter
        self.force = force
        self.workers = workers or Workers(1)
        self.layouts_left = layouts
        self.laid_out = 0  # PDF parts laid out by this build (not recalled)

    def key(self, kind: str, number: int, **settings: Any) -> str:
        return cache_key("part", kind, self.keys[number - 1], number, settings)

    def epub_sections(self, story: Story, number: int) -> list:
        """The story's XHTML sections for the EPUB (epub.story_files, cached)."""
        from ..writers.epub.write import story_files

        key = self.key("epub-xhtml", number)
        data = None if self.force else self.cache.part(key)
        sections = _sections_from_json(data) if data is not None else None
        if sections is None:
            sections = story_files(story, number)
            payload = json.dumps([dataclasses.asdict(s) for s in sections], ensure_ascii=False)
            self.cache.put_part(key, "epub-xhtml", payload.encode("utf-8"))
        self.reporter.advance()
        return sections

    def pdf_parts(self, jobs: list, more: Callable | None = None) -> list:
        """pdf.RenderParts: the parts of a PDF, recalled or laid out."""
        from ..writers.pdf.parts import job_fingerprint, part_from_bytes, part_to_bytes, render_part

        keys: dict[int, str] = {}  # id(job) -> its cache key (the jobs live until this returns)

        def key(job) -> str:
            if id(job) not in keys:
                keys[id(job)] = cache_key("part", "pdf", job_fingerprint(job))
            return keys[id(job)]

        looked_up: dict[int, Any] = {}

        def known(job):
            if id(job) in looked_up:
                return looked_up.pop(id(job))
            data = None if self.force else self.cache.part(key(job))
            return part_from_bytes(data) if data is not None else None

        def keep(job, part) -> None:
            self.cache.put_part(key(job), "pdf", part_to_bytes(part))
            self.laid_out += 1

        # One step per story part, then one when the front matter (with the contents) is
        # in, and one when the last running heads and folios are.
        total = len(jobs) + 2
        self.reporter.stage("Laying out PDF", total)
        steps = 0

        def done(job) -> None:
            nonlocal steps
            if job.kind in ("story", "front") and steps < total - 1:
                steps += 1
                self.reporter.advance()

        looked_up.update((id(job), known(job)) for job in jobs)
        to_lay_out = sum(len(job.html) for job in jobs if looked_up[id(job)] is None)
        parts = self.workers.map(render_part, jobs, worth_it=to_lay_out >= reading.PARALLEL_LAYOUT_BYTES,
                                 costs=[len(job.html) for job in jobs], done=done, more=more, known=known, keep=keep)
        for _ in range(total - steps):
            self.reporter.advance()
        self.layouts_left -= 1
        if self.layouts_left == 0:
            # No more layout in this build: the workers' memory (WeasyPrint's, some 150 MB
            # each) is given back before the parts are joined, the build's largest step.
            self.workers.close()
        return parts


def _sections_from_json(data: bytes) -> list | None:
    from ..writers.xhtml import Section

    try:
        items = json.loads(data.decode("utf-8"))
        sections = [Section(**item) for item in items]
    except (ValueError, TypeError, AttributeError):
        return None
    if not sections or not all(isinstance(s.id, str) and isinstance(s.html, str) for s in sections):
        return None
    return sections

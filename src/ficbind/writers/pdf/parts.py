"""Turn one part of the printed book (an HTML document) into PDF pages, through WeasyPrint.

PartJob -> RenderedPart. A part is a piece of the book that starts on a recto and
can be laid out without knowing anything about the rest: the front matter, a story
(or several), or the page furniture. The job carries everything as plain strings and
numbers, so `render_part` can run in another process; the result says on which of its
pages each section starts and which pages WeasyPrint left blank. A rendered part also
goes to bytes and back (`part_to_bytes`), for the build's cache.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from .line_breaks import fit_runs_ending_in_a_space
from .margin_boxes import skip_absent_margin_boxes

# Links between parts cannot be resolved by WeasyPrint (the target is in another
# document), so they are written as `ficbind-goto:<section id>` and the joiner turns
# them into links to the page the section starts on.
LINK_SCHEME = "ficbind-goto:"
# A data: URL carries its bytes inline, so the fetcher serves one (a small SVG ornament,
# say) without reaching anything, but only up to this length: not a way to smuggle in
# megabytes.
MAX_DATA_URL = 32 * 1024


@dataclass(frozen=True)
class PartJob:
    """Everything WeasyPrint needs to lay out one part; plain data, so it pickles."""

    name: str  # for messages: "front matter", "story 3"
    html: str
    base_url: str
    roots: tuple[str, ...]  # folders the URL fetcher may serve files from
    sections: tuple[str, ...]  # element ids whose first page the caller needs
    timestamp: int  # seconds since the epoch, stamped into the subset fonts
    kind: str = "story"  # "story", "front" or "furniture": for progress, never for the pages
    # The story's pictures (file name, bytes), served by the fetcher under their names alone.
    pictures: tuple[tuple[str, bytes], ...] = ()
    tagged: bool = False  # lay out the part's structure (headings, paragraphs, links) as PDF tags


@dataclass(frozen=True)
class RenderedPart:
    pdf: bytes
    page_count: int
    starts: dict[str, int]  # section id -> the 0-based page of this part it starts on
    blank_pages: frozenset[int]  # pages WeasyPrint left empty (before a section that opens on a recto)
    refused: tuple[str, ...]  # URLs the fetcher refused (none, unless a stylesheet is wrong)
    boxes: tuple[str, ...] = ()  # characters no font had, drawn as empty boxes (.notdef)


def package_data_fetcher(roots: list[Path], pictures: dict[str, bytes] | None = None):
    """A WeasyPrint URL fetcher that serves files under `roots` (and small data: URLs) and
    refuses every other URL: file:// elsewhere, http(s)://, ftp://, large data: URLs.

    Story text is escaped, so no story can add a URL to the document; this is the
    second lock on that door: nothing can make the renderer read a local file or
    reach the network. Refused URLs are kept on the fetcher for the build report.
    A story's pictures are served from memory by their file names (`pic-<digest>.png`),
    whatever folder the page names: they were never files on disk.
    """
    served: dict[str, bytes] = pictures or {}
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageDataFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file" and Path(unquote(parsed.path)).name in served:
                return URLFetcherResponse(url, body=served[Path(unquote(parsed.path)).name])
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(path.as_uri(), body=path.read_bytes())
            elif parsed.scheme == "data" and len(url) <= MAX_DATA_URL:
                from urllib.request import DataHandler, Request

                # The bytes are in the URL itself: decoding them reaches nothing.
                try:
                    response = DataHandler().data_open(Request(url))
                except (ValueError, OSError):
                    pass
                else:
                    return URLFetcherResponse(url, body=response.read(), headers=response.headers)
            # Kept short: a refused data: URL could be megabytes long.
            self.refused.append(url if len(url) <= 200 else url[:200] + "…")
            raise ValueError(f"ficbind does not fetch {url[:200]}")

    return PackageDataFetcher()


def _with_boxes(render):
    """Report, on the part, the characters WeasyPrint drew as empty boxes while drawing it.

    WeasyPrint logs each glyph no font has, and that log is the only place saying so:
    the character did not come from some font of this computer, it became a .notdef
    box. So listen to its log while the part is drawn."""
    @functools.wraps(render)
    def rendering(job: PartJob) -> RenderedPart:
        collector = _NotdefCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            part = render(job)
        finally:
            logger.removeHandler(collector)
        return dataclasses.replace(part, boxes=tuple(sorted(collector.characters)))

    return rendering


@_with_boxes
def render_part(job: PartJob) -> RenderedPart:
    """Lay out and draw one part. A top-level function, so a process pool can run it."""
    from weasyprint import HTML  # imported here: the EPUB path never pays for WeasyPrint

    _instance_defaults_quickly()
    fit_runs_ending_in_a_space()
    skip_absent_margin_boxes()

    fetcher = package_data_fetcher([Path(root) for root in job.roots], dict(job.pictures))
    with _cycle_collector_paused():
        document = HTML(string=job.html, url_fetcher=fetcher, base_url=job.base_url).render(
            font_config=_font_configuration(job.roots)
        )
    wanted = set(job.sections)
    starts: dict[str, int] = {}
    blank: set[int] = set()
    for number, page in enumerate(document.pages):
        # WeasyPrint lists, per page, the ids of the elements with a box on it; every
        # piece of content sits inside a section with an id, so a page listing none
        # is one it left blank to bring the next section onto a recto.
        if not page.anchors:
            blank.add(number)
        for anchor in page.anchors:
            if anchor in wanted and anchor not in starts:
                starts[anchor] = number
    # The parts are joined into a new PDF, which gets the book's own metadata; fixed
    # dates here keep each part (and so the cache of parts) reproducible.
    document.metadata.created = document.metadata.modified = "2000-01-01T00:00:00Z"
    with _font_timestamp(job.timestamp), _cycle_collector_paused():
        pdf = document.write_pdf(pdf_tags=job.tagged)
    return RenderedPart(pdf, len(document.pages), starts, frozenset(blank), tuple(fetcher.refused))


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off while WeasyPrint lays out and draws a part.

    Layout makes millions of short-lived objects (boxes, styles, lines), and each of
    the collector's passes over the oldest generation walks every one still alive: a
    60-page chunk of a novel lays out some 15% faster, and far more steadily, without
    them. Nearly all of those objects are freed by reference counting as soon as the
    part is drawn (the peak memory of a part is the same either way), and the
    collector, back on, deals with the few cycles left."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# This process's WeasyPrint font configurations, by the folders its fonts come from.
_FONT_CONFIGURATIONS: dict[tuple[int, tuple[str, ...]], object] = {}


def _font_configuration(roots: tuple[str, ...]):
    """One font configuration for every part this process lays out with the same fonts.

    WeasyPrint would make a new one for each document: load fontconfig's
    configuration, copy the book's font files into a new temporary folder and have
    fontconfig read them, then lay out with a font map whose caches start empty. Kept
    here, that is done once, and its folder is removed when the process ends (a worker
    process ends without running the finalizer that would otherwise remove it). Keyed
    by process too: a worker forked from a process that had one must make its own."""
    key = (os.getpid(), roots)
    config = _FONT_CONFIGURATIONS.get(key)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        if not any(pid == os.getpid() for pid, _ in _FONT_CONFIGURATIONS):
            import atexit
            from multiprocessing import util

            atexit.register(_forget_font_configurations)  # this process, ending normally
            util.Finalize(None, _forget_font_configurations, exitpriority=0)  # a worker, ending
        config = _FONT_CONFIGURATIONS[key] = FontConfiguration()
    return config


def _forget_font_configurations() -> None:
    import shutil

    for key in [key for key in _FONT_CONFIGURATIONS if key[0] == os.getpid()]:
        folder = getattr(_FONT_CONFIGURATIONS.pop(key), "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


# The tables that make a font variable; without them its outlines and metrics are
# those of its default instance.
_VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR")


@cache
def _instance_defaults_quickly() -> None:
    """Make WeasyPrint's static instances of the book face's default location in
    milliseconds rather than a tenth of a second or more, in every part.

    WeasyPrint embeds a variable face as a static instance, made by fontTools'
    instancer, for each face in each part it lays out. For the regular weight of EB
    Garamond and Crimson Pro (nearly every glyph of a book) every axis is at its
    default, where a variable font's glyphs and advances are exactly the ones in its
    `glyf` and `hmtx` tables: dropping the variation tables gives the same instance
    the instancer would (checked glyph by glyph when this was written), with the
    overlap flags and OS/2 values the instancer sets. Any other location (semibold,
    Literata's optical sizes) goes to the instancer, as does any font this shortcut
    is not sure of, and if WeasyPrint stops calling the instancer this way the
    shortcut simply never runs.
    """
    try:
        from fontTools import varLib
        from fontTools.varLib import instancer
        from weasyprint.pdf import fonts
    except ImportError:
        return
    original = getattr(fonts, "instantiateVariableFont", None)
    if original is None:
        return

    def instantiate(varfont, axis_limits, *args, **kwargs):
        defaults = _default_location(varfont, axis_limits)
        if defaults is None or args or set(kwargs) != {"static"} or not kwargs["static"]:
            return original(varfont, axis_limits, *args, **kwargs)
        try:
            for tag in _VARIATION_TABLES:
                if tag in varfont:
                    del varfont[tag]
            instancer.setMacOverlapFlags(varfont["glyf"])
            if "OS/2" in varfont:
                varfont["OS/2"].recalcAvgCharWidth(varfont)
            varLib.set_default_weight_width_slant(varfont, location=defaults)
        except Exception:  # noqa: BLE001 - a shortcut never costs a book; see above
            return original(varfont, axis_limits, *args, **kwargs)
        return varfont

    fonts.instantiateVariableFont = instantiate


def _default_location(varfont, axis_limits: dict) -> dict[str, float] | None:
    """The font's default location if `axis_limits` asks for exactly that, in a font
    the shortcut is sure of (TrueType outlines, no avar 2, no variable components)."""
    try:
        if "glyf" not in varfont or "CFF2" in varfont or "VARC" in varfont or "fvar" not in varfont:
            return None
        if "avar" in varfont and getattr(varfont["avar"], "majorVersion", 1) >= 2:
            return None
        defaults = {axis.axisTag: axis.defaultValue for axis in varfont["fvar"].axes}
    except Exception:  # noqa: BLE001 - an unreadable font is the instancer's to report
        return None
    if not set(axis_limits) <= set(defaults):
        return None
    if any(float(value) != defaults[tag] for tag, value in axis_limits.items()):
        return None
    return defaults


def render_sequentially(jobs: list[PartJob], more=None) -> list[RenderedPart]:
    """Render parts one after another in this process: the path for small books, and
    pdf.RenderParts with no workers (`more`: as parallel.Workers.map)."""
    from ...runtime.parallel import Workers

    return Workers(1).map(render_part, jobs, more=more)


# WeasyPrint's own word, logged as it draws a glyph no font has: the only place that
# knows a character became an empty box rather than a glyph from some system font.
_NOTDEF = re.compile(r"\.notdef glyph rendered .*\(U\+(?P<code>[0-9A-Fa-f]{4,6})\)")


class _NotdefCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            found = _NOTDEF.search(record.getMessage())
        except (TypeError, ValueError):
            return
        if found:
            self.characters.add(chr(int(found.group("code"), 16)))


def job_fingerprint(job: PartJob) -> list:
    """Everything a part's pages are made from, for a cache key: the whole HTML document
    (text, stylesheet, font files named in it, page geometry, language), the sections
    looked for, the date stamped into its fonts, and the text libraries WeasyPrint lays
    it out with (the Python libraries and ficbind's own code are in every cache key)."""
    html = hashlib.sha256(job.html.encode("utf-8", "surrogatepass")).hexdigest()
    return [html, job.base_url, list(job.roots), list(job.sections), job.timestamp, job.tagged, _text_libraries()]


@cache
def _text_libraries() -> str:
    """The versions of Pango and HarfBuzz, read without importing WeasyPrint: a system
    upgrade of either can move a line break."""
    import ctypes
    import ctypes.util

    versions = []
    for names, function in ((("pango-1.0", "libpango-1.0-0"), "pango_version_string"),
                            (("harfbuzz", "libharfbuzz-0"), "hb_version_string")):
        version = "-"
        for name in names:
            path = ctypes.util.find_library(name)
            if not path:
                continue
            try:
                call = getattr(ctypes.CDLL(path), function)
            except (OSError, AttributeError):
                continue
            call.restype = ctypes.c_char_p
            version = call().decode("ascii", "replace")
            break
        versions.append(f"{function.split('_')[0]}={version}")
    return ",".join(versions)


def part_to_bytes(part: RenderedPart) -> bytes:
    """A rendered part as one line of JSON (pages, starts, blanks) and the PDF after it."""
    about = {"pages": part.page_count, "starts": part.starts, "blank": sorted(part.blank_pages),
             "refused": list(part.refused), "boxes": list(part.boxes)}
    return json.dumps(about, separators=(",", ":"), ensure_ascii=True).encode("ascii") + b"\n" + part.pdf


def part_from_bytes(data: bytes) -> RenderedPart | None:
    """The inverse of `part_to_bytes`, or None for bytes that are not one."""
    head, newline, pdf = data.partition(b"\n")
    try:
        about = json.loads(head)
        pages, starts, blank, refused = about["pages"], about["starts"], about["blank"], about["refused"]
        boxes = about["boxes"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (newline and pdf.startswith(b"%PDF-") and isinstance(pages, int) and isinstance(starts, dict)
            and all(isinstance(k, str) and isinstance(v, int) and 0 <= v < pages for k, v in starts.items())
            and isinstance(blank, list) and all(isinstance(b, int) and 0 <= b < pages for b in blank)
            and isinstance(refused, list) and all(isinstance(r, str) for r in refused)
            and isinstance(boxes, list) and all(isinstance(b, str) and len(b) == 1 for b in boxes)):
        return None
    return RenderedPart(pdf, pages, starts, frozenset(blank), tuple(refused), tuple(boxes))


@contextmanager
def _font_timestamp(seconds: int):
    """fontTools stamps every subset font it writes with the current time, unless
    SOURCE_DATE_EPOCH is set; set it for the duration of the write."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved

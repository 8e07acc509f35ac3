"""Read an EPUB download into a `Story`: bytes -> `Epub` (container.py, package.py) -> the
reader for the tool that made it.

Fans' EPUBs come from a few tools, each with its own title page and notes: AO3's own
download (made by Calibre from AO3's HTML), FanFicFare, fichub and the WebToEpub
extension. Each has a reader here that knows where that tool puts the work's metadata,
its notes and its site furniture; any other EPUB is read from its OPF and spine
(generic.py). Chapter bodies are mapped by the HTML reader (`readers/html`), never
passed through as markup. Pictures in the chapters are kept (pictures.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...model import Story
from .container import DEFAULT_LIMITS, Limits, looks_like_epub

if TYPE_CHECKING:
    from .download import Epub

__all__ = ["Limits", "describe", "looks_like_epub", "read"]

# lxml and Pillow are imported when an EPUB is read, not when this package is: a build
# that recalls every story from its cache never loads them.

Recogniser = Callable[["Epub"], bool]
Reader = Callable[["Epub"], Story]


# What `ficbind inspect` calls each tool's EPUB.
_KINDS = {"fanficfare": "FanFicFare EPUB", "webtoepub": "WebToEpub EPUB", "fichub": "fichub EPUB",
          "ao3": "AO3 EPUB download"}


def _producers() -> list[tuple[Recogniser, Reader]]:
    # The tools, most particular first: a fichub export of an AO3 work has AO3's markup
    # in its chapters, and an AO3 EPUB names AO3 as its publisher, as FanFicFare's do.
    from . import ao3, fanficfare, fichub, webtoepub

    return [
        (fanficfare.recognises, fanficfare.read),
        (webtoepub.recognises, webtoepub.read),
        (fichub.recognises, fichub.read),
        (ao3.recognises, ao3.read),
    ]


def read(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> Story:
    """A Story from the bytes of an EPUB. Raises InputError, naming the file, for an EPUB
    that is damaged, hostile or locked with DRM."""
    from . import generic
    from .download import Epub

    epub = Epub(data, path, limits)
    for recognises, reader in _producers():
        if recognises(epub):
            return reader(epub)
    return generic.read(epub)


def describe(data: bytes, path: str) -> str:
    """What made an EPUB, for `ficbind inspect` (`AO3 EPUB download`, `FanFicFare EPUB`)."""
    from .download import Epub

    epub = Epub(data, path)
    for recognises, reader in _producers():
        if recognises(epub):
            return _KINDS[reader.__module__.rsplit(".", 1)[-1]]
    return "EPUB"

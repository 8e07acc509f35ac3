"""An opened EPUB download: its container (container.py), its package (package.py), and
its documents parsed on demand (documents.py)."""

from __future__ import annotations

from lxml import etree

from .container import DEFAULT_LIMITS, Container, Limits
from .documents import parse_chapter
from .package import Item, Package, read_package


class Epub:
    """An opened EPUB: its container, its package, and its documents parsed on demand."""

    def __init__(self, data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.container = Container(data, path, limits)
        self.package: Package = read_package(self.container)
        self._trees: dict[str, etree._Element] = {}
        # Each picture re-encoded once, however many chapters show it (pictures.py).
        self.pictures: dict[str, tuple[bytes, str] | None] = {}

    def tree(self, item: Item) -> etree._Element:
        """A spine document's `<html>` tree, tag names plain (`p`, `div`)."""
        assert item.name is not None
        if item.name not in self._trees:
            self._trees[item.name] = parse_chapter(self.container.read(item.name), item.name, self.path)
        return self._trees[item.name]

    def body(self, item: Item) -> etree._Element:
        root = self.tree(item)
        body = root.find(".//body")
        return body if body is not None else root

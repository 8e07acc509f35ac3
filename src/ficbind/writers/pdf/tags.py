"""Merge the structure trees (tags) of the book's parts into one, in the order a reader reads them.

[tagged part PDFs] -> the joined book's one /StructTreeRoot. WeasyPrint tags each
part it lays out on its own: a /Document element holding the part's headings,
paragraphs and links, marked-content ids (MCIDs) in each page's content, and a
parent tree that maps each page's `/StructParents` key (and each link annotation's
`/StructParent` key) to its elements. Keys start from 0 in every part, so the joiner
renumbers them: each part's keys move past those of the parts before it, on its
pages, its annotations and in the book's parent tree. The parts' /Document
elements become the children of the book's own, in reading order (cover, front
matter, stories). What is not text of the book is marked as an artifact where it is
drawn (join: running heads, folios, printer's marks), so the tree holds only the
book's own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf


class StructureTree:
    """The book's one structure tree, made of its parts' trees as the joiner copies the parts
    in, in reading order (cover, front matter, stories): each part's tree is taken in while
    the part is open, so that the joiner can let the part go before opening the next.

    `add_cover` tags a cover picture, drawn as marked content `/Figure <</MCID 0>>`, as a
    figure with its alternative text; `add_part` takes in a tagged part whose pages are
    now the book's `pages`; `finish` writes the tree into the book.
    """

    def __init__(self, book: pikepdf.Pdf) -> None:
        from pikepdf import Array, Dictionary, Name

        self.book = book
        self.document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.nums: list[Any] = []  # the parent tree: key, value, key, value…
        self.next_key = 0

    def add_cover(self, page: pikepdf.Object, alt: str) -> None:
        """Tag the cover picture drawn on `page` (the book's page object)."""
        from pikepdf import Array, Dictionary, Name, String

        figure = self.book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=self.document,
                                                    Pg=page, K=Array([0]), Alt=String(alt)))
        self.document.K.append(figure)
        page.StructParents = self.next_key
        self.nums.extend([self.next_key, Array([figure])])
        self.next_key += 1

    def add_part(self, source: pikepdf.Pdf, pages: Sequence[pikepdf.Object]) -> None:
        """Take in the tree of `source`, whose pages are now the book's `pages` (page objects)."""
        from pikepdf import Array, Dictionary, Name

        root = source.Root.get("/StructTreeRoot")
        if root is None:
            return  # an untagged part (the cover's picture page)
        book, document = self.book, self.document
        offset = self.next_key
        tree = _parent_tree(root)
        for page_object in pages:
            if "/StructParents" in page_object:
                page_object.StructParents = int(page_object.StructParents) + offset
            for annotation in page_object.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        # The part's parent tree and its top elements are copied into the book in one
        # call: pikepdf copying them value by value made some 12,000 calls into qpdf for a
        # novel, a tenth of a second at the end of the build, when nothing else runs.
        copied = list(book.copy_foreign(source.make_indirect(Array([value for _, value in tree] + [root.K]))))
        for (key, _), value in zip(tree, copied):
            self.nums.extend([key + offset, value])
        self.next_key = offset + (max((key for key, _ in tree), default=-1) + 1)
        top = copied[-1]
        for element in (top if isinstance(top, Array) else [top]):
            # WeasyPrint's own /Document becomes a part of the book's: its children move up.
            children = element.K if element.get("/S") == Name.Document else Array([element])
            for child in (children if isinstance(children, Array) else [children]):
                if isinstance(child, Dictionary):
                    child.P = document
                document.K.append(child)

    def finish(self) -> None:
        from pikepdf import Array, Dictionary, Name

        book = self.book
        book.Root.StructTreeRoot = book.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=self.document,
            ParentTree=book.make_indirect(Dictionary(Nums=Array(self.nums))), ParentTreeNextKey=self.next_key,
        ))
        self.document.P = book.Root.StructTreeRoot


def _parent_tree(root: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """The (key, value) pairs of a number tree, leaves and kids alike."""
    pairs: list[tuple[int, pikepdf.Object]] = []

    def walk(node: pikepdf.Object) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            pairs.extend((int(nums[k]), nums[k + 1]) for k in range(0, len(nums), 2))
        for kid in node.get("/Kids", []):
            walk(kid)

    tree = root.get("/ParentTree")
    if tree is not None:
        walk(tree)
    return sorted(pairs, key=lambda pair: pair[0])

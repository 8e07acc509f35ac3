"""Merge the structure trees (tags) of the book's parts into one, in the order a reader reads them.

[tagged part PDFs] + the joined book -> one /StructTreeRoot. WeasyPrint tags each
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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf


def merge_structure(book: pikepdf.Pdf, sources: list[pikepdf.Pdf], page_parts: list[int | None],
                    cover: tuple[int, str] | None = None) -> None:
    """Give `book` one structure tree made of its parts' trees.

    `page_parts[i]` is the index (in `sources`) of the part book page `i` comes
    from, None for a page the joiner made. `cover`: (book page, alternative text)
    of a cover picture, drawn as marked content `/Figure <</MCID 0>>`, tagged as a
    figure with that text.
    """
    from pikepdf import Array, Dictionary, Name, String

    document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    nums: list[Any] = []  # the parent tree: key, value, key, value…
    next_key = 0
    if cover is not None:
        page_index, alt = cover
        page = book.pages[page_index]
        figure = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=document, Pg=page.obj,
                                               K=Array([0]), Alt=String(alt)))
        document.K.append(figure)
        page.obj.StructParents = next_key
        nums.extend([next_key, Array([figure])])
        next_key += 1
    order = list(dict.fromkeys(part for part in page_parts if part is not None))
    for part in order:
        source = sources[part]
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            continue  # an untagged part (the cover's picture page)
        offset = next_key
        tree = _parent_tree(root)
        for page_index, page_part in enumerate(page_parts):
            if page_part != part:
                continue
            page_object = book.pages[page_index].obj
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
            nums.extend([key + offset, value])
        next_key = offset + (max((key for key, _ in tree), default=-1) + 1)
        top = copied[-1]
        for element in (top if isinstance(top, Array) else [top]):
            # WeasyPrint's own /Document becomes a part of the book's: its children move up.
            children = element.K if element.get("/S") == Name.Document else Array([element])
            for child in (children if isinstance(children, Array) else [children]):
                if isinstance(child, Dictionary):
                    child.P = document
                document.K.append(child)
    book.Root.StructTreeRoot = book.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=document, ParentTree=book.make_indirect(Dictionary(Nums=Array(nums))),
        ParentTreeNextKey=next_key,
    ))
    document.P = book.Root.StructTreeRoot


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

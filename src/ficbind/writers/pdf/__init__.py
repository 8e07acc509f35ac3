"""Book -> print-ready PDF bytes.

`write.py` runs the stages: the book's XHTML cut into parts (the front matter, each
story, long stories in chunks) that `parts.py` lays out with WeasyPrint, in worker
processes; the running heads and folios laid out for the pages they fall on
(`furniture.py`); the parts joined with pikepdf into one PDF with its outline, page
labels and blank versos (`join.py`). `geometry.py` is trim, bleed and marks,
`fonts.py` the book face and its fallbacks, `cover.py` the cover picture as page one,
`preflight.py` the checks of `ficbind check`.

Importing this package imports neither WeasyPrint nor pikepdf; the modules that need
them import them where they are used.
"""

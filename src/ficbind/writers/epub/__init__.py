"""Book -> EPUB 3 bytes (`write.py`), the KEPUB transform for Kobo's engine (`kepub.py`)
and the cover image: the reader's own picture, or one drawn from the title (`cover.py`).
The XHTML itself is shared with the PDF (`writers/xhtml.py`)."""

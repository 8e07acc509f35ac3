"""ficbind binds fan fiction into books: EPUB 3 for e-readers and a print-ready PDF.

Readers turn story files into the document model (model.py), transforms clean the
typography and structure, writers turn the model into books. The CLI (cli.py) is a
thin layer over build.py.
"""

__version__ = "0.1.0"

"""The command line: the Typer app (`app.py`), what it prints (`console.py`), `--watch`
(`watch.py`) and `ficbind inspect` (`inspection.py`). A thin layer over `ficbind.binding`."""

from .app import app, main

__all__ = ["app", "main"]

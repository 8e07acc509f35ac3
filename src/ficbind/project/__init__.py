"""What the user names: the inputs gathered from files, folders and globs (`gather.py`),
the manifest `ficbind.toml` (`manifest.py`, with `toml_lines.py` for its line numbers),
its `[select]` filters (`selection.py`) and the manifest `ficbind init` writes
(`starter.py`)."""

"""Machinery with no knowledge of fic: the build cache's store (`cache.py`), worker
processes (`parallel.py`), atomic outputs and the output folder's lock (`outputs.py`),
and package data — stylesheets and fonts (`resources.py`)."""

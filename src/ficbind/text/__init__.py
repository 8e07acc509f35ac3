"""What ficbind knows about fic text that every stage shares: chapter headings
(`chapter_headings.py`), language names and tags (`languages.py`), word counts
(`wordcount.py`). Imports nothing of ficbind but the model."""

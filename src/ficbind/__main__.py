"""`python -m ficbind` runs the command line."""

from .cli import main

main()

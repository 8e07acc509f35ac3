"""Find the line of every table and key in a TOML text, for error messages.

TOML text -> {key path: 1-based line}. `tomllib` parses but keeps no positions, so
a manifest mistake found after parsing ("unknown key 'titel'") could only name the
file. This scanner walks the same text once more and records where each table
header and each key starts:

    [book]                 ("book",)            -> 1
    title = "x"            ("book", "title")    -> 2
    [[story]]              ("story", 0)         -> 4
    path = "a.txt"         ("story", 0, "path") -> 5

Arrays of tables (and arrays of inline tables) are indexed from 0. It only runs on
text `tomllib` has already accepted, so it can assume valid TOML; it still never
raises: whatever it cannot place is simply missing from the result.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

KeyPath = tuple  # of str (keys) and int (array indices)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.lines: dict[KeyPath, int] = {}
        # Arrays of tables seen so far -> index of their latest element.
        self.arrays: dict[KeyPath, int] = {}

    # --- positions ---------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)

    def record(self, path: KeyPath, pos: int) -> None:
        self.lines.setdefault(path, self.line_at(pos))

    # --- lexing --------------------------------------------------------------------

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and tabs, comments, and (when `newlines`) line ends."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def string(self) -> str:
        """A basic, literal or multi-line string starting at `pos`; returns its value
        (escapes are resolved only as far as key names need)."""
        text = self.text
        quote = text[self.pos]
        if text.startswith(quote * 3, self.pos):
            end = self.pos + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:
                    self.pos = len(text)
                    return ""
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                # Up to two quotes may sit right before the closing delimiter.
                while text.startswith(quote, end + 3):
                    end += 1
                value = text[self.pos + 3 : end]
                self.pos = end + 3
                return value
        end = self.pos + 1
        while end < len(text) and text[end] != quote and text[end] != "\n":
            end += 2 if quote == '"' and text[end] == "\\" else 1
        value = text[self.pos + 1 : end]
        self.pos = end + 1
        return value.replace('\\"', '"').replace("\\\\", "\\") if quote == '"' else value

    def key(self) -> tuple[list[str], int]:
        """A dotted key (`a."b c".d`) and the position where it starts."""
        start = self.pos
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match:
                    break
                parts.append(match.group())
                self.pos = match.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                break
            self.pos += 1
        return parts, start

    # --- structure -------------------------------------------------------------------

    def resolve(self, parts: list[str]) -> KeyPath:
        """A header's dotted key as a path: parents that are arrays of tables refer to
        their latest element (`[story.extra]` after the third `[[story]]`)."""
        path: KeyPath = ()
        for part in parts:
            path = path + (part,)
            if path in self.arrays:
                path = path + (self.arrays[path],)
        return path

    def header(self) -> KeyPath:
        start = self.pos
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        parts, _ = self.key()
        self.skip_blank(newlines=False)
        self.pos += 2 if is_array else 1
        if is_array:
            parent = self.resolve(parts[:-1])
            array = parent + (parts[-1],)
            index = self.arrays.get(array, -1) + 1
            self.arrays[array] = index
            self.record(array, start)
            path = array + (index,)
        else:
            path = self.resolve(parts)
        self.record(path, start)
        return path

    def key_value(self, table: KeyPath) -> None:
        parts, start = self.key()
        if not parts:  # not a key: skip the line rather than loop forever
            end = self.text.find("\n", self.pos)
            self.pos = len(self.text) if end < 0 else end + 1
            return
        for depth in range(1, len(parts) + 1):
            self.record(table + tuple(parts[:depth]), start)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.pos += 1
        self.value(table + tuple(parts))

    def value(self, path: KeyPath) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            index = 0

            def item() -> None:
                nonlocal index
                self.record(path + (index,), self.pos)
                self.value(path + (index,))
                index += 1

            self.items("]", item)
        elif char == "{":
            self.items("}", lambda: self.key_value(path))
        else:
            match = _SCALAR_END.search(self.text, self.pos)
            self.pos = len(self.text) if match is None else match.start()

    def items(self, close: str, item: Callable[[], None]) -> None:
        """An array's values or an inline table's key/value pairs, up to `close`: one
        `item` at a time, commas skipped, and never stuck on a character it cannot read."""
        self.pos += 1
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == close:
                self.pos += 1
                return
            if self.peek() == ",":
                self.pos += 1
                continue
            before = self.pos
            item()
            if self.pos == before:
                self.pos += 1

    def document(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at `pos` is preceded by an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every table and key path in a TOML text -> the 1-based line it starts on."""
    scanner = _Scanner(text)
    try:
        return scanner.document()
    except (IndexError, ValueError):  # never let position-finding hide the real error
        return scanner.lines

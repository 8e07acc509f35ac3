"""What a person at a terminal sees while a build runs."""

from __future__ import annotations

import io
import re
import time

import pytest

from ficbind.cli.console import ConsoleReporter

pytestmark = pytest.mark.quick


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr does when a person runs ficbind."""

    def isatty(self) -> bool:
        return True


def test_a_long_stage_shows_how_long_is_left_once_its_pace_is_known():
    terminal = Terminal()
    with ConsoleReporter(stream=terminal) as reporter:
        reporter.stage("Laying out pdf", 40)
        for _ in range(4):
            time.sleep(0.05)
            reporter.advance()
        # 4 of 40 done at about 0.05 s each: some 2 s to go.
        estimate = re.findall(r"about (\d):(\d\d):(\d\d) left", terminal.getvalue())
        assert estimate, terminal.getvalue()
        hours, minutes, seconds = map(int, estimate[-1])
        assert hours == 0 and minutes == 0 and 1 <= seconds <= 5
        assert "4/40" in terminal.getvalue()
        for _ in range(36):
            reporter.advance()
    # A finished stage shows its count and the time it took, and no estimate.
    frames = re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue()))
    last = [frame for frame in frames if "Laying out pdf" in frame][-1]
    assert "40/40" in last and re.search(r"\d:\d\d:\d\d", last) and "left" not in last

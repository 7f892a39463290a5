"""Progress of a long run for non-interactive use (cron, logs): one plain French line every N documents."""

from __future__ import annotations

import time
from typing import Callable

from .report.numbers import french_number


def duration(seconds: float) -> str:
    """« 45 s », « 3 min 05 s », « 2 h 07 min »."""
    seconds = int(round(max(seconds, 0)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


class ProgressLines:
    """Counts files as they are done and writes « Analyse : 150/1 200 fichiers (…), 12,5 fichiers/s, reste
    environ 1 min 28 s » every ``every`` files, then the last one."""

    def __init__(self, total: int, write: Callable[[str], None], *, every: int = 50,
                 clock: Callable[[], float] = time.monotonic):
        self.total, self.write, self.every, self.clock = total, write, max(1, every), clock
        self.start = clock()
        self.done = self.analysed = self.skipped = 0

    def update(self, analysed: bool) -> None:
        self.done += 1
        self.analysed += analysed
        self.skipped += not analysed
        if self.done % self.every == 0 or self.done == self.total:
            self.write(self.line())

    def line(self) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        text = (f"Analyse : {french_number(self.done)}/{french_number(self.total)} fichiers "
                f"({french_number(self.analysed)} analysés, {french_number(self.skipped)} ignorés), "
                f"{french_number(rate, 1)} fichiers/s")
        left = self.total - self.done
        if left > 0:
            text += f", reste environ {duration(left / rate)}"
        return text

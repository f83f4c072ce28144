"""How many retrieved passages the reader reads: more when retrieval cannot tell them apart.

Reading a passage costs the neural reader about 20 ms on two cores. Three are enough when
retrieval is sure; when the next passages score close to the best one, or the library is so
small that retrieval ranks little, the answer is often a little further down (on seeds/, the
passage naming Missy is the 4th). The reader then reads up to ``reader.max_passages``, as many
as ``reader.read_budget_ms`` allows at the measured cost per passage.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from qa_bot.config import ReaderSettings

INITIAL_MS_PER_PASSAGE = 20.0


def passages_to_read(
    scores: Sequence[float], settings: ReaderSettings, library_chunks: int, ms_per_passage: float
) -> int:
    """How many of the passages (fused scores, best first) to read.

    Args:
        scores: retrieval scores of the candidate passages, best first.
        settings: ``passages`` (always read), ``max_passages``, ``close_score`` (read on while a
            passage scores at least this share of the best), ``small_library_chunks`` and
            ``read_budget_ms``.
        library_chunks: passages in the whole library.
        ms_per_passage: the reader's measured cost of one passage.
    """
    base = min(settings.passages, len(scores))
    affordable = int(settings.read_budget_ms // max(ms_per_passage, 1e-3))
    most = min(settings.max_passages, len(scores), max(base, affordable))
    if library_chunks <= settings.small_library_chunks:
        return most
    count = base
    best = scores[0] if scores else 0.0
    while count < most and best > 0 and scores[count] >= settings.close_score * best:
        count += 1
    return count


class ReadingCost:
    """The reader's fastest measured milliseconds per passage (thread-safe).

    The fastest, not the mean: it is the machine's own speed, so a passing load (another
    process, a burst of questions) does not change how many passages are read, and the same
    question gets the same answer whatever the load.
    """

    def __init__(self, initial_ms: float = INITIAL_MS_PER_PASSAGE) -> None:
        self._ms = initial_ms
        self._measured = False
        self._lock = threading.Lock()

    @property
    def ms_per_passage(self) -> float:
        """The current estimate."""
        return self._ms

    def record(self, milliseconds: float, passages: int) -> None:
        """Fold one read of ``passages`` passages taking ``milliseconds`` into the estimate."""
        if passages < 1:
            return
        with self._lock:
            each = milliseconds / passages
            self._ms = each if not self._measured else min(self._ms, each)
            self._measured = True

"""How many retrieved passages the reader reads: more when retrieval cannot tell them apart.

Reading a passage costs the neural reader about 20 ms on two cores. Three are enough when
retrieval is sure; when the next passages score close to the best one, or the library is so
small that retrieval ranks little, the answer is often a little further down (on seeds/, the
passage naming Missy is the 4th). The reader then reads up to ``reader.max_passages``, as many
as ``reader.read_budget_ms`` allows at ``reader.passage_ms`` per passage. The cost is a setting,
not a live measurement, so that the same question reads the same passages (and gets the same
answer) however busy the machine is.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa_bot.config import ReaderSettings


def passages_to_read(scores: Sequence[float], settings: ReaderSettings, library_chunks: int) -> int:
    """How many of the passages (fused scores, best first) to read.

    Args:
        scores: retrieval scores of the candidate passages, best first.
        settings: ``passages`` (always read), ``max_passages``, ``close_score`` (read on while a
            passage scores at least this share of the best), ``small_library_chunks``,
            ``read_budget_ms`` and ``passage_ms``.
        library_chunks: passages in the whole library.
    """
    base = min(settings.passages, len(scores))
    affordable = int(settings.read_budget_ms // settings.passage_ms)
    most = min(settings.max_passages, len(scores), max(base, affordable))
    if library_chunks <= settings.small_library_chunks:
        return most
    count = base
    best = scores[0] if scores else 0.0
    while count < most and best > 0 and scores[count] >= settings.close_score * best:
        count += 1
    return count

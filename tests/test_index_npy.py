"""Index .npy loads take turns across threads (CPython 3.11 AST race, cpython#106905)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from qa_bot.index import bm25, npy


def test_loads_never_overlap_inside_np_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.npy"
    np.save(path, np.ones((2, 3), dtype=np.float32))
    real_load = np.load
    inside, most = [0], [0]
    guard = threading.Lock()

    def slow_load(*args, **kwargs):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        try:
            return real_load(*args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(npy.np, "load", slow_load)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(npy.load(path))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
    assert len(results) == 4 and all(r.shape == (2, 3) for r in results)


def test_bm25_loads_hold_the_same_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bm25s

    held: list[bool] = []
    monkeypatch.setattr(bm25s.BM25, "load", lambda *a, **k: held.append(npy.LOCK.locked()))
    bm25.load_bm25(tmp_path)
    assert held == [True] and not npy.LOCK.locked()

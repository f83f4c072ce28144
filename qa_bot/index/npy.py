"""Loading .npy arrays from several threads at once.

CPython 3.11 keeps the AST constructor's recursion counter per interpreter, not per thread, so
two threads parsing at the same moment can fail with "SystemError: AST constructor recursion
depth mismatch" (python/cpython#106905). ``np.load`` parses every .npy header with
``ast.literal_eval``, and index loads overlap (a reload beside a rebuild, two readers), so every
load of our index files, ours or bm25s's, takes ``LOCK``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

LOCK = threading.Lock()


def load(path: Path, mmap: bool = False) -> np.ndarray:
    """np.load of a plain (no pickle) .npy file, one thread at a time."""
    with LOCK:
        return np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)

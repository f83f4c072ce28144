"""Where the SQuAD files live, and a clear refusal when one is missing.

SQuAD 2.0 dev is bundled in the repository (``tests/data``, CC BY-SA 4.0, see its README), so
dev evaluations work in a fresh clone; the training sets (8-9 MB each) are not, and come from
the team's data folder laid beside the repository as ``../shared/data``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
BUNDLED_DATA = REPO / "tests" / "data"
DEV_NAME = "squad-v2.0-dev.json.gz"
DEFAULT_TRAIN = SHARED_DATA / "squad-v1.1-train.json.gz"

TRAIN_HELP = (
    "training needs a SQuAD train set (squad-v1.1-train.json.gz or "
    "squad-v2.0-train.reconstructed.json.gz), which is not bundled: lay the team's data folder "
    f"beside the repository as {SHARED_DATA} or pass --train PATH"
)
DEV_HELP = (
    f"SQuAD 2.0 dev is bundled as {BUNDLED_DATA / DEV_NAME} (tests/data/README.md); "
    "pass --dev PATH to use another copy"
)


def default_dev() -> Path:
    """SQuAD 2.0 dev: the shared data folder's copy when present, else the identical bundled one."""
    shared = SHARED_DATA / DEV_NAME
    return shared if shared.is_file() else BUNDLED_DATA / DEV_NAME


def require_file(parser: argparse.ArgumentParser, path: str | Path, option: str, why: str) -> None:
    """Exit through ``parser.error`` (status 2, one line) when ``path`` is not a file."""
    if not Path(path).is_file():
        parser.error(f"{option} {path}: no such file; {why}")

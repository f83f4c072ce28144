#!/usr/bin/env bash
# Create .venv and install qa_bot with everything it needs (idempotent; reruns when pyproject changes).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
stamp=.venv/.installed
want=$(sha256sum pyproject.toml | cut -c1-64)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Setting up .venv (first run takes a few minutes)..." >&2
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[telegram,dev,ray]" --config-settings editable_mode=compat
# Export the ONNX embedding model now (cached in ~/.cache/qa_bot/onnx), not at the first question.
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .venv/bin/python -m qa_bot.embedding.prepare \
  || echo "warning: the ONNX export failed; the first question retries it" \
    "(or set QA_BOT_EMBEDDING__BACKEND=torch)" >&2
echo "$want" > "$stamp"

#!/usr/bin/env bash
# Set everything up, then open the REPL (or answer the question given as arguments).
# The index over seeds/ is built on first use.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
if [ $# -gt 0 ]; then
  exec .venv/bin/qa-bot ask "$*"
fi
exec .venv/bin/qa-bot repl

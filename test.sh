#!/usr/bin/env bash
# Set everything up, then run the whole test suite (pass -m "not slow" for the quick part only).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# The default embedding backend (onnx) against torch, back to back under the same load:
# `qa-bot index` of the first ARTICLES SQuAD 2.0 dev articles (bundled in tests/data), then a cold
# `qa-bot ask` over that index; wall time, CPU time (user + sys) and peak RSS from /usr/bin/time.
# CPU time is the figure to compare on a busy machine: wall time there is mostly waiting.
#
# Usage: benchmarks/embedding_backends.sh [ARTICLES (default 6)] [ROUNDS (default 1)]
# Rounds alternate the order (onnx torch, torch onnx, ...). Prefix with `nice -n 19` on a shared
# machine. Prints one tab-separated row per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-6}
rounds=${2:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/python - "$articles" "$work/articles.jsonl" <<'EOF'
import json, sys
from qa_bot.evaluation.runs import corpus_from_squad
from qa_bot.evaluation.squad import load_squad

corpus = corpus_from_squad(load_squad("tests/data/squad-v2.0-dev.json.gz"), "dev")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for article in corpus.articles[: int(sys.argv[1])]:
        out.write(json.dumps({"title": article.title, "text": article.text}) + "\n")
EOF
measure() {  # LABEL BACKEND COMMAND...: one row from /usr/bin/time's report
  local label=$1 backend=$2
  shift 2
  QA_BOT_EMBEDDING__BACKEND=$backend /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" \
    > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys peak < "$work/time"
  local extra=""
  [ "$label" = index ] && extra=$(grep -o 'indexed .* chunks' "$work/out")
  printf '%s\t%s\twall %s s\tcpu %.2f s\tpeak %d MB\tload %s\t%s\n' "$label" "$backend" "$wall" \
    "$(echo "$user + $sys" | bc)" $((peak / 1024)) "$(cut -d' ' -f1 /proc/loadavg)" "$extra"
}
question="Which NFL team represented the AFC at Super Bowl 50?"
for round in $(seq 1 "$rounds"); do
  order="onnx torch"
  [ $((round % 2)) -eq 0 ] && order="torch onnx"
  for backend in $order; do
    rm -rf "$work/idx-$backend"
    measure index "$backend" .venv/bin/qa-bot index --index-dir "$work/idx-$backend" \
      "$work/articles.jsonl"
    measure ask "$backend" .venv/bin/qa-bot ask --index-dir "$work/idx-$backend" "$question"
  done
done

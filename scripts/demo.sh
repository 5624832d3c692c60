#!/usr/bin/env bash
# Installs what is missing, builds, trains on the bundled demo corpus and asks
# the model a few questions. Takes well under a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bin=${BUILD_DIR:-build}/apps
model=${DEMO_MODEL:-demo.wv}

echo
echo "== Training on data/demo-corpus.txt =="
"$bin/wv-train" -i data/demo-corpus.txt -o "$model" --dim 100 --epochs 5

for word in cat paris; do
  echo
  echo "== wv-query $model neighbours $word =="
  "$bin/wv-query" "$model" neighbours "$word" -k 5
done
for q in "king - man + woman" "paris - france + italy" "cats - cat + dog"; do
  echo
  echo "== wv-query $model \"$q\" =="
  "$bin/wv-query" "$model" "$q" -k 3
done
echo
echo "== wv-query $model eval-analogy data/demo-questions.txt =="
"$bin/wv-query" "$model" eval-analogy data/demo-questions.txt

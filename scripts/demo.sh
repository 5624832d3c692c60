#!/usr/bin/env bash
# Installs what is missing, builds, trains on 70 MB of Wikipedia text shipped
# in data/ (read straight from its .xz) and asks the model a few questions:
# neighbours, analogies and, when the shared test set is beside the project,
# the Google analogy accuracy. About half a minute on 2 idle cores after the
# build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bin=${BUILD_DIR:-build}/apps
model=${DEMO_MODEL:-demo.wv}
corpus=data/wiki70m.txt.xz
questions=../shared/data/questions-words.txt

echo
echo "== Training on $corpus (Wikipedia, 11.9 million words; see data/README.md) =="
"$bin/wv-train" -i "$corpus" -o "$model"

for word in cat paris; do
  echo
  echo "== wv-query $model neighbours $word =="
  "$bin/wv-query" "$model" neighbours "$word" -k 5
done
for q in "king - man + woman" "paris - france + italy"; do
  echo
  echo "== wv-query $model \"$q\" =="
  "$bin/wv-query" "$model" "$q" -k 3
done
echo
if [ -f "$questions" ]; then
  echo "== wv-query $model eval-analogy $questions --restrict 30000 =="
  "$bin/wv-query" "$model" eval-analogy "$questions" --restrict 30000
else
  # The test set is not ours to ship (the shared data's README asks not to
  # copy it into the repository), so without it this step is left out.
  echo "== Skipped the analogy accuracy: $questions is not here =="
fi

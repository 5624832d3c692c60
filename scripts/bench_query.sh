#!/usr/bin/env bash
# Times wv-query (opening a model, query latency, the Google analogy
# evaluation, word-pair evaluations) next to gensim and word2vec's
# compute-accuracy on the same vectors, checks that their answers agree, and
# prints a table.
#
#   scripts/bench_query.sh [MODEL.bin [MODEL.wv]]
#
# MODEL.bin is a word2vec binary file, MODEL.wv the same vectors as a wordvec
# model (optional). Without arguments a model is trained once with wv-train
# on ../shared/data/wiki100m.txt.xz (1 epoch, ~68k words x 100) into
# bench-work/query/. Needs a build (BUILD=build by default); gensim and scipy
# (apt-get install python3-gensim python3-scipy) and compute-accuracy (npm
# install --prefix peers word2vec, or COMPUTE_ACCURACY=path) are optional:
# their columns are left empty without them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
data=$root/../shared/data
work=$root/bench-work/query
mkdir -p "$work"

if [[ $# -ge 1 ]]; then
  model_bin=$1
  model_wv=${2:-}
else
  model_bin=$work/wiki100m.bin
  model_wv=$work/wiki100m.wv
  if [[ ! -f $model_bin || ! -f $model_wv ]]; then
    [[ -f $work/wiki100m.txt ]] || xz -dc "$data/wiki100m.txt.xz" > "$work/wiki100m.txt"
    "$build/apps/wv-train" -i "$work/wiki100m.txt" -o "$model_wv" --export-w2v "$model_bin" --epochs 1
  fi
fi

compute_accuracy=${COMPUTE_ACCURACY:-}
for candidate in "$(command -v compute-accuracy || true)" "$root/peers/node_modules/word2vec/src/compute-accuracy" \
                 "$root/../peers/node_modules/word2vec/src/compute-accuracy"; do
  [[ -z $compute_accuracy && -n $candidate && -x $candidate ]] && compute_accuracy=$candidate
done

python=python3
[[ -x /usr/bin/python3 ]] && python=/usr/bin/python3  # Debian's, where python3-gensim installs
exec "$python" "$root/scripts/bench_query.py" "$build/apps/wv-query" "$model_bin" ${model_wv:+"$model_wv"} \
  --data "$data" ${compute_accuracy:+--compute-accuracy "$compute_accuracy"}

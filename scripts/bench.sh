#!/usr/bin/env bash
# Trains wordvec, word2vec (C tool), fastText and gensim on the same corpus with
# the same settings and threads, evaluates every model with the same evaluator
# (wv-query), and prints one table. Usage:
#   scripts/bench.sh [--slice BYTES] [--epochs N] [--threads N] [--only LIST] [--workdir DIR]
# --slice 20000000 --epochs 1 gives a run of a few minutes for iterating;
# the defaults (the whole wiki100m corpus, 5 epochs, 2 threads) are the
# numbers in README.md. LIST is a comma list of: wordvec,wordvec-pair,wordvec-1t,word2vec,fasttext,gensim.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

slice=0 epochs=5 threads=2 only="wordvec,wordvec-pair,wordvec-1t,word2vec,fasttext,gensim" work="$root/bench-work"
while (($#)); do
  case $1 in
    --slice) slice=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --workdir) work=$2; shift 2 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
data="$root/../shared/data"
[ -f "$data/wiki100m.txt.xz" ] || { echo "bench: $data/wiki100m.txt.xz is missing" >&2; exit 1; }
wants() { [[ ",$only," == *",$1,"* ]]; }
mkdir -p "$work"
peers="${PEERS_DIR:-$root/../peers}"

# Peers, installed on first use (never committed).
need_apt=()
wants fasttext && ! command -v fasttext >/dev/null && need_apt+=(fasttext)
wants gensim && ! /usr/bin/python3 -c 'import gensim' 2>/dev/null && need_apt+=(python3-gensim)
command -v /usr/bin/time >/dev/null || need_apt+=(time)
if ((${#need_apt[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
w2v_bin="$peers/node_modules/word2vec/src"
if wants word2vec && [ ! -x "$w2v_bin/word2vec" ]; then
  npm install --prefix "$peers" word2vec >/dev/null 2>&1 || true
  # The package compiles the C tools on install; build them here if it did not.
  [ -x "$w2v_bin/word2vec" ] || gcc -O3 -march=native -funroll-loops -pthread "$w2v_bin/word2vec.c" -o "$w2v_bin/word2vec" -lm
fi

scripts/setup.sh >/dev/null

# The corpus, plus a copy cut into 1000-word lines for gensim (which silently
# truncates longer lines to 10000 words).
corpus="$work/corpus-$slice.txt"
if [ ! -s "$corpus" ]; then
  if ((slice > 0)); then xz -dc "$data/wiki100m.txt.xz" | head -c "$slice" > "$corpus"
  else xz -dc "$data/wiki100m.txt.xz" > "$corpus"; fi
fi
if wants gensim && [ ! -s "$corpus.lines" ]; then
  tr -s ' ' '\n' < "$corpus" | paste -d ' ' $(printf -- '- %.0s' $(seq 1000)) > "$corpus.lines"
fi
words=$(wc -w < "$corpus")
total_words=$((words * epochs))
echo "bench: $words corpus words x $epochs epochs, $threads threads, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))" >&2

# timed NAME CMD...: runs CMD, records wall seconds and peak RSS (KB) in $work/NAME.time.
timed() {
  local name=$1; shift
  echo "bench: training $name" >&2
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 || {
    echo "bench: $name failed, see $work/$name.log" >&2; return 1; }
}

common=(--dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$epochs" --lr 0.025)
declare -A vectors formats
if wants wordvec; then
  timed wordvec build/apps/wv-train -i "$corpus" -o "$work/wordvec.wv" "${common[@]}" --threads "$threads" --quiet
  vectors[wordvec]="$work/wordvec.wv" formats[wordvec]=wv
fi
if wants wordvec-pair; then
  timed wordvec-pair build/apps/wv-train -i "$corpus" -o "$work/wordvec-pair.wv" "${common[@]}" --threads "$threads" --mode pair --quiet
  vectors[wordvec-pair]="$work/wordvec-pair.wv" formats[wordvec-pair]=wv
fi
if wants wordvec-1t; then
  timed wordvec-1t build/apps/wv-train -i "$corpus" -o "$work/wordvec-1t.wv" "${common[@]}" --threads 1 --quiet
  vectors[wordvec-1t]="$work/wordvec-1t.wv" formats[wordvec-1t]=wv
fi
if wants word2vec; then
  timed word2vec "$w2v_bin/word2vec" -train "$corpus" -output "$work/word2vec.bin" -binary 1 -cbow 0 -hs 0 -size 100 \
    -window 5 -negative 5 -sample 1e-4 -min-count 5 -iter "$epochs" -alpha 0.025 -threads "$threads"
  vectors[word2vec]="$work/word2vec.bin" formats[word2vec]=w2v-bin
fi
if wants fasttext; then
  timed fasttext fasttext skipgram -input "$corpus" -output "$work/fasttext" -dim 100 -ws 5 -neg 5 -t 1e-4 -minCount 5 \
    -epoch "$epochs" -lr 0.025 -thread "$threads" -minn 0 -maxn 0 -verbose 0
  vectors[fasttext]="$work/fasttext.vec" formats[fasttext]=w2v-text
fi
if wants gensim; then
  timed gensim /usr/bin/python3 -c "
import sys
from gensim.models import Word2Vec
m = Word2Vec(corpus_file=sys.argv[1], sg=1, hs=0, vector_size=100, window=5, negative=5, sample=1e-4,
             min_count=5, epochs=int(sys.argv[2]), alpha=0.025, workers=int(sys.argv[3]))
m.wv.save_word2vec_format(sys.argv[4], binary=True)" "$corpus.lines" "$epochs" "$threads" "$work/gensim.bin"
  vectors[gensim]="$work/gensim.bin" formats[gensim]=w2v-bin
fi

# One evaluator for every model.
query=build/apps/wv-query
field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.readline())$1)"; }
ours_seconds=$(cut -d' ' -f1 "$work/wordvec.time" 2>/dev/null || echo "")
printf '\n| %-13s | %8s | %10s | %16s | %9s | %9s | %6s | %6s |\n' trainer "wall s" "words/s" "wordvec speed-up" "peak RSS" "analogy" WS353 MEN
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' --------------- ---------- ------------ ------------------ ----------- ----------- -------- --------
for name in wordvec wordvec-1t wordvec-pair word2vec fasttext gensim; do
  [ -n "${vectors[$name]:-}" ] || continue
  read -r seconds rss_kb < "$work/$name.time"
  model=(--format "${formats[$name]}" "${vectors[$name]}")
  analogy=$("$query" "${model[@]}" eval-analogy "$data/questions-words.txt" --restrict 30000 --json | field "['accuracy']")
  ws=$("$query" "${model[@]}" eval-similarity "$data/ws353.txt" --json | field "['spearman']")
  men=$("$query" "${model[@]}" eval-similarity "$data/men3k.txt" --json | field "['spearman']")
  ratio="-"
  [ -n "$ours_seconds" ] && ratio=$(awk -v a="$seconds" -v b="$ours_seconds" 'BEGIN{printf "%.2fx", a/b}')
  printf '| %-13s | %8.1f | %10.0f | %16s | %6.0f MB | %8.2f%% | %6.3f | %6.3f |\n' "$name" "$seconds" \
    "$(awk -v w="$total_words" -v s="$seconds" 'BEGIN{print w/s}')" "$ratio" "$((rss_kb / 1024))" "$analogy" "$ws" "$men"
done

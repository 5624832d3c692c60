#!/usr/bin/env bash
# Trains wordvec, word2vec (C tool), fastText and gensim on the same corpus with
# the same settings and threads, evaluates every model with the same evaluator
# (wv-query), and prints one table. Usage:
#   scripts/bench.sh [--slice BYTES] [--epochs N] [--threads N] [--only LIST] [--workdir DIR]
# --slice 20000000 --epochs 1 gives a run of a few minutes for iterating;
# the defaults (the whole wiki100m corpus, 5 epochs, 2 threads) are the
# numbers in README.md. LIST is a comma list of: wordvec,wordvec-pair,wordvec-1t,word2vec,fasttext,gensim
# (the default), and, only when named:
#   wordvec-xz   wordvec trained straight from the .xz (decoding included), a row of the table;
#   wordvec-mem  peak memory on the corpus and on the corpus 10 times over (-i given it 10 times),
#                1 epoch each: it must not grow with the corpus (a few minutes).
#   wordvec-mpi2, wordvec-mpi4  the same training in 2 and 4 MPI processes of 1 thread
#                (4 oversubscribes 2 cores); --mpi runs them beside wordvec (1 process of
#                --threads 2) and prints how long merging the models took.
# Every wordvec row also gets a line saying how its time split between the first pass
# (reading, decoding, counting, spooling), finishing the spool and training.
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
    --mpi) only="wordvec,wordvec-mpi2,wordvec-mpi4"; shift ;;
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
# wordvec's log (not --quiet) says how its time split; the training progress lines are left out.
wordvec_run() {
  local name=$1; shift
  timed "$name" build/apps/wv-train "$@" -o "$work/$name.wv" --tmp-dir "$work"
  vectors[$name]="$work/$name.wv" formats[$name]=wv
}
if wants wordvec; then wordvec_run wordvec -i "$corpus" "${common[@]}" --threads "$threads"; fi
if wants wordvec-xz; then
  packed="$data/wiki100m.txt.xz"
  if ((slice > 0)); then
    packed="$corpus.xz"
    [ -s "$packed" ] || xz -T2 -6 -c "$corpus" > "$packed"
  fi
  wordvec_run wordvec-xz -i "$packed" "${common[@]}" --threads "$threads"
fi
if wants wordvec-pair; then wordvec_run wordvec-pair -i "$corpus" "${common[@]}" --threads "$threads" --mode pair; fi
if wants wordvec-1t; then wordvec_run wordvec-1t -i "$corpus" "${common[@]}" --threads 1; fi
mpi_run() {
  local n=$1 root=(); ((EUID == 0)) && root=(--allow-run-as-root)
  # A failed run (4 processes can diverge: docs/scaling.md) leaves its row out, not the table.
  timed "wordvec-mpi$n" mpirun -q -np "$n" --oversubscribe --bind-to none "${root[@]}" build/apps/wv-train -i "$corpus" \
    "${common[@]}" --threads 1 -o "$work/wordvec-mpi$n.wv" --tmp-dir "$work" || return 0
  vectors[wordvec-mpi$n]="$work/wordvec-mpi$n.wv" formats[wordvec-mpi$n]=wv
}
if wants wordvec-mpi2; then mpi_run 2; fi
if wants wordvec-mpi4; then mpi_run 4; fi
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
for name in wordvec wordvec-xz wordvec-1t wordvec-pair wordvec-mpi2 wordvec-mpi4 word2vec fasttext gensim; do
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

# How each wordvec run's time split, from its log.
split_line() {
  local log=$1
  /usr/bin/python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
read = re.search(r"once in ([0-9.]+) s .*?; ([0-9.]+) s of it waiting for input", text)
finish = re.search(r"finished in ([0-9.]+) s", text)
spool = re.search(r"Spool: ([0-9.]+ [kMG]?B)", text)
train = re.search(r"Trained on [0-9]+ words in ([0-9.]+) s", text)
if read and finish and train:
    print(f"first pass {read.group(1)} s (of it {read.group(2)} s waiting for decoding), "
          f"spool finish {finish.group(1)} s, training {train.group(1)} s; spool {spool.group(1)}")
PY
}
printed_split=0
for name in wordvec wordvec-xz wordvec-1t wordvec-pair; do
  [ -n "${vectors[$name]:-}" ] || continue
  ((printed_split)) || { echo; echo "Where wordvec's time went:"; printed_split=1; }
  echo "  $name: $(split_line "$work/$name.log")"
done
# Under MPI the training time includes the rounds of merging, done on a thread
# of each process beside its training thread.
for name in wordvec-mpi2 wordvec-mpi4; do
  [ -n "${vectors[$name]:-}" ] || continue
  echo "  $name: $(/usr/bin/python3 - "$work/$name.log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
train = re.search(r"Trained on [0-9]+ words in ([0-9.]+) s", text)
merged = re.search(r"Merged the models ([0-9]+) times: [0-9,]+ rows, ([0-9.]+ [kMG]?B) from each process, in ([0-9.]+) s", text)
if train and merged:
    t, m = float(train.group(1)), float(merged.group(3))
    print(f"training {t} s, of it merging {m} s on the merging thread ({m / t:.1%}) in {merged.group(1)} rounds, "
          f"{merged.group(2)} sent by each process")
PY
)"
done

# Peak memory must not grow with the corpus: the same corpus once and 10 times
# over. Every count is then 10 times as high, so --min-count 50 keeps exactly the
# words that --min-count 5 keeps once: the same vocabulary and model.
if wants wordvec-mem; then
  mem=(--dim 100 --epochs 1 --threads "$threads")
  timed mem-1x build/apps/wv-train -i "$corpus" -o "$work/mem-1x.wv" --tmp-dir "$work" "${mem[@]}" --min-count 5
  tenfold=()
  for _ in $(seq 10); do tenfold+=(-i "$corpus"); done
  timed mem-10x build/apps/wv-train "${tenfold[@]}" -o "$work/mem-10x.wv" --tmp-dir "$work" "${mem[@]}" --min-count 50
  echo
  echo "Peak memory, 1 epoch, $threads threads, the same vocabulary ($(build/apps/wv-query "$work/mem-1x.wv" info --json | field "['words']") and $(build/apps/wv-query "$work/mem-10x.wv" info --json | field "['words']") words):"
  for name in mem-1x mem-10x; do
    read -r seconds rss_kb < "$work/$name.time"
    printf '  %-7s %6.1f s  %5d MB peak RSS  (%s)\n' "$name" "$seconds" "$((rss_kb / 1024))" "$(split_line "$work/$name.log")"
  done
fi

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
#   continued    continued training (--init): the corpus cut in two halves by words, a model of
#                half 1 continued on half 2 (averaged with half 1, the default; also at twice the
#                lr, and not averaged: --init-weight 0), against the whole corpus (reuses the
#                wordvec row's model when that ran too); a table of its own at the end (a few minutes).
#   phrases      word2phrase x2 + word2vec against wv-phrases + wv-train (demo-phrases.sh settings).
#   cbow, hs, cbow-hs  CBOW with negative sampling, skip-gram with hierarchical softmax, CBOW with
#                hierarchical softmax: ours and word2vec (-cbow 1 / -hs 1 -negative 0) side by side,
#                two rows each, the speed-up against our row of the same kind (word2vec's skip-gram
#                with hs takes several minutes on wiki100m).
#   subwords     wordvec and fastText with fastText's subwords (minn 3, maxn 6, 2M buckets), same
#                settings, side by side: a table of its own with Stanford Rare Words (all pairs,
#                unseen words through subwords) beside the analogies and WS353. fastText takes
#                most of an hour on the whole corpus.
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
(wants fasttext || wants subwords) && ! command -v fasttext >/dev/null && need_apt+=(fasttext)
wants gensim && ! /usr/bin/python3 -c 'import gensim' 2>/dev/null && need_apt+=(python3-gensim)
command -v /usr/bin/time >/dev/null || need_apt+=(time)
if ((${#need_apt[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
w2v_bin="$peers/node_modules/word2vec/src"
if { wants word2vec || wants cbow || wants hs || wants cbow-hs; } && [ ! -x "$w2v_bin/word2vec" ]; then
  npm install --prefix "$peers" word2vec >/dev/null 2>&1 || true
  # The package compiles the C tools on install; build them here if it did not.
  [ -x "$w2v_bin/word2vec" ] || gcc -O3 -march=native -funroll-loops -pthread "$w2v_bin/word2vec.c" -o "$w2v_bin/word2vec" -lm
fi

scripts/setup.sh >/dev/null

# The corpus, plus a copy cut into 1000-word lines for gensim (which silently
# truncates longer lines to 10000 words).
corpus="$work/corpus-$slice.txt"
if [ ! -s "$corpus" ]; then
  # head closing the pipe ends xz with SIGPIPE, which pipefail would make fatal.
  if ((slice > 0)); then { xz -dc "$data/wiki100m.txt.xz" || true; } | head -c "$slice" > "$corpus"
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
# CBOW and hierarchical softmax, ours and word2vec's with the same settings
# (CBOW at word2vec's lr for it, 0.05; hs without negatives).
variant_settings=(-size 100 -window 5 -sample 1e-4 -min-count 5 -iter "$epochs" -threads "$threads")
declare -A family
variant() {
  local kind=$1 ours=$2 theirs=$3
  wants "$kind" || return 0
  family[wordvec-$kind]=wordvec-$kind family[word2vec-$kind]=wordvec-$kind
  # shellcheck disable=SC2086 # the flag lists are split on purpose
  wordvec_run "wordvec-$kind" -i "$corpus" --dim 100 --window 5 --sample 1e-4 --min-count 5 --epochs "$epochs" \
    --threads "$threads" $ours
  # shellcheck disable=SC2086
  timed "word2vec-$kind" "$w2v_bin/word2vec" -train "$corpus" -output "$work/word2vec-$kind.bin" -binary 1 \
    "${variant_settings[@]}" $theirs
  vectors[word2vec-$kind]="$work/word2vec-$kind.bin" formats[word2vec-$kind]=w2v-bin
}
variant cbow "--model cbow --lr 0.05 --negative 5" "-cbow 1 -hs 0 -negative 5 -alpha 0.05"
variant hs "--loss hs --lr 0.025" "-cbow 0 -hs 1 -negative 0 -alpha 0.025"
variant cbow-hs "--model cbow --loss hs --lr 0.05" "-cbow 1 -hs 1 -negative 0 -alpha 0.05"
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
for name in wordvec wordvec-xz wordvec-1t wordvec-pair wordvec-mpi2 wordvec-mpi4 word2vec fasttext gensim wordvec-cbow word2vec-cbow wordvec-hs \
  word2vec-hs wordvec-cbow-hs word2vec-cbow-hs; do
  [ -n "${vectors[$name]:-}" ] || continue
  read -r seconds rss_kb < "$work/$name.time"
  model=(--format "${formats[$name]}" "${vectors[$name]}")
  analogy=$("$query" "${model[@]}" eval-analogy "$data/questions-words.txt" --restrict 30000 --json | field "['accuracy']")
  ws=$("$query" "${model[@]}" eval-similarity "$data/ws353.txt" --json | field "['spearman']")
  men=$("$query" "${model[@]}" eval-similarity "$data/men3k.txt" --json | field "['spearman']")
  ratio="-"
  # A CBOW or hs row is compared with our row of the same kind.
  [ -n "${family[$name]:-}" ] && ours_seconds=$(cut -d' ' -f1 "$work/${family[$name]}.time")
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
for name in wordvec wordvec-xz wordvec-1t wordvec-pair wordvec-cbow wordvec-hs wordvec-cbow-hs; do
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

# Phrases (only when named): word2vec's demo-phrases.sh pipeline against ours on the
# same corpus: word2phrase -threshold 200 then -threshold 100 (min-count 5), then
# word2vec; wv-phrases --threshold 200,100, then wv-train. Training uses the common
# settings above. Prints each step's time, the phrase tokens and types each
# pipeline wrote, how many tokens of the two phrased texts differ, and the
# analogy accuracy of both models.
if wants phrases; then
  [ -x "$w2v_bin/word2phrase" ] || gcc -O3 -march=native -funroll-loops -pthread "$w2v_bin/word2phrase.c" -o "$w2v_bin/word2phrase" -lm
  [ -x "$w2v_bin/word2vec" ] || gcc -O3 -march=native -funroll-loops -pthread "$w2v_bin/word2vec.c" -o "$w2v_bin/word2vec" -lm
  timed word2phrase-1 "$w2v_bin/word2phrase" -train "$corpus" -output "$work/word2phrase-1.txt" -threshold 200 -min-count 5 -debug 0
  timed word2phrase-2 "$w2v_bin/word2phrase" -train "$work/word2phrase-1.txt" -output "$work/word2phrase-2.txt" -threshold 100 -min-count 5 -debug 0
  timed wv-phrases build/apps/wv-phrases -i "$corpus" -o "$work/wv-phrases.txt" --threshold 200,100 --min-count 5 \
    --threads "$threads" --tmp-dir "$work"
  # The same with one thread, for what the second thread buys (counting pairs).
  timed wv-phrases-1t build/apps/wv-phrases -i "$corpus" -o "$work/wv-phrases-1t.txt" --threshold 200,100 --min-count 5 \
    --threads 1 --tmp-dir "$work"
  timed word2vec-phrases "$w2v_bin/word2vec" -train "$work/word2phrase-2.txt" -output "$work/word2vec-phrases.bin" -binary 1 \
    -cbow 0 -hs 0 -size 100 -window 5 -negative 5 -sample 1e-4 -min-count 5 -iter "$epochs" -alpha 0.025 -threads "$threads"
  timed wv-train-phrases build/apps/wv-train -i "$work/wv-phrases.txt" -o "$work/wv-train-phrases.wv" --tmp-dir "$work" \
    "${common[@]}" --threads "$threads"
  tokens_of() { tr -s ' \n' '\n\n' < "$1" | grep -v '^$'; }
  secs() { cut -d' ' -f1 "$work/$1.time"; }
  echo
  echo "Phrases ($words words; thresholds 200 then 100, min-count 5; $threads threads):"
  printf '| %-27s | %8s | %8s | %13s | %12s | %10s | %8s |\n' pipeline "phrase s" "train s" "phrase tokens" "phrase types" "tokens" analogy
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' ----------------------------- ---------- ---------- --------------- -------------- ------------ ----------
  for row in "word2phrase x2 + word2vec|word2phrase-2.txt|word2vec-phrases|w2v-bin|word2vec-phrases.bin|$(awk -v a="$(secs word2phrase-1)" -v b="$(secs word2phrase-2)" 'BEGIN{print a+b}')" \
             "wv-phrases + wv-train|wv-phrases.txt|wv-train-phrases|wv|wv-train-phrases.wv|$(secs wv-phrases)"; do
    IFS='|' read -r name text train format model phrase_s <<< "$row"
    tokens_of "$work/$text" | grep _ > "$work/$text.phrases"
    analogy=$(build/apps/wv-query --format "$format" "$work/$model" eval-analogy "$data/questions-words.txt" --restrict 30000 --json | field "['accuracy']")
    printf '| %-27s | %8.1f | %8.1f | %13d | %12d | %10d | %7.2f%% |\n' "$name" "$phrase_s" "$(secs "$train")" \
      "$(wc -l < "$work/$text.phrases")" "$(sort -u "$work/$text.phrases" | wc -l)" "$(tokens_of "$work/$text" | wc -l)" "$analogy"
  done
  differing=$(diff <(tokens_of "$work/word2phrase-2.txt") <(tokens_of "$work/wv-phrases.txt") | grep -c '^[<>]' || true)
  echo "Tokens in only one of the two phrased texts (diff of the token streams): $differing"
  echo "wv-phrases' time is $(awk -v a="$(secs wv-phrases)" -v b="$(secs word2phrase-1)" -v c="$(secs word2phrase-2)" 'BEGIN{printf "%.3f", a/(b+c)}') of word2phrase's; its log:"
  sed 's/^/  /' "$work/wv-phrases.log"
  echo "With --threads 1 ($(secs wv-phrases-1t) s; the same text: $(cmp -s "$work/wv-phrases.txt" "$work/wv-phrases-1t.txt" && echo yes || echo NO)):"
  sed 's/^/  /' "$work/wv-phrases-1t.log"
fi

# Continued training: half 1 for $epochs epochs, then --init on half 2 (its settings
# inherited, a fresh lr schedule), against $epochs epochs on the whole corpus.
if wants continued; then
  half1="$corpus.half1" half2="$corpus.half2"
  if [ ! -s "$half2" ]; then
    tr -s ' \n' '\n\n' < "$corpus" |
      awk -v n=$((words / 2)) -v a="$half1" -v b="$half2" 'NF { printf "%s ", $0 > (++i <= n ? a : b) }'
  fi
  wordvec_run half-1 -i "$half1" "${common[@]}" --threads "$threads"
  wordvec_run continued -i "$half2" --init "$work/half-1.wv" --threads "$threads"
  wordvec_run continued-plain -i "$half2" --init "$work/half-1.wv" --threads "$threads" --init-weight 0
  wordvec_run continued-lr2 -i "$half2" --init "$work/half-1.wv" --threads "$threads" --lr 0.05
  [ -n "${vectors[wordvec]:-}" ] || wordvec_run wordvec -i "$corpus" "${common[@]}" --threads "$threads"
  echo
  echo "Continued training, $epochs epochs a run, $threads threads ($(wc -w < "$half1") + $(wc -w < "$half2") words):"
  printf '| %-32s | %7s | %9s | %6s | %6s |\n' model "wall s" analogy WS353 MEN
  printf '|%s|%s|%s|%s|%s|\n' ---------------------------------- --------- ----------- -------- --------
  for name in half-1 continued-plain continued continued-lr2 wordvec; do
    read -r seconds _ < "$work/$name.time"
    label=$name
    [ "$name" = continued-plain ] && label="continued, not averaged"
    [ "$name" = continued ] && label="continued, averaged"
    [ "$name" = continued-lr2 ] && label="continued, averaged, --lr 0.05"
    [[ $name == continued* ]] && seconds=$(awk -v a="$seconds" -v b="$(cut -d' ' -f1 "$work/half-1.time")" 'BEGIN{print a+b}')
    [ "$name" = wordvec ] && label="whole corpus"
    analogy=$("$query" "$work/$name.wv" eval-analogy "$data/questions-words.txt" --restrict 30000 --json | field "['accuracy']")
    ws=$("$query" "$work/$name.wv" eval-similarity "$data/ws353.txt" --json | field "['spearman']")
    men=$("$query" "$work/$name.wv" eval-similarity "$data/men3k.txt" --json | field "['spearman']")
    printf '| %-32s | %7.1f | %8.2f%% | %6.3f | %6.3f |\n' "$label" "$seconds" "$analogy" "$ws" "$men"
  done
fi

# Subwords: the same settings plus fastText's character n-grams, in one run. Analogies and
# WS353 are read from the word vectors (our composed export, fastText's .vec); rw.txt from the
# models themselves (our .wv, fastText's .bin), so that words outside the vocabulary are
# answered through their n-grams: that needs a wv-query that reads fastText .bin files and
# composes subword vectors, and says n/a without one.
if wants subwords; then
  sub=(--minn 3 --maxn 6 --bucket 2000000)
  timed wordvec-sub build/apps/wv-train -i "$corpus" "${common[@]}" --threads "$threads" "${sub[@]}" \
    -o "$work/wordvec-sub.wv" --export-w2v "$work/wordvec-sub.bin" --tmp-dir "$work"
  timed fasttext-sub fasttext skipgram -input "$corpus" -output "$work/fasttext-sub" -dim 100 -ws 5 -neg 5 -t 1e-4 \
    -minCount 5 -epoch "$epochs" -lr 0.025 -thread "$threads" -minn 3 -maxn 6 -bucket 2000000 -verbose 0
  sub_seconds=$(cut -d' ' -f1 "$work/wordvec-sub.time")
  echo
  echo "Subwords (minn 3, maxn 6, 2M buckets):"
  printf '\n| %-13s | %8s | %16s | %9s | %9s | %6s | %-22s |\n' trainer "wall s" "wordvec speed-up" "peak RSS" analogy WS353 "RW (pairs used)"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' --------------- ---------- ------------------ ----------- ----------- -------- ------------------------
  # Both models' RW only from a wv-query that reads fastText's .bin (and so composes subwords).
  rw_ok=0
  "$query" "$work/fasttext-sub.bin" info >/dev/null 2>&1 && rw_ok=1
  for row in "wordvec-sub w2v-bin $work/wordvec-sub.bin $work/wordvec-sub.wv" \
             "fasttext-sub w2v-text $work/fasttext-sub.vec $work/fasttext-sub.bin"; do
    read -r sub_name sub_format sub_vectors sub_model <<< "$row"
    read -r seconds rss_kb < "$work/$sub_name.time"
    analogy=$("$query" --format "$sub_format" "$sub_vectors" eval-analogy "$data/questions-words.txt" --restrict 30000 --json |
              field "['accuracy']")
    ws=$("$query" --format "$sub_format" "$sub_vectors" eval-similarity "$data/ws353.txt" --json | field "['spearman']")
    rw="n/a"
    if ((rw_ok)); then
      rw=$("$query" "$sub_model" eval-similarity "$data/rw.txt" --json |
           /usr/bin/python3 -c "import json,sys; r=json.load(sys.stdin); print('%.3f (%d of %d)' % (r['spearman'], r['used'], r['pairs']))")
    fi
    printf '| %-13s | %8.1f | %16s | %6.0f MB | %8.2f%% | %6.3f | %-22s |\n' "$sub_name" "$seconds" \
      "$(awk -v a="$seconds" -v b="$sub_seconds" 'BEGIN{printf "%.2fx", a/b}')" "$((rss_kb / 1024))" "$analogy" "$ws" "$rw"
  done
fi

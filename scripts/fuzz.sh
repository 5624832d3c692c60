#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-14 in build-fuzz and runs
# each for a bounded time, starting from the seed inputs in fuzz/corpus/<target>/.
#
#   scripts/fuzz.sh [SECONDS]     default 30 s per target
#   FUZZ_TARGETS="tokenizer model_file" scripts/fuzz.sh 10    only these
#
# New inputs the fuzzer finds go to build-fuzz/corpus/<target>/ (not to the
# committed seeds). A crash or invariant failure fails the script and leaves
# the input as build-fuzz/artifacts/<target>/crash-*; replay it with
#   build-fuzz/fuzz/fuzz_<target> build-fuzz/artifacts/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}

source scripts/lib/apt.sh
apt_install_missing clang-14 libclang-rt-14-dev libomp-14-dev cmake make pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev \
  zlib1g-dev liblzma-dev libzstd-dev libbz2-dev

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWORDVEC_FUZZ=ON -DWORDVEC_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target fuzz_all -j "$(nproc)"

targets=${FUZZ_TARGETS:-$(cd "$build_dir/fuzz" && ls fuzz_* 2>/dev/null | grep -v '\.' | sed 's/^fuzz_//')}
# One thread per parser is plenty; leaks fail the run like any ASan report.
export OMP_NUM_THREADS=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for t in $targets; do
  # The artifacts' path is absolute: the command-line targets run each input
  # in a sandbox directory, which is current when a crash writes its input.
  work="$build_dir/corpus/$t" artifacts=$(realpath -m "$build_dir/artifacts/$t")
  mkdir -p "$work" "$artifacts"
  start=$SECONDS
  # -rss_limit_mb/-malloc_limit_mb: an input that makes a reader allocate
  # more than 1 GB is reported as a bug (a tiny file must not cost gigabytes).
  if "$build_dir/fuzz/fuzz_$t" "$work" "fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$build_dir/fuzz-$t.log" 2>&1; then
    echo "fuzz: $t: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build_dir/fuzz-$t.log" | grep -o '[0-9]*$') runs in $((SECONDS - start)) s)"
  else
    status=1
    echo "fuzz: $t: FAILED; the input is in $artifacts/, the log in $build_dir/fuzz-$t.log:"
    grep -E 'ERROR|invariant failed|SUMMARY|Test unit written|#[0-9]+ 0x' "$build_dir/fuzz-$t.log" | head -30
  fi
done
exit $status

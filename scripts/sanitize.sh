#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (and
# LeakSanitizer) in build-sanitize and runs the whole test suite there. The
# apps that the tests run inherit the options below, so a report in wv-train
# or wv-query fails the test that ran it, as one in the test binary does.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${SANITIZE_BUILD_DIR:-build-sanitize}

# Packages: the same as scripts/setup.sh (which also does a normal build).
for p in g++ cmake make pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev catch2 \
    zlib1g-dev liblzma-dev libzstd-dev libbz2-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    scripts/setup.sh
    break
  fi
done

# Without MPI (the [mpi] tests skip): Open MPI's allocations that outlive
# MPI_Finalize would count as leaks in every rank; src/cluster is tested by
# scripts/test.sh.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWORDVEC_SANITIZE=ON -DWORDVEC_TESTS=ON -DWORDVEC_MPI=OFF >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

# Any report aborts the process (SIGABRT, so a test that expects an app's
# ordinary exit status 1 cannot mistake a sanitizer exit for it); leaks count.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
# libgomp's thread pool and the kernels' target_clones (ifunc) dispatch run
# clean under these options; a leak suppression file would go here if a
# system library ever needed one.
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"

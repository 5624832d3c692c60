#!/usr/bin/env bash
# Installs what wordvec needs to build and test (Debian/Ubuntu), then builds it.
# Safe to run again: packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/apt.sh
apt_install_missing g++ cmake make pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev catch2 xz-utils \
  zlib1g-dev liblzma-dev libzstd-dev libbz2-dev librsvg2-bin libopenmpi-dev openmpi-bin
apt_install_missing fasttext  # tests/test_fasttext_import.cpp checks wv-query against fastText's own tool

build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

#!/usr/bin/env bash
# Downloads text8 (the first 10^8 bytes of English Wikipedia, normalised) for
# training on a real corpus. Needs internet access. Usage: scripts/download_text8.sh [DIR]
set -euo pipefail
dir=${1:-corpora}
mkdir -p "$dir"
if [ ! -s "$dir/text8" ]; then
  curl -fL --retry 3 -o "$dir/text8.zip" http://mattmahoney.net/dc/text8.zip
  (cd "$dir" && unzip -o -q text8.zip && rm text8.zip)
fi
echo "text8 is at $dir/text8; train with: build/apps/wv-train -i $dir/text8 -o text8.wv"

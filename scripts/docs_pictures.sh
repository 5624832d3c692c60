#!/usr/bin/env bash
# Draws the pictures of README "Seeing the space" from a wordvec model with
# context vectors:
#   scripts/docs_pictures.sh MODEL [OUTDIR]      (OUTDIR: docs)
# docs/ holds what this drew from a model trained on wiki100m; the tests run
# it on a small model of the words below and compare the pictures' structure
# with docs/.
set -euo pipefail
model=$1
out=${2:-docs}
q=${WV_QUERY:-build/apps/wv-query}

SIZE="tiny minuscule microscopic : huge enormous gigantic"
ANIMACY="object thing machine : animal creature alive"
DANGER="safe harmless gentle : dangerous deadly aggressive"
ANIMALS="cat dog hamster mouse shark whale snake spider lion wolf rabbit horse sheep crocodile tiger bear"
SENTENCE="the cat sat on the mat because it was tired"
# Every word used above (the tests build their small model from this line).
WORDS="tiny minuscule microscopic huge enormous gigantic object thing machine animal creature alive safe harmless gentle dangerous deadly aggressive cat dog hamster mouse shark whale snake spider lion wolf rabbit horse sheep crocodile tiger bear tractor car the sat on mat because it was tired"

$q "$model" map --x "$SIZE" --y "$ANIMACY" \
  --group "animals: cat dog hamster mouse shark whale" --group "machines: tractor car" -o "$out/map-animals.svg"
# shellcheck disable=SC2086 # the animals are separate arguments
$q "$model" axis "$SIZE" $ANIMALS -o "$out/axis-size.svg"
# shellcheck disable=SC2086
$q "$model" axis "$DANGER" $ANIMALS -o "$out/axis-danger.svg"
$q "$model" attend "$SENTENCE" -o "$out/attention-cat.svg"

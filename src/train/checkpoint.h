#pragma once
// Owns: checkpoints: a model file that also holds the context vectors and the state to resume from.
#include <optional>
#include <string>

#include "model/model_file.h"
#include "text/vocabulary.h"
#include "train/train_options.h"
#include "train/train_state.h"
#include "train/trainer.h"

namespace wordvec {

// A checkpoint is a model file that also holds the context vectors and, under
// "checkpoint" in its settings, the TrainState to resume from.
void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer);

struct Checkpoint {
  Vocabulary vocab;
  TrainOptions train;
  TrainState state;
  ModelFile file;  // holds the weights that Trainer::restore copies
  std::optional<HuffmanTree> tree;  // hierarchical softmax's, if the file holds one (else rebuilt from the counts)
  const float* buckets = nullptr;  // in `file`: the n-gram rows, with subwords
};
// Throws Error unless the file is a checkpoint whose settings, state,
// words and Huffman tree (if any) are consistent.
Checkpoint load_checkpoint(const std::string& path);

}  // namespace wordvec

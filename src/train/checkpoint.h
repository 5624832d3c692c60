#pragma once
// Owns: checkpoints: a model file that also holds the context vectors and the state to resume from.
#include <optional>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "text/vocabulary.h"
#include "train/train_options.h"
#include "train/train_state.h"
#include "train/trainer.h"

namespace wordvec {

// A checkpoint is a model file that also holds the context vectors and, under
// "checkpoint" in its settings, the TrainState to resume from; `extra`
// settings (a continued run's average) go beside it. When several processes
// trained together (src/cluster), their weights are the same but each has
// its own state: `processes` holds them in rank order, under "processes"
// (the trainer's own state, rank 0's, stays under "checkpoint").
void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer,
                     const nlohmann::json& extra = nlohmann::json::object(),
                     const std::vector<TrainState>& processes = {});

struct Checkpoint {
  Vocabulary vocab;
  TrainOptions train;
  TrainState state;
  ModelFile file;  // holds the weights that Trainer::restore copies
  std::optional<HuffmanTree> tree;  // hierarchical softmax's, if the file holds one (else rebuilt from the counts)
  const float* buckets = nullptr;  // in `file`: the n-gram rows, with subwords
  std::vector<TrainState> processes;  // every process's state, by rank, if several made it; else empty
};
// Throws Error unless the file is a checkpoint whose settings, state,
// words and Huffman tree (if any) are consistent.
Checkpoint load_checkpoint(const std::string& path);

// Makes `c.state` process `rank`'s of the `processes` resuming it (1: no
// mpirun); throws Error unless as many processes made it.
void take_process_state(Checkpoint& c, const std::string& path, int rank, int processes);

}  // namespace wordvec

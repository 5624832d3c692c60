#include "train/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/error.h"
#include "train/huffman_tree.h"
#include "train/model_writer.h"
#include "train/update_kernels.h"

namespace wordvec {

void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer,
                     const nlohmann::json& extra, const std::vector<TrainState>& processes) {
  nlohmann::json about = extra;
  about["checkpoint"] = to_json(trainer.state());
  if (!processes.empty()) {
    about["processes"] = nlohmann::json::array();
    for (const TrainState& state : processes) about["processes"].push_back(to_json(state));
  }
  save_model(path, vocab, trainer, /*with_context=*/true, about);
}

void take_process_state(Checkpoint& c, const std::string& path, int rank, int processes) {
  const std::size_t made_by = std::max<std::size_t>(1, c.processes.size());
  if (made_by != static_cast<std::size_t>(processes))
    throw Error(fmt::format("checkpoint '{}' was made by {} process{}, not {}: resume it {}", path, made_by,
                            made_by == 1 ? "" : "es", processes,
                            made_by == 1 ? "without mpirun" : fmt::format("with mpirun -np {}", made_by)));
  if (!c.processes.empty()) c.state = c.processes[static_cast<std::size_t>(rank)];
}

Checkpoint load_checkpoint(const std::string& path) {
  ModelFile file = ModelFile::open(path);
  if (!file.settings().contains("checkpoint") || !file.context_vectors())
    throw Error(fmt::format("'{}' is a model, not a checkpoint (write one with --checkpoint)", path));
  TrainOptions train = settings_from_json(file.settings());
  try {
    validate(train);
  } catch (const Error& e) {
    throw Error(fmt::format("checkpoint '{}' is inconsistent: {}", path, e.what()));
  }
  Checkpoint c{Vocabulary{}, train, TrainState{}, std::move(file), std::nullopt, nullptr, {}};
  c.state = train_state_from_json(c.file.settings()["checkpoint"]);
  if (const auto processes = c.file.settings().find("processes"); processes != c.file.settings().end()) {
    if (!processes->is_array() || processes->size() < 2)
      throw Error(fmt::format("checkpoint '{}' is inconsistent: its processes' states", path));
    for (const nlohmann::json& state : *processes) c.processes.push_back(train_state_from_json(state));
  }
  for (const TrainState& state : c.processes)
    if (!is_consistent(state, c.train.epochs))
      throw Error(fmt::format("checkpoint '{}' is inconsistent: a process's training state", path));
  if (!is_consistent(c.state, c.train.epochs))
    throw Error(fmt::format("checkpoint '{}' is inconsistent: training state", path));
  if (c.train.dim != c.file.dim()) throw Error(fmt::format("checkpoint '{}' is inconsistent: dim", path));
  if (c.train.subwords.enabled()) c.buckets = c.file.matrix_section(kBucketSection, c.train.subwords.bucket, c.train.dim);
  for (std::size_t i = 0; i < c.file.vocab_size(); ++i) c.vocab.add(c.file.word(i), c.file.count(i));
  if (c.vocab.size() != c.file.vocab_size())
    throw Error(fmt::format("checkpoint '{}' is inconsistent: repeated words", path));
  if (const ModelFile::Section* tree = c.file.section(kHuffmanSection)) {
    if (c.train.loss != LossType::kHierarchicalSoftmax)
      throw Error(fmt::format("checkpoint '{}' is inconsistent: a Huffman tree without hierarchical softmax", path));
    try {
      c.tree = HuffmanTree::decode(tree->data, tree->size, c.vocab.size(), kMaxTargetRows);
    } catch (const Error& e) {
      throw Error(fmt::format("checkpoint '{}' is inconsistent: {}", path, e.what()));
    }
  }
  return c;
}

}  // namespace wordvec

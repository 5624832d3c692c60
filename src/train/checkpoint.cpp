#include "train/checkpoint.h"

#include <fmt/format.h>

#include "base/error.h"
#include "train/huffman_tree.h"
#include "train/model_writer.h"
#include "train/update_kernels.h"

namespace wordvec {

void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer) {
  save_model(path, vocab, trainer, /*with_context=*/true, {{"checkpoint", to_json(trainer.state())}});
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
  Checkpoint c{Vocabulary{}, train, TrainState{}, std::move(file), std::nullopt};
  c.state = train_state_from_json(c.file.settings()["checkpoint"]);
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

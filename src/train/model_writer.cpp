#include "train/model_writer.h"

#include "model/model_file.h"
#include "train/huffman_tree.h"
#include "train/train_options.h"

namespace wordvec {

void save_model(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool with_context,
                const nlohmann::json& extra_settings) {
  ModelContents contents;
  contents.words = &vocab.words();
  contents.counts = &vocab.counts();
  contents.input = trainer.input().view();
  if (with_context) contents.context = trainer.context().view();
  contents.settings = settings_to_json(trainer.options());
  contents.settings.update(extra_settings);
  // Hierarchical softmax's context rows are the tree's inner nodes: the
  // tree goes with them, for checkpoints and for training on from them.
  const HuffmanTree* tree = trainer.huffman_tree();
  if (with_context && tree)
    contents.sections.push_back({kHuffmanSection, {}, tree->encoded().data(), tree->encoded().size() * sizeof(std::uint32_t)});
  write_model(path, contents);
}

}  // namespace wordvec

#include "train/model_writer.h"

#include "model/model_file.h"
#include "train/huffman_tree.h"
#include "model/subword_vectors.h"
#include "model/word2vec_format.h"
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
  // The n-gram rows, under the name wv-query looks for; the input matrix
  // keeps each word's own row.
  if (trainer.options().subwords.enabled()) contents.sections.push_back({kBucketSection, trainer.buckets().view()});
  write_model(path, contents);
}

void export_vectors(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool binary) {
  if (!trainer.options().subwords.enabled()) {
    export_word2vec(path, vocab.words(), trainer.input().view(), binary);
    return;
  }
  const SubwordVectors composer(trainer.input().view(), trainer.buckets().view(), trainer.options().subwords);
  Matrix composed(vocab.size(), trainer.options().dim);
  for (std::size_t id = 0; id < vocab.size(); ++id) composer.word_vector(static_cast<WordId>(id), vocab.word(id), composed.row(id));
  export_word2vec(path, vocab.words(), composed.view(), binary);
}

}  // namespace wordvec

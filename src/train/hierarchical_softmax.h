#pragma once
// Owns: the hierarchical-softmax loss: a target word's Huffman path as target rows, labelled by its code.
#include "base/matrix.h"
#include "base/random.h"
#include "base/word_id.h"
#include "train/huffman_tree.h"
#include "train/update_kernels.h"

namespace wordvec {

// Hierarchical softmax (word2vec -hs 1): a word is predicted by the binary
// decisions on its path from the root of the Huffman tree, one logistic
// prediction per inner node. The targets are the context-matrix rows of the
// inner nodes (rows 0..V-2), with label 1 - code, as word2vec's
// g = (1 - code - f) * alpha has it. Frequent words have short paths, so
// the cost per word is about log2 of the vocabulary's perplexity (on a 5 MB
// slice of wiki100m, 12k words: 12.9 nodes per subsampled token, twice the 6
// targets of negative sampling, and skip-gram with hs trains at 0.55M words/s
// per thread against 0.97M with ns), while the nodes near the root, on every
// path, stay in cache. No random draws.
class HierarchicalSoftmax {
 public:
  // The tree's paths must fit kMaxTargetRows (HuffmanTree's max_depth).
  HierarchicalSoftmax(Matrix& context, const HuffmanTree& tree) : context_(&context), tree_(&tree) {}

  void targets(WordId word, Rng&, Targets& out) const {
    const int depth = tree_->depth(word);
    const std::uint32_t* points = tree_->points(word);
    const std::uint8_t* codes = tree_->codes(word);
    for (int d = 0; d < depth; ++d) {
      out.rows[d] = context_->row(points[d]);
      out.labels[d] = 1.0f - static_cast<float>(codes[d]);
    }
    out.count = depth;
    out.skip_beyond = kSkipBeyond;
  }

  // word2vec's hierarchical softmax trains no node whose score is past +-6
  // (its MAX_EXP): a decision already that sure, or that wrong, is left as
  // it is. Without this rule our analogies were 1.3 to 1.9 points behind
  // word2vec's on a 20 MB slice.
  static constexpr float kSkipBeyond = 6.0f;

 private:
  Matrix* context_;
  const HuffmanTree* tree_;
};

}  // namespace wordvec

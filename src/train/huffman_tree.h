#pragma once
// Owns: the Huffman tree over a vocabulary that hierarchical softmax walks: each word's path of inner nodes and code.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/word_id.h"

namespace wordvec {

// word2vec's binary Huffman tree (CreateBinaryTree) over the vocabulary's
// counts, which must be in descending order (Vocabulary's id order): the two
// lightest nodes are merged until one is left, a leaf winning a tie with an
// inner node never (word2vec's strict `<`), so the tree is a function of the
// counts alone. Its V - 1 inner nodes are numbered by creation, the root
// last (V - 2), and are the context-matrix rows hierarchical softmax scores
// against. A word's path runs from the root down to its leaf: the inner
// nodes passed and, at each, the branch taken (its code bit: 1 for the
// second of the two merged nodes).
inline constexpr char kHuffmanSection[] = "huffman";

class HuffmanTree {
 public:
  // Throws Error if a path is longer than `max_depth` (the kernels' target
  // arrays; it takes count ratios beyond any corpus to reach 64).
  HuffmanTree(const std::vector<std::uint64_t>& counts, int max_depth);

  // The tree as a model file stores it (section kHuffmanSection): for each
  // node below the root (leaves 0..V-1, then inner nodes in creation order),
  // one little-endian u32: its parent's inner-node number shifted left by
  // one, or'ed with its code bit (word2vec's parent_node and binary arrays).
  // Reads encoded()'s form for a vocabulary of `words` words; throws Error
  // saying what is wrong unless it is a binary tree over exactly those words
  // whose paths are at most `max_depth` long.
  static HuffmanTree decode(const void* bytes, std::size_t size, std::size_t words, int max_depth);

  const std::vector<std::uint32_t>& encoded() const { return encoded_; }
  std::size_t words() const { return offsets_.size() - 1; }
  int depth(WordId word) const { return static_cast<int>(offsets_[word + 1] - offsets_[word]); }
  // The inner nodes on the word's path, root first, and the code bit taken at each.
  const std::uint32_t* points(WordId word) const { return points_.data() + offsets_[word]; }
  const std::uint8_t* codes(WordId word) const { return codes_.data() + offsets_[word]; }

 private:
  // Checks the encoded form and lays out every word's path.
  HuffmanTree(std::vector<std::uint32_t> encoded, std::size_t words, int max_depth);

  std::vector<std::uint32_t> encoded_;
  std::vector<std::uint64_t> offsets_;  // word w's path is [offsets_[w], offsets_[w + 1])
  std::vector<std::uint32_t> points_;
  std::vector<std::uint8_t> codes_;
};

}  // namespace wordvec

#include "train/huffman_tree.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

namespace {

std::uint64_t saturating_sum(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<std::uint64_t>::max() : sum;
}

// word2vec's CreateBinaryTree: the leaves, lightest last, form one queue and
// the inner nodes, whose weights only grow, another; each step merges the
// lightest two fronts. Returns the encoded parent and code bit of each node.
std::vector<std::uint32_t> build_encoded(const std::vector<std::uint64_t>& counts) {
  const std::size_t words = counts.size();
  if (words < 2) return {};
  std::vector<std::uint64_t> weight(counts);
  weight.resize(2 * words - 1);
  std::vector<std::uint32_t> encoded(2 * words - 2);
  std::ptrdiff_t leaf = static_cast<std::ptrdiff_t>(words) - 1;  // the lightest leaf not yet merged
  std::size_t inner = words;                                     // the lightest inner node not yet merged
  for (std::size_t made = 0; made + 1 < words; ++made) {
    const std::size_t node = words + made;
    std::size_t pair[2];
    for (std::size_t& pick : pair) {
      // A tie goes to the inner node, as word2vec's strict `<` decides it.
      const bool take_leaf = leaf >= 0 && (inner == node || weight[static_cast<std::size_t>(leaf)] < weight[inner]);
      pick = take_leaf ? static_cast<std::size_t>(leaf--) : inner++;
    }
    weight[node] = saturating_sum(weight[pair[0]], weight[pair[1]]);
    encoded[pair[0]] = static_cast<std::uint32_t>(made << 1);
    encoded[pair[1]] = static_cast<std::uint32_t>(made << 1 | 1);
  }
  return encoded;
}

}  // namespace

HuffmanTree::HuffmanTree(const std::vector<std::uint64_t>& counts, int max_depth)
    : HuffmanTree(build_encoded(counts), counts.size(), max_depth) {}

HuffmanTree HuffmanTree::decode(const void* bytes, std::size_t size, std::size_t words, int max_depth) {
  const std::size_t entries = words < 2 ? 0 : 2 * words - 2;
  if (size != entries * sizeof(std::uint32_t))
    throw Error(fmt::format("the Huffman tree has {} bytes, not the {} of a tree over {} words", size,
                            entries * sizeof(std::uint32_t), words));
  std::vector<std::uint32_t> encoded(entries);
  if (size) std::memcpy(encoded.data(), bytes, size);
  return HuffmanTree(std::move(encoded), words, max_depth);
}

HuffmanTree::HuffmanTree(std::vector<std::uint32_t> encoded, std::size_t words, int max_depth)
    : encoded_(std::move(encoded)) {
  // Each inner node needs one child of each code bit, and a parent made
  // after its child: then every path climbs to the root, without cycles.
  const std::size_t inner_nodes = words < 2 ? 0 : words - 1;
  std::vector<std::uint8_t> children(inner_nodes, 0);  // bit c: the child with code c seen
  for (std::size_t node = 0; node < encoded_.size(); ++node) {
    const std::size_t parent = encoded_[node] >> 1;
    const std::uint8_t bit = static_cast<std::uint8_t>(1u << (encoded_[node] & 1));
    if (parent >= inner_nodes || words + parent <= node || (children[parent] & bit))
      throw Error(fmt::format("the Huffman tree is malformed at node {}", node));
    children[parent] |= bit;
  }
  // Depths from the root down: a parent's number is above its children's.
  std::vector<int> depth(encoded_.size() + 1, 0);
  for (std::size_t node = encoded_.size(); node-- > 0;) depth[node] = depth[words + (encoded_[node] >> 1)] + 1;
  const int deepest = words ? *std::max_element(depth.begin(), depth.begin() + static_cast<std::ptrdiff_t>(words)) : 0;
  if (deepest > max_depth)
    throw Error(fmt::format("the Huffman tree over this vocabulary is {} levels deep, more than the {} that "
                            "hierarchical softmax can train (the word counts span too many orders of magnitude)",
                            deepest, max_depth));
  offsets_.assign(words + 1, 0);
  for (std::size_t w = 0; w < words; ++w) offsets_[w + 1] = offsets_[w] + static_cast<std::uint64_t>(depth[w]);
  points_.resize(offsets_[words]);
  codes_.resize(offsets_[words]);
  // Each path is filled from the leaf upwards, so from its end backwards.
  for (std::size_t w = 0; w < words; ++w)
    for (std::size_t node = w, at = offsets_[w + 1]; at > offsets_[w]; node = words + points_[at]) {
      --at;
      points_[at] = encoded_[node] >> 1;
      codes_[at] = static_cast<std::uint8_t>(encoded_[node] & 1);
    }
}

}  // namespace wordvec

#include "cluster/merge_scale.h"

#include <cmath>

#include "train/huffman_tree.h"
#include "train/sampler.h"

namespace wordvec {

namespace {
double squared_norm(const float* row, std::size_t dim) {
  double norm = 0;
  for (std::size_t d = 0; d < dim; ++d) norm += static_cast<double>(row[d]) * row[d];
  return norm;
}

void measure_rows(const Matrix& m, std::vector<double>& norms) {
  norms.resize(m.rows());
  for (std::size_t r = 0; r < m.rows(); ++r) norms[r] = squared_norm(m.row(r), m.dim());
}

double weighted_sum(const std::vector<double>& values, const std::vector<double>& weight) {
  double sum = 0;
  for (std::size_t r = 0; r < values.size(); ++r) sum += weight[r] * values[r];
  return sum;
}
}  // namespace

MergeScale::MergeScale(const std::vector<std::uint64_t>& counts, const TrainOptions& options, int processes,
                       const HuffmanTree* tree)
    : processes_(processes), dim_(options.dim), input_updates_(counts.size()), context_updates_(counts.size()),
      input_weight_(counts.size()), context_weight_(counts.size()) {
  const Subsampler subsampler(counts, options.sample);
  double words = 0, kept_words = 0;
  std::vector<double> kept(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    words += static_cast<double>(counts[i]);
    kept[i] = static_cast<double>(counts[i]) * subsampler.keep_probability(static_cast<WordId>(i));
    kept_words += kept[i];
  }
  // A kept word is the centre of about window + 1 pairs (reduced windows
  // average (window + 1) / 2 a side); each pair updates an input row
  // against a few context rows (its targets), and those context rows.
  const double pairs = options.window + 1;
  if (tree) {
    estimate_tree_updates(*tree, kept, words, kept_words, pairs);
    return;
  }
  // Negative sampling: the targets are the pair's context and `negative`
  // words drawn by their noise probability q.
  const NoiseSampler noise(counts);
  const double negative = options.negative;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double q = noise.probability(static_cast<WordId>(i));
    input_updates_[i] = kept[i] / words * pairs * (1 + negative);
    context_updates_[i] = kept[i] / words * pairs + kept_words / words * pairs * negative * q;
    input_weight_[i] = kept[i] / kept_words;
    context_weight_[i] = (kept[i] / kept_words + negative * q) / (1 + negative);
  }
}

// Hierarchical softmax: the targets are the inner nodes on the predicted
// word's path (context row n is inner node n), so a node is updated by
// every pair predicting a word below it, and an input row against the
// average path's length of nodes.
void MergeScale::estimate_tree_updates(const HuffmanTree& tree, const std::vector<double>& kept, double words,
                                       double kept_words, double pairs) {
  std::vector<double> below(kept.size(), 0.0);  // kept words below each inner node
  double path = 0;                               // the kept words' mean path length
  for (std::size_t w = 0; w < kept.size(); ++w) {
    const auto word = static_cast<WordId>(w);
    for (int d = 0; d < tree.depth(word); ++d) below[tree.points(word)[d]] += kept[w];
    path += kept[w] / kept_words * tree.depth(word);
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    input_updates_[i] = kept[i] / words * pairs * path;
    context_updates_[i] = below[i] / words * pairs;
    input_weight_[i] = kept[i] / kept_words;
    context_weight_[i] = below[i] / (kept_words * path);
  }
}

void MergeScale::add_buckets(const WordNgrams& ngrams, const std::vector<std::uint32_t>& order, std::size_t buckets) {
  std::vector<std::uint32_t> place(buckets, 0);
  for (std::size_t p = 0; p < order.size(); ++p) place[order[p]] = static_cast<std::uint32_t>(p);
  bucket_updates_.assign(order.size(), 0.0);
  for (std::size_t w = 0; w < input_updates_.size(); ++w) {
    const auto id = static_cast<WordId>(w);
    for (std::size_t k = 0; k < ngrams.count(id); ++k) bucket_updates_[place[ngrams.of(id)[k]]] += input_updates_[w];
  }
}

void MergeScale::measure(const Matrix& input, const Matrix& context) {
  measure_rows(input, input_norms_);
  measure_rows(context, context_norms_);
}

void MergeScale::remeasure(bool context, std::size_t row, const float* values) {
  (context ? context_norms_ : input_norms_)[row] = squared_norm(values, dim_);
}

void MergeScale::prepare(double lr, std::uint64_t words) {
  const double step = kStiffness * lr * static_cast<double>(words);
  input_step_ = step * weighted_sum(context_norms_, context_weight_);
  context_step_ = step * weighted_sum(input_norms_, input_weight_);
}

float MergeScale::scale(double step, std::uint64_t period) const {
  const double a = 1 - std::exp(-step * static_cast<double>(period));
  if (a < 1e-6) return 1.0f;
  return static_cast<float>((1 - std::pow(1 - a, processes_)) / (processes_ * a));
}

}  // namespace wordvec

#pragma once
// Owns: how much of each row's summed change a merge of 3 or more processes applies, so that frequent rows do not overshoot (docs/scaling.md, "Why 3 and more diverge").
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/matrix.h"
#include "text/word_ngrams.h"
#include "train/huffman_tree.h"
#include "train/train_options.h"

namespace wordvec {

// In a round, one process moves a row about a fraction `a` of the way to
// where its updates pull it; N processes' changes summed move it N a of the
// way, which overshoots (and, from N = 3 on, diverges) once a nears 1, as
// it does for frequent rows once the vectors have grown. This scales a
// row's summed change to (1 - (1 - a)^N) / (N a): the fraction N processes
// would cover applying their updates one after another (1 for a near 0:
// the plain sum; 1/N for a near 1: the average). `a` is estimated per row
// as 1 - exp(-kStiffness x lr x words between the row's merges x its
// expected updates per word x the other matrix's mean squared row norm).
class MergeScale {
 public:
  // Fitted on a 20 MB slice of wiki100m (3 and 4 processes) and checked on
  // all of it: 0.007 as good, 0.004, 0.014 and 0.02 1.5 to 2 points worse
  // (docs/scaling.md).
  static constexpr double kStiffness = 0.01;

  // `counts` and `options` (dim, window, negative, sample) are the run's;
  // `tree` is hierarchical softmax's (context row n: inner node n), if used.
  MergeScale(const std::vector<std::uint64_t>& counts, const TrainOptions& options, int processes,
             const HuffmanTree* tree = nullptr);

  // With subwords: `order` lists the bucket rows merged (ModelSync's
  // places), of `buckets` rows. Every row a word's input vector averages
  // (its own and its n-grams') takes the whole gradient, so a bucket row
  // is updated as often as the words using it together. (Counting each
  // word's share of the mean, 1 / (n + 1), damped too little: 4 processes
  // on wiki100m 51.59% analogy, against 55.99% without it and one
  // process's 53.53%.)
  void add_buckets(const WordNgrams& ngrams, const std::vector<std::uint32_t>& order, std::size_t buckets);

  // Measures every row's squared norm (at the start: a pass over both matrices).
  void measure(const Matrix& input, const Matrix& context);
  // Measures a row again as merged (`values`: its dim floats). Rows keep
  // the norm of their last merge, so a round makes no pass over the
  // matrices (docs/scaling.md: that pass was most of the merging time).
  void remeasure(bool context, std::size_t row, const float* values);
  // Sets the round's factors: `lr` now, `words` each process trained
  // since the last round (--sync-words, or more when the merging falls
  // behind, as with 4 processes on 2 cores). O(rows).
  void prepare(double lr, std::uint64_t words);
  // The factor for `row` of the input (or context) matrix, merged every
  // `period` rounds.
  float input(std::size_t row, std::uint64_t period) const { return scale(input_updates_[row] * input_step_, period); }
  float context(std::size_t row, std::uint64_t period) const {
    return scale(context_updates_[row] * context_step_, period);
  }
  // The factor for the bucket row at `place` of add_buckets' order.
  float bucket(std::size_t place, std::uint64_t period) const { return scale(bucket_updates_[place] * input_step_, period); }

 private:
  float scale(double step, std::uint64_t period) const;
  void estimate_tree_updates(const HuffmanTree& tree, const std::vector<double>& kept, double words, double kept_words,
                             double pairs);

  double processes_;
  std::size_t dim_;
  // Per row, expected updates per corpus word a process trains, and the
  // weights of its rows in the other matrix's updates (for the mean norm).
  std::vector<double> input_updates_, context_updates_, input_weight_, context_weight_;
  std::vector<double> bucket_updates_;  // by place in add_buckets' order
  std::vector<double> input_norms_, context_norms_;  // squared, as of each row's last merge
  double input_step_ = 0, context_step_ = 0;  // kStiffness x lr x words x mean squared norm of the other matrix
};

}  // namespace wordvec

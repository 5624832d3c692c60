#pragma once
// Owns: the vectorised logistic updates of input rows against labelled target rows, their size limits, and composing subword input rows.
#include <cstddef>
#include <cstdint>
#include <limits>

namespace wordvec {

inline constexpr int kMaxWindowRows = 64;   // context rows per update (2 * window)
inline constexpr int kMaxTargetRows = 64;   // the loss's target rows (1 + negatives, or a Huffman path)

// The rows of the context matrix that one target word is predicted against,
// and the label each prediction should give: what a loss gives the kernels
// for one word.
struct Targets {
  float* rows[kMaxTargetRows];
  float labels[kMaxTargetRows];
  int count = 0;
  // Predictions whose score is at or beyond +-skip_beyond are not trained
  // (see logistic_step): hierarchical softmax's rule, none for negative sampling.
  float skip_beyond = std::numeric_limits<float>::infinity();
};

// Brings a row towards L1 ahead of the kernel call that reads it: the rows
// of an update are scattered over the matrices, so the hardware prefetcher
// cannot guess them.
// `floats` is the row's length, padded or packed; a packed row may start
// mid-line and end one line further, so its last float is asked for too.
inline void prefetch_row(const float* row, std::size_t floats) {
  for (std::size_t k = 0; k < floats; k += 16) __builtin_prefetch(row + k);
  if (floats % 16 != 0) __builtin_prefetch(row + floats - 1);
}

// The kernels train logistic predictions of `labels[t]` (1 or 0) from the
// score input . targets[t]: with negative sampling the targets are the centre
// word's output row (label 1) and its negatives (label 0); with hierarchical
// softmax they are the inner nodes of its Huffman path, labelled 1 - code.

// One update with the targets shared across a whole window (Ji et al.'s
// HogBatch): inputs are the input rows of the context words. Scores are the
// inputs x targets product, and both sides are updated from the same scores,
// as two small dense products. Returns the summed logistic loss of all
// inputs x targets predictions.
float window_update(float* const* inputs, int n_inputs, float* const* targets, const float* labels, int n_targets,
                    std::size_t dim, float lr, float skip_beyond = std::numeric_limits<float>::infinity());

// One input row against its own targets, as word2vec does it (the reference
// formulation): target rows updated at once, the input row at the end.
// `scratch` holds dim floats.
float pair_update(float* input, float* const* targets, const float* labels, int n_targets, std::size_t dim, float lr,
                  float* scratch, float skip_beyond = std::numeric_limits<float>::infinity());

// CBOW (word2vec -cbow 1, cbow_mean 1): the mean of the input rows (the
// context words) is one hidden row, predicted against the targets as
// pair_update does it; the targets move by their gradients times the
// hidden row, and every input row by the whole hidden-row gradient (not
// divided by n_inputs, as word2vec does it). A row given twice gets it
// twice. Returns the summed loss of the n_targets predictions. `scratch`
// holds 2 * dim floats; n_inputs >= 1.
float cbow_update(float* const* inputs, int n_inputs, float* const* targets, const float* labels, int n_targets,
                  std::size_t dim, float lr, float* scratch, float skip_beyond = std::numeric_limits<float>::infinity());

// Subword inputs (fastText): a word's input vector is the mean of its own
// row and its n-gram rows. `own` and `out` are padded rows of `stride`
// floats; the bucket matrix is packed, rows of `dim` floats (Matrix::Rows).
// out = (own + rows[ids[0]] + ... + rows[ids[n-1]]) * (1 / (n + 1)), summed
// in that order and scaled by the float reciprocal, as SubwordVectors does,
// so the result is bit for bit its word_vector.
void compose_subword_rows(const float* own, const float* buckets, const std::uint32_t* ids, std::size_t n,
                          std::size_t dim, std::size_t stride, float* out);

// Adds `change` to the word's own row and to each of its n-gram rows: the
// gradient of the mean goes in full to every row it averages (fastText's
// skip-gram, addVectorToRow(grad, id, 1.0) for each input id). Layouts as
// for compose_subword_rows.
void spread_subword_change(const float* change, float* own, float* buckets, const std::uint32_t* ids, std::size_t n,
                           std::size_t dim, std::size_t stride);

}  // namespace wordvec

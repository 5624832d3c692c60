#pragma once
#include <cstddef>
#include <cstdint>

namespace wordvec {

inline constexpr int kMaxWindowRows = 64;   // context rows per update (2 * window)
inline constexpr int kMaxTargetRows = 64;   // 1 positive + negatives

// One SGNS update with the negatives shared across a whole window
// (Ji et al.'s HogBatch): inputs are the input rows of the context words,
// targets are the output rows of the centre word (label 1, first) and its
// negatives (label 0). Scores are the inputs x targets product, and both
// sides are updated from the same scores, as two small dense products.
// Returns the summed logistic loss of all inputs x targets predictions.
float sgns_window_update(float* const* inputs, int n_inputs, float* const* targets, int n_targets,
                         std::size_t dim, float lr);

// Plain per-pair SGNS as word2vec does it, the reference formulation: one
// input row against its own positive + negatives, output rows updated at
// once, the input row at the end. `scratch` holds dim floats.
float sgns_pair_update(float* input, float* const* targets, int n_targets, std::size_t dim, float lr,
                       float* scratch);

// Logistic sigmoid and -log(sigmoid) from tables over [-kSigmoidRange, kSigmoidRange].
float fast_sigmoid(float x);
float fast_log_sigmoid_loss(float x);  // -log(sigmoid(x))

}  // namespace wordvec

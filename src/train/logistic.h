#pragma once
// Owns: the logistic function's lookup tables, and the loss and gradient of one logistic prediction.
#include <array>
#include <cmath>
#include <limits>

namespace wordvec {

// Logistic sigmoid and -log(sigmoid) tabulated over [-kSigmoidRange, kSigmoidRange]:
// one lookup instead of an exp per prediction, as word2vec does it.
inline constexpr float kSigmoidRange = 8.0f;
inline constexpr int kLogisticTableSize = 4096;
inline constexpr float kLogisticTableScale = kLogisticTableSize / (2 * kSigmoidRange);

struct LogisticTables {
  std::array<float, kLogisticTableSize + 1> sigmoid, loss;  // loss = -log(sigmoid)
  LogisticTables();
};
extern const LogisticTables kLogisticTables;

inline int logistic_table_index(float x) {
  if (!(x > -kSigmoidRange)) return 0;  // also catches NaN
  if (x >= kSigmoidRange) return kLogisticTableSize;
  return static_cast<int>((x + kSigmoidRange) * kLogisticTableScale + 0.5f);
}

inline float fast_sigmoid(float x) { return kLogisticTables.sigmoid[logistic_table_index(x)]; }
inline float fast_log_sigmoid_loss(float x) { return kLogisticTables.loss[logistic_table_index(x)]; }  // -log(sigmoid(x))

// No limit on the scores that train: negative sampling's predictions all do.
inline constexpr float kNoSkip = std::numeric_limits<float>::infinity();

// One logistic prediction of `label` (1 or 0) from `score`: adds its loss to
// `loss` and returns the gradient scale (label - sigmoid(score)) * lr, or 0
// when |score| >= skip_beyond (word2vec's hierarchical softmax leaves a node
// whose score is past +-6 untrained, right or wrong; a NaN score still
// trains, so that divergence shows).
inline float logistic_step(float score, float label, float lr, float& loss, float skip_beyond = kNoSkip) {
  const int i = logistic_table_index(score);
  // -log(1 - sigmoid(x)) = -log(sigmoid(-x)), the mirrored entry.
  loss += label > 0.5f ? kLogisticTables.loss[i] : kLogisticTables.loss[kLogisticTableSize - i];
  if (std::fabs(score) >= skip_beyond) return 0.0f;
  return (label - kLogisticTables.sigmoid[i]) * lr;
}

}  // namespace wordvec

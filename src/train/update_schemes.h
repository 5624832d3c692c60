#pragma once
// Owns: the update schemes: how a sentence's predictions are grouped into kernel calls.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/aligned_buffer.h"
#include "base/random.h"
#include "base/word_id.h"
#include "train/update_kernels.h"

namespace wordvec {

// The schemes walk the centres of a subsampled sentence and ask the
// Objective (SkipGram) for each centre's inputs and target word, and the
// Loss (NegativeSampling, HierarchicalSoftmax) for that word's target rows
// and labels. Their train() is a template so each objective/loss pair
// compiles to straight-line code with no call per word. The order of the
// random draws is part of each scheme: with one thread, a seed gives one
// model bit for bit.

namespace detail {

// The walk the window schemes share: one set of targets per centre, given
// with the centre's inputs to `update(inputs, n_inputs, targets)`, which
// returns the loss. The next centre's targets are drawn one step ahead,
// before this centre's inputs, so their rows can be prefetched while this
// window trains. Draws per centre: the next centre's targets, then this
// centre's reach.
template <class Objective, class Loss, class Update>
double walk_windows(const Objective& objective, const Loss& loss, const std::vector<WordId>& sentence, Rng& rng,
                    std::size_t stride, Update&& update) {
  const int n = static_cast<int>(sentence.size());
  float* inputs[kMaxWindowRows];
  Targets targets[2];  // this centre's and the next one's
  double total_loss = 0;
  if (n > 1) loss.targets(objective.target(sentence, 0), rng, targets[0]);
  for (int i = 0; i < n; ++i) {
    const Targets& current = targets[i & 1];
    if (i + 1 < n) {
      Targets& next = targets[(i + 1) & 1];
      loss.targets(objective.target(sentence, i + 1), rng, next);
      for (int t = 0; t < next.count; ++t) prefetch_row(next.rows[t], stride);
      objective.prefetch_inputs(sentence, i + 1);
    }
    const int n_inputs = objective.inputs(sentence, i, rng, inputs);
    if (n_inputs == 0) continue;
    total_loss += update(inputs, n_inputs, current);
  }
  return total_loss;
}

}  // namespace detail

// Window-shared (the fast default for skip-gram): one set of targets per
// centre, against which all its inputs are updated at once by window_update.
class WindowUpdate {
 public:
  explicit WindowUpdate(std::size_t stride) : stride_(stride) {}

  // Returns the summed loss and counts the predictions made.
  template <class Objective, class Loss>
  double train(const Objective& objective, const Loss& loss, const std::vector<WordId>& sentence, Rng& rng,
               float lr, std::uint64_t& predictions) const {
    return detail::walk_windows(objective, loss, sentence, rng, stride_,
                                [&](float* const* inputs, int n_inputs, const Targets& targets) {
                                  predictions += static_cast<std::uint64_t>(n_inputs);
                                  return window_update(inputs, n_inputs, targets.rows, targets.labels, targets.count,
                                                       stride_, lr, targets.skip_beyond);
                                });
  }

 private:
  std::size_t stride_;
};

// CBOW's scheme: the same walk and draws as WindowUpdate, with the window's
// inputs averaged into one prediction of the centre (cbow_update). One
// prediction per centre, so about a third of skip-gram's arithmetic (see
// cbow_update for what bounds it and what was measured).
class CbowUpdate {
 public:
  explicit CbowUpdate(std::size_t stride) : stride_(stride), scratch_(2 * stride, AlignedBuffer::Pages::kNormal) {}

  // Returns the summed loss and counts the predictions made.
  template <class Objective, class Loss>
  double train(const Objective& objective, const Loss& loss, const std::vector<WordId>& sentence, Rng& rng,
               float lr, std::uint64_t& predictions) const {
    return detail::walk_windows(objective, loss, sentence, rng, stride_,
                                [&](float* const* inputs, int n_inputs, const Targets& targets) {
                                  ++predictions;
                                  return cbow_update(inputs, n_inputs, targets.rows, targets.labels, targets.count,
                                                     stride_, lr, scratch_.get(), targets.skip_beyond);
                                });
  }

 private:
  std::size_t stride_;
  AlignedBuffer scratch_;  // the hidden row and its gradient
};

// Per pair (word2vec's own scheme, the reference): every input of a centre
// gets targets of its own, drawn just before its pair_update.
class PairUpdate {
 public:
  explicit PairUpdate(std::size_t stride) : stride_(stride), scratch_(stride * 2) {
    scratch_row_ = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(scratch_.data()) + 63) & ~std::uintptr_t{63});
  }
  PairUpdate(const PairUpdate&) = delete;  // scratch_row_ points into scratch_
  PairUpdate& operator=(const PairUpdate&) = delete;

  // Returns the summed loss and counts the predictions made.
  template <class Objective, class Loss>
  double train(const Objective& objective, const Loss& loss, const std::vector<WordId>& sentence, Rng& rng,
               float lr, std::uint64_t& predictions) {
    const int n = static_cast<int>(sentence.size());
    float* inputs[kMaxWindowRows];
    Targets targets;
    double total_loss = 0;
    for (int i = 0; i < n; ++i) {
      const WordId target = objective.target(sentence, i);
      const int n_inputs = objective.inputs(sentence, i, rng, inputs);
      for (int c = 0; c < n_inputs; ++c) {
        loss.targets(target, rng, targets);
        total_loss += pair_update(inputs[c], targets.rows, targets.labels, targets.count, stride_, lr, scratch_row_,
                                  targets.skip_beyond);
        ++predictions;
      }
    }
    return total_loss;
  }

 private:
  std::size_t stride_;
  std::vector<float> scratch_;  // one row, aligned to a cache line within
  float* scratch_row_;
};

}  // namespace wordvec

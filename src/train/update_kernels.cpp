#include "train/update_kernels.h"

#include "base/simd.h"
#include "train/logistic.h"

// The kernels are written once with GCC/Clang vector extensions (16 floats,
// one cache line) and compiled for several instruction sets
// (WORDVEC_SIMD_CLONES). On AVX2 a v16 is two ymm registers, on baseline
// x86-64 four xmm registers.

namespace wordvec {

namespace {

typedef float v16 __attribute__((vector_size(64), __may_alias__, aligned(64)));
constexpr std::size_t kLanes = 16;

inline __attribute__((always_inline)) v16& lane_block(float* p) { return *reinterpret_cast<v16*>(p); }
inline __attribute__((always_inline)) const v16& lane_block(const float* p) {
  return *reinterpret_cast<const v16*>(p);
}
inline __attribute__((always_inline)) v16 splat(float x) { return v16{} + x; }
// Packed bucket rows start anywhere: 16 floats read or written unaligned.
typedef float v16u __attribute__((vector_size(64), __may_alias__, aligned(4)));
inline __attribute__((always_inline)) v16u& unaligned_block(float* p) { return *reinterpret_cast<v16u*>(p); }
inline __attribute__((always_inline)) const v16u& unaligned_block(const float* p) {
  return *reinterpret_cast<const v16u*>(p);
}
typedef float v8 __attribute__((vector_size(32)));
typedef float v4 __attribute__((vector_size(16)));
// Pairwise halving: 4 dependent adds instead of a 16-long serial chain, which
// made the per-window fixed cost (36 dot products) latency-bound.
inline __attribute__((always_inline)) float horizontal_sum(v16 v) {
  const v8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
               __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  const v4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
  return (b[0] + b[2]) + (b[1] + b[3]);
}

}  // namespace

// Per window: 3 * n_inputs * n_targets * dim multiply-adds (about 10k for
// window 5, 5 negatives, dim 100) on rows that WindowUpdate (update_schemes.h)
// has brought to L1/L2: the loops are bound by FMA and L1 load throughput,
// with each target row read n_inputs times from L1 instead of being
// fetched from memory once per pair as in the per-pair formulation.
WORDVEC_SIMD_CLONES
float window_update(float* const* inputs, int n_inputs, float* const* targets, const float* labels, int n_targets,
                    std::size_t dim, float lr, float skip_beyond) {
  float gradient[kMaxWindowRows][kMaxTargetRows];
  float loss = 0;
  for (int c = 0; c < n_inputs; ++c) {
    const float* in = inputs[c];
    for (int t = 0; t < n_targets; ++t) {
      v16 acc{};
      const float* out = targets[t];
      for (std::size_t k = 0; k < dim; k += kLanes) acc += lane_block(in + k) * lane_block(out + k);
      gradient[c][t] = logistic_step(horizontal_sum(acc), labels[t], lr, loss, skip_beyond);
    }
  }
  // Target rows first, from the old input rows, one chunk at a time so the
  // sum over inputs stays in a register; the new target rows are kept aside
  // until the input rows have read the old ones.
  alignas(64) float new_target_chunk[kMaxTargetRows][kLanes];
  for (std::size_t k = 0; k < dim; k += kLanes) {
    for (int t = 0; t < n_targets; ++t) {
      v16 acc = lane_block(targets[t] + k);
      for (int c = 0; c < n_inputs; ++c) acc += splat(gradient[c][t]) * lane_block(inputs[c] + k);
      lane_block(new_target_chunk[t]) = acc;
    }
    for (int c = 0; c < n_inputs; ++c) {
      v16 acc = lane_block(inputs[c] + k);
      for (int t = 0; t < n_targets; ++t) acc += splat(gradient[c][t]) * lane_block(targets[t] + k);
      lane_block(inputs[c] + k) = acc;
    }
    for (int t = 0; t < n_targets; ++t) lane_block(targets[t] + k) = lane_block(new_target_chunk[t]);
  }
  return loss;
}

namespace {

// One row against its labelled targets, word2vec's inner loop: each target
// row moves by its gradient times `input`, and `error` (zeroed here)
// gathers the gradient times the target rows' old values, for the caller
// to add to the input rows. Returns the loss.
inline __attribute__((always_inline)) float predict_targets(const float* input, float* const* targets,
                                                            const float* labels, int n_targets, std::size_t dim,
                                                            float lr, float* error, float skip_beyond) {
  float loss = 0;
  for (std::size_t k = 0; k < dim; k += kLanes) lane_block(error + k) = v16{};
  for (int t = 0; t < n_targets; ++t) {
    float* out = targets[t];
    v16 acc{};
    for (std::size_t k = 0; k < dim; k += kLanes) acc += lane_block(input + k) * lane_block(out + k);
    const v16 g = splat(logistic_step(horizontal_sum(acc), labels[t], lr, loss, skip_beyond));
    for (std::size_t k = 0; k < dim; k += kLanes) {
      lane_block(error + k) += g * lane_block(out + k);
      lane_block(out + k) += g * lane_block(input + k);
    }
  }
  return loss;
}

}  // namespace

// Per pair: 3 * n_targets * dim multiply-adds on rows fetched from memory
// for every pair; bound by the latency of loading the random negative rows.
WORDVEC_SIMD_CLONES
float pair_update(float* input, float* const* targets, const float* labels, int n_targets, std::size_t dim, float lr,
                  float* scratch, float skip_beyond) {
  const float loss = predict_targets(input, targets, labels, n_targets, dim, lr, scratch, skip_beyond);
  for (std::size_t k = 0; k < dim; k += kLanes) lane_block(input + k) += lane_block(scratch + k);
  return loss;
}

// Per centre: (2 * n_inputs + 3 * n_targets) * dim adds and multiply-adds,
// about 30 v16 row operations for a window of 6 inputs and 6 targets
// against window_update's 108, on rows the walk has prefetched one centre
// ahead: bound by getting the window's scattered rows into L1, not by FMAs.
// Measured (1 thread, dim 100, a 5 MB slice of wiki100m, 3 epochs): CBOW
// 3.2M words/s against skip-gram's 0.97M; with hierarchical softmax 2.1M
// against 0.55M.
WORDVEC_SIMD_CLONES
float cbow_update(float* const* inputs, int n_inputs, float* const* targets, const float* labels, int n_targets,
                  std::size_t dim, float lr, float* scratch, float skip_beyond) {
  float* hidden = scratch;
  float* error = scratch + dim;
  const v16 scale = splat(1.0f / static_cast<float>(n_inputs));
  for (std::size_t k = 0; k < dim; k += kLanes) {
    v16 sum = lane_block(inputs[0] + k);
    for (int c = 1; c < n_inputs; ++c) sum += lane_block(inputs[c] + k);
    lane_block(hidden + k) = sum * scale;
  }
  const float loss = predict_targets(hidden, targets, labels, n_targets, dim, lr, error, skip_beyond);
  for (int c = 0; c < n_inputs; ++c)
    for (std::size_t k = 0; k < dim; k += kLanes) lane_block(inputs[c] + k) += lane_block(error + k);
  return loss;
}

// Gathering and scattering a word's rows: about 1 + 15 rows of 7 cache lines
// per word for fastText's n = 3..6, read at random from a matrix of 2M rows
// (900 MB at dim 100). Each row is read (and in the scatter written) once
// per occurrence of the word, against ~20k multiply-adds of window_update:
// bound by fetching the n-gram rows from memory, hence SubwordRowCache's
// prefetch one word ahead. Measured with perf (1 thread, 8 MB of wiki100m, 1
// epoch, 2026-11-27): of the training time, window_update took 43%, the
// prefetches of n-gram rows 25% (they wait for free miss buffers), these two
// loops 18% together, the rest the sentence loop. Words/s were a third of
// plain skip-gram's (5.3 s against 1.5-1.9 s on 20 MB, 2 threads).
WORDVEC_SIMD_CLONES
void compose_subword_rows(const float* own, const float* buckets, const std::uint32_t* ids, std::size_t n,
                          std::size_t dim, std::size_t stride, float* out) {
  const std::size_t blocks_end = dim / kLanes * kLanes;
  for (std::size_t k = 0; k < stride; k += kLanes) lane_block(out + k) = lane_block(own + k);
  for (std::size_t i = 0; i < n; ++i) {
    const float* row = buckets + std::size_t{ids[i]} * dim;
    for (std::size_t k = 0; k < blocks_end; k += kLanes) lane_block(out + k) += unaligned_block(row + k);
    for (std::size_t k = blocks_end; k < dim; ++k) out[k] += row[k];
  }
  const v16 scale = splat(static_cast<float>(1.0 / static_cast<double>(n + 1)));
  for (std::size_t k = 0; k < stride; k += kLanes) lane_block(out + k) *= scale;
}

WORDVEC_SIMD_CLONES
void spread_subword_change(const float* change, float* own, float* buckets, const std::uint32_t* ids, std::size_t n,
                           std::size_t dim, std::size_t stride) {
  const std::size_t blocks_end = dim / kLanes * kLanes;
  for (std::size_t k = 0; k < stride; k += kLanes) lane_block(own + k) += lane_block(change + k);
  for (std::size_t i = 0; i < n; ++i) {
    float* row = buckets + std::size_t{ids[i]} * dim;
    for (std::size_t k = 0; k < blocks_end; k += kLanes) unaligned_block(row + k) += lane_block(change + k);
    for (std::size_t k = blocks_end; k < dim; ++k) row[k] += change[k];
  }
}

}  // namespace wordvec

#pragma once
// Owns: training word vectors over a spooled corpus: the weights, the parallel run and its progress.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "base/matrix.h"
#include "text/spool.h"
#include "text/vocabulary.h"
#include "train/replica_sync.h"
#include "train/train_options.h"
#include "train/train_state.h"

namespace wordvec {

// What the progress display needs, sampled while training runs.
struct TrainProgress {
  double fraction = 0;        // of all epochs, by corpus words
  std::uint64_t words = 0;    // corpus words processed (before subsampling), resumed runs included
  std::uint64_t words_this_run = 0;  // the part of `words` processed in `seconds`
  double seconds = 0;
  double lr = 0;
  double loss = 0;            // mean loss per (input, target) prediction so far
  int threads = 1;
  bool finished = false;
};

// Learning rate after `words_done` of `words_total` corpus words.
double scheduled_lr(const TrainOptions& options, std::uint64_t words_done, std::uint64_t words_total);

// Skip-gram with negative sampling over a spooled corpus, Hogwild-parallel:
// each thread owns a range of the spool (whole sentences) and updates the
// shared matrices without locks (word2vec's scheme).
class Trainer {
 public:
  // Throws Error if the options are out of range (see validate).
  Trainer(const Vocabulary& vocab, TrainOptions options);

  // Starts from a stopped run's weights and state instead of from scratch.
  // The state's worker count sets the thread count.
  void restore(const float* input, const float* context, TrainState state);

  // Runs all epochs (or the rest of them after restore) over `spool`, whose
  // ids are the vocabulary's. `report` is called from one training thread
  // about every `report_seconds` and once at the end. Setting `stop` makes
  // every thread finish its current sentence and return early: train
  // returns false and state() says where to resume. Throws Error if a
  // restored state was made from another spool. With `replicas`, the
  // training threads run beside replicas->keep_in_step (see ReplicaSync).
  bool train(const Spool& spool, const std::function<void(const TrainProgress&)>& report,
             double report_seconds = 0.5, const std::atomic<bool>* stop = nullptr, ReplicaSync* replicas = nullptr);

  const Matrix& input() const { return input_; }
  const Matrix& context() const { return context_; }
  const TrainState& state() const { return state_; }
  const TrainOptions& options() const { return options_; }

 private:
  struct Run;  // one call of train(), in trainer.cpp
  // Splits the spool into one range of whole sentences per thread, or
  // checks that a restored state's ranges were made from this spool.
  void plan_ranges(const Spool& spool);

  const Vocabulary& vocab_;
  TrainOptions options_;
  Matrix input_, context_;
  TrainState state_;
};

}  // namespace wordvec

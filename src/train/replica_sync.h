#pragma once
// Owns: the hook through which a Trainer's weights are kept in step with other processes' copies of them (training across processes: src/cluster).
#include <atomic>
#include <cstdint>

#include "base/matrix.h"

namespace wordvec {

// What a synchroniser sees of a running Trainer: the weights, which the
// training threads keep updating without locks while it works (Hogwild),
// and the run's shared flags and counters.
struct TrainingReplica {
  Matrix& input;
  Matrix& context;
  Matrix* buckets;                               // the n-gram rows, with subwords; else nullptr
  const std::atomic<std::uint64_t>& words_done;  // this process's corpus words so far
  const std::atomic<bool>& finished;             // every training thread has returned
  const std::atomic<bool>& failed;               // ... and one of them threw (train rethrows it)
  std::atomic<bool>& stopped;                    // set: the training threads stop after their sentence
  std::atomic<double>& progress_scale;           // the schedule counts words_done x this (1 alone)
};

// Keeps one Trainer's weights in step with other processes' copies.
// keep_in_step runs on the thread that called Trainer::train while the
// training threads run on others; it returns once training has ended in
// every process, or at once when `failed` is set. If it throws, the
// training threads are stopped and train rethrows its exception.
class ReplicaSync {
 public:
  virtual ~ReplicaSync() = default;
  // Called before the training threads start.
  virtual void start(TrainingReplica& replica) = 0;
  // Added to each training thread's number where it seeds its random
  // numbers, so that no two threads of the job draw the same ones (the
  // same negatives in every process, pushing the same rows at once, add up
  // when the processes' changes are merged).
  virtual int seed_offset() const = 0;
  virtual void keep_in_step(TrainingReplica& replica) = 0;
};

}  // namespace wordvec

#pragma once
// Owns: keeping the processes' copies of the model in step: rounds in which every process's changes to its rows (frequent rows more often than rare ones) are summed into every copy, and the whole job's word count for the learning-rate schedule.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/matrix.h"
#include "cluster/cluster.h"
#include "cluster/merge_scale.h"
#include "text/vocabulary.h"
#include "text/word_ngrams.h"
#include "train/replica_sync.h"
#include "train/trainer.h"
#include "train/train_options.h"

namespace wordvec {

// How many of the first rows (the vocabulary is sorted by count, so these
// are the most frequent words) round `round` (1, 2, ...) merges: rows
// [0, 1024) every round, [1024, 4096) every 2nd, [4096, 16384) every 4th,
// and so on, 4 times the rows every other time as often. Under Zipf's law
// a row's updates fall with its rank, so the rarer tiers drift apart
// between rounds more slowly than the frequent ones (docs/scaling.md).
std::size_t rows_in_round(std::size_t rows, std::uint64_t round);

// --sync-words by default: the job's 200,000 words a round, shared among
// the processes (100,000 each for 2, 50,000 for 4; at least 1,000). A
// merged row's change sums every process's, so fixing the job's words a
// round keeps its size as processes are added: on wiki100m, 4 processes
// merging every 100,000 words each ended 1.2 analogy points below one
// process, every 50,000 about 0.4 (docs/scaling.md).
std::uint64_t default_words_per_round(int processes);

struct SyncStats {
  std::uint64_t rounds = 0;
  std::uint64_t rows = 0;  // rows merged, both matrices counted
  double seconds = 0;      // spent merging, on the synchronising thread
};

// The bucket rows that some word's n-grams use (of `buckets` rows),
// busiest first: by the summed counts of the words using them, then by row.
std::vector<std::uint32_t> bucket_rows_by_use(const Vocabulary& vocab, const WordNgrams& ngrams, std::size_t buckets);

// One matrix as ModelSync merges it: its rows in the order of how busy
// they are, busiest first (`order[p]` is the row at place p; empty: row p),
// and their common copy, by place. Rounds merge the busiest places.
struct MergedRows {
  enum class Kind { kInput, kContext, kBuckets };  // which of MergeScale's factors apply
  Matrix* matrix = nullptr;
  Kind kind = Kind::kInput;
  std::vector<std::uint32_t> order;
  std::vector<float> common;

  std::size_t places() const { return order.empty() ? matrix->rows() : order.size(); }
  std::size_t row(std::size_t place) const { return order.empty() ? place : order[place]; }
  // Copies every place's row as the common rows (at the start).
  void copy_common();
};

// A ReplicaSync over a Cluster. Every process keeps, beside its weights,
// the rows as they were when last merged (`common`, the same on every
// process). After every `words_per_round` words that this process trains,
// the processes meet (Cluster::meet: a stop on one stops all), sum their
// word counts (the schedule then counts the job's words), and merge the
// round's rows: common + the sum of every process's change since. That is
// Hogwild across processes, every update applied in full; averaging the
// copies instead would scale each update by 1/N (measured in
// docs/scaling.md). Once every process has finished, a last round merges
// all rows, so every process ends with the same model.
class ModelSync final : public ReplicaSync {
 public:
  ModelSync(Cluster& cluster, std::uint64_t words_per_round) : cluster_(cluster), words_per_round_(words_per_round) {}

  // Fits the rounds to the run: `trainer`'s options, schedule, tree and
  // n-grams, over `vocab`. Input rows are words, sorted by count. With
  // hierarchical softmax the context rows are the tree's inner nodes,
  // created rarest first, so they are merged from the last (the root, on
  // every path) down; with subwords the bucket rows that some word's
  // n-grams use are merged, ordered by the counts of the words using them.
  // With 3 or more processes, scales each row's summed change so that
  // busy rows do not overshoot (MergeScale); with 2 the plain sum is
  // stable and learns faster (docs/scaling.md).
  void fit(const Vocabulary& vocab, const Trainer& trainer);

  void start(TrainingReplica& replica) override;
  void keep_in_step(TrainingReplica& replica) override;
  // Rank r's threads seed as threads r * 2^16, r * 2^16 + 1, ...
  int seed_offset() const override { return cluster_.rank() << 16; }

  // Sets the rows at `rows`' first `places` places, and their common
  // copies, to common + the sum of every process's (row - common), keeping
  // whatever this process's training threads add to a row meanwhile (none
  // of their updates is lost).
  void merge_rows(MergedRows& rows, std::size_t places);

  const SyncStats& stats() const { return stats_; }

 private:
  void wait_for_round(const TrainingReplica& replica, std::uint64_t words) const;
  std::uint64_t words_since_last_round(std::uint64_t job_words);
  float factor(const MergedRows& rows, std::size_t place) const;

  Cluster& cluster_;
  const std::uint64_t words_per_round_;
  std::vector<MergedRows> merged_;           // input, context, buckets (with subwords)
  std::vector<std::uint32_t> context_order_, bucket_order_;  // set by fit, for start
  std::vector<float> before_, change_;  // a piece of rows as they were, and the summed change
  std::optional<MergeScale> scale_;
  TrainOptions options_;           // for the learning rate, when damping
  std::uint64_t schedule_words_ = 0;  // the job's words over every epoch
  std::uint64_t last_job_words_ = 0;  // the job's words at the last round
  SyncStats stats_;
};

}  // namespace wordvec

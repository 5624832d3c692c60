#pragma once
// Owns: training word vectors over a spooled corpus: the weights, the parallel run and its progress.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/matrix.h"
#include "text/spool.h"
#include "text/vocabulary.h"
#include "train/replica_sync.h"
#include "train/huffman_tree.h"
#include "text/word_ngrams.h"
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
  double loss = 0;            // mean loss per prediction so far (skip-gram: per input and centre; CBOW: per centre)
  int threads = 1;
  bool finished = false;
};

// Learning rate after `words_done` of `words_total` corpus words.
double scheduled_lr(const TrainOptions& options, std::uint64_t words_done, std::uint64_t words_total);

// The words of one epoch that the schedule runs over (see TrainState::schedule_words).
std::uint64_t schedule_words(const Vocabulary& vocab, const TrainState& state);

// Skip-gram or CBOW, with negative sampling or hierarchical softmax, over a
// spooled corpus, Hogwild-parallel: each thread owns a range of the spool
// (whole sentences) and updates the shared matrices without locks
// (word2vec's scheme).
class Trainer {
 public:
  // Throws Error if the options are out of range (see validate).
  Trainer(const Vocabulary& vocab, TrainOptions options);

  // Starts from a stopped run's weights and state instead of from scratch.
  // The state's worker count sets the thread count.
  void restore(const float* input, const float* context, TrainState state);
  // Hierarchical softmax: trains with this tree (a checkpoint's) instead of
  // the one built from the vocabulary. Throws Error if it is over another
  // number of words, or the options' loss is not hierarchical softmax.
  void restore_tree(HuffmanTree tree);

  // Continued training (see continued_training.h), before train(): `word`
  // starts from these rows (dim floats each) instead of word2vec's
  // initialisation (context == nullptr: its context row stays as initialised),
  // and the schedule runs over `words` an epoch. After train(), set_rows
  // writes continued training's averaged rows.
  void set_rows(WordId word, const float* input, const float* context);
  void set_schedule_words(std::uint64_t words) { state_.schedule_words = words; }

  // With subwords, also the stopped run's n-gram rows (bucket x dim floats).
  void restore_buckets(const float* buckets);
  // Continued training, after train(): every n-gram row becomes
  // weight * its row in `buckets` + (1 - weight) * its own (see continued_training.h).
  void average_buckets(const float* buckets, float weight);

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
  // The n-gram rows (options().subwords.bucket of them; none without subwords).
  const Matrix& buckets() const { return buckets_; }
  // Each word's n-gram rows (none without subwords).
  const WordNgrams& ngrams() const { return ngrams_; }
  const TrainState& state() const { return state_; }
  const TrainOptions& options() const { return options_; }
  // The Huffman tree of hierarchical softmax; nullptr with negative sampling.
  const HuffmanTree* huffman_tree() const { return tree_ ? &*tree_ : nullptr; }

 private:
  struct Run;  // one call of train(), in trainer.cpp
  // Splits the spool into one range of whole sentences per thread, or
  // checks that a restored state's ranges were made from this spool.
  void plan_ranges(const Spool& spool);

  const Vocabulary& vocab_;
  TrainOptions options_;
  Matrix input_, context_;
  WordNgrams ngrams_;  // each word's n-gram rows, with subwords
  Matrix buckets_;
  TrainState state_;
  std::optional<HuffmanTree> tree_;  // hierarchical softmax's: its inner nodes are rows of context_
};

}  // namespace wordvec

#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "matrix.h"
#include "tokenizer.h"
#include "vocabulary.h"

namespace wordvec {

enum class UpdateMode {
  kWindow,  // negatives shared across a window, dense per-window updates (default, fast)
  kPair,    // word2vec's per-pair SGNS (reference)
};

struct TrainOptions {
  std::size_t dim = 100;
  int window = 5;
  int negative = 5;
  double sample = 1e-4;
  double lr = 0.025;
  double min_lr_ratio = 1e-4;  // lr decays linearly to lr * min_lr_ratio
  int epochs = 5;
  int threads = 1;
  std::uint64_t seed = 1;
  std::size_t max_sentence_words = 1000;
  UpdateMode mode = UpdateMode::kWindow;
  TokenizerOptions tokenizer;
};

// What the progress display needs, sampled while training runs.
struct TrainProgress {
  double fraction = 0;        // of all epochs, by corpus words
  std::uint64_t words = 0;    // corpus words processed (before subsampling)
  double seconds = 0;
  double lr = 0;
  double loss = 0;            // mean loss per (input, target) prediction so far
  int threads = 1;
  bool finished = false;
};

// Learning rate after `words_done` of `words_total` corpus words.
double scheduled_lr(const TrainOptions& options, std::uint64_t words_done, std::uint64_t words_total);

// Skip-gram with negative sampling over a corpus file, Hogwild-parallel:
// each thread owns a byte range of the corpus and updates the shared
// matrices without locks (word2vec's scheme).
class Trainer {
 public:
  Trainer(const Vocabulary& vocab, TrainOptions options);

  // Runs all epochs. `report` is called from one training thread about every
  // `report_seconds` and once at the end. Setting `stop` makes every thread
  // finish its current sentence and return early (train returns false).
  bool train(const std::string& corpus_path, const std::function<void(const TrainProgress&)>& report,
             double report_seconds = 0.5, const std::atomic<bool>* stop = nullptr);

  const Matrix& input() const { return input_; }
  const Matrix& context() const { return context_; }

 private:
  const Vocabulary& vocab_;
  TrainOptions options_;
  Matrix input_, context_;
};

}  // namespace wordvec

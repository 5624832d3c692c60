#include "train/trainer.h"

#include <omp.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "base/error.h"
#include "train/hierarchical_softmax.h"
#include "train/input_rows.h"
#include "train/negative_sampling.h"
#include "train/sampler.h"
#include "train/skip_gram.h"
#include "train/subword_row_cache.h"
#include "train/update_schemes.h"

namespace wordvec {

double scheduled_lr(const TrainOptions& options, std::uint64_t words_done, std::uint64_t words_total) {
  const double progress = words_total ? static_cast<double>(words_done) / static_cast<double>(words_total) : 1.0;
  return options.lr * std::max(options.min_lr_ratio, 1.0 - progress);
}

std::uint64_t schedule_words(const Vocabulary& vocab, const TrainState& state) {
  return state.schedule_words ? state.schedule_words : vocab.total_count();
}

namespace {
// Checked before anything is allocated for them.
const TrainOptions& validated(const TrainOptions& options) {
  validate(options);
  return options;
}

// Linux overcommits memory, so an oversized model would not fail to allocate
// but be killed later; refuse it up front instead. With subwords the bucket
// matrix dominates (2M rows x dim 100, packed: 800 MB).
std::size_t checked_rows(const Vocabulary& vocab, const TrainOptions& options) {
  if (vocab.size() == 0) throw Error("the vocabulary is empty");
  const double row_bytes = static_cast<double>(padded_dim(options.dim)) * sizeof(float);
  const double buckets = options.subwords.enabled() ? static_cast<double>(options.subwords.bucket) : 0.0;
  const double needed = 2.0 * static_cast<double>(vocab.size()) * row_bytes + buckets * options.dim * sizeof(float);
  const double physical = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (physical > 0 && needed > physical) {
    const std::string rows = buckets > 0 ? fmt::format(" and {} n-gram buckets", options.subwords.bucket) : "";
    throw Error(fmt::format("a model of {} words{} x {} dimensions needs {:.1f} GB, more than this machine's {:.1f} GB",
                            vocab.size(), rows, options.dim, needed / 1e9, physical / 1e9));
  }
  return vocab.size();
}

// word2vec's initialisation of input rows: uniform in [-0.5/dim, 0.5/dim),
// padding zero; rows [begin, end) of `m`, drawn from `rng` in row order.
void init_input_rows(Matrix& m, std::size_t begin, std::size_t end, Rng& rng) {
  const float scale = 1.0f / static_cast<float>(m.dim());
  for (std::size_t r = begin; r < end; ++r) {
    float* row = m.row(r);
    std::fill(row, row + m.stride(), 0.0f);
    for (std::size_t d = 0; d < m.dim(); ++d) row[d] = (static_cast<float>(rng.next() >> 8) / 16777216.0f - 0.5f) * scale;
  }
}

// Bucket rows get the same initialisation as word rows. There are millions:
// faulting in their pages (which the kernel zeroes first) and filling them
// took 5 s on one core for 2M x 100 (2026-11-27, the shared 2-core VM), so
// blocks of rows are filled in parallel, each from an Rng of its own, and
// the values do not depend on the thread count.
void init_bucket_rows(Matrix& m, std::uint64_t seed, int threads) {
  constexpr std::size_t kBlock = std::size_t{1} << 14;
  const auto blocks = static_cast<std::int64_t>((m.rows() + kBlock - 1) / kBlock);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const auto begin = static_cast<std::size_t>(b) * kBlock;
    Rng rng(seed * 0x9E3779B97F4A7C15ull + 0xB5C0FBCFEC4D3B2Full * static_cast<std::uint64_t>(b + 1));
    init_input_rows(m, begin, std::min(m.rows(), begin + kBlock), rng);
  }
}
}  // namespace

Trainer::Trainer(const Vocabulary& vocab, TrainOptions options)
    : vocab_(vocab), options_(validated(options)),
      input_(checked_rows(vocab, options), options.dim, Matrix::Pages::kHuge),
      context_(vocab.size(), options.dim, Matrix::Pages::kHuge) {
  Rng rng(options.seed);
  init_input_rows(input_, 0, input_.rows(), rng);
  std::fill(context_.data(), context_.data() + context_.rows() * context_.stride(), 0.0f);  // outputs start at zero
  if (options.subwords.enabled()) {
    ngrams_ = WordNgrams(vocab.words(), options.subwords);
    buckets_ = Matrix(options.subwords.bucket, options.dim, Matrix::Pages::kHuge, Matrix::Rows::kPacked);
    init_bucket_rows(buckets_, options.seed, options.threads);
  }
  if (options_.loss == LossType::kHierarchicalSoftmax) tree_.emplace(vocab.counts(), kMaxTargetRows);
}

void Trainer::restore(const float* input, const float* context, TrainState state) {
  for (Matrix* m : {&input_, &context_}) {
    const float* src = m == &input_ ? input : context;
    for (std::size_t r = 0; r < m->rows(); ++r) std::copy(src + r * m->dim(), src + (r + 1) * m->dim(), m->row(r));
  }
  options_.threads = static_cast<int>(state.workers.size());
  state_ = std::move(state);
}

void Trainer::restore_tree(HuffmanTree tree) {
  if (!tree_) throw Error("a Huffman tree was given for training without hierarchical softmax");
  if (tree.words() != vocab_.size())
    throw Error(fmt::format("the Huffman tree is over {} words, the vocabulary has {}", tree.words(), vocab_.size()));
  tree_ = std::move(tree);
}

void Trainer::set_rows(WordId word, const float* input, const float* context) {
  std::copy(input, input + options_.dim, input_.row(word));
  if (context) std::copy(context, context + options_.dim, context_.row(word));
}

void Trainer::restore_buckets(const float* buckets) {
  std::copy(buckets, buckets + buckets_.rows() * buckets_.dim(), buckets_.data());  // packed, as in the file
}

void Trainer::average_buckets(const float* buckets, float weight) {
  for (std::size_t r = 0; r < buckets_.rows(); ++r) {
    const float* from = buckets + r * buckets_.dim();
    float* row = buckets_.row(r);
    for (std::size_t d = 0; d < buckets_.dim(); ++d) row[d] = weight * from[d] + (1 - weight) * row[d];
  }
}

namespace {

using Clock = std::chrono::steady_clock;

bool row_is_finite(const float* row, std::size_t dim) {
  for (std::size_t d = 0; d < dim; ++d)
    if (!std::isfinite(row[d])) return false;
  return true;
}

// One thread's private state, padded to its own cache lines so the counters
// that the reporter reads do not false-share with another thread's.
struct alignas(64) WorkerStats {
  std::atomic<double> loss{0};
  std::atomic<std::uint64_t> predictions{0};
};

// One thread's training on sentences: subsampling, then the run's model
// (skip-gram under the update scheme of its mode, or CBOW) with its loss.
// The thread's Rng serves all of them, in the order the schemes document.
// With subwords the objective's input rows are the thread's SubwordRowCache
// slots.
class Worker {
 public:
  Worker(const TrainOptions& options, Matrix& input, Matrix& context, Matrix& buckets, const WordNgrams& ngrams,
         const NoiseSampler& noise, const HuffmanTree* tree, const Subsampler& subsampler, int thread)
      : model_(options.model), mode_(options.mode), subsampler_(subsampler),
        rng_(options.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(thread) + 1),
        subwords_(options.subwords.enabled() ? std::make_unique<SubwordRowCache>(input, buckets, ngrams, options.window)
                                             : nullptr),
        objective_(InputRows(input, subwords_.get()), options.window),
        negative_sampling_(context, noise, options.negative), window_(input.stride()), pair_(input.stride()),
        cbow_(input.stride()) {
    if (tree) hierarchical_softmax_.emplace(context, *tree);
  }

  // Subsamples `sentence` (word ids) and trains on every window in it.
  // Returns the summed loss and counts predictions.
  double train_sentence(const std::vector<WordId>& sentence, float lr, std::uint64_t& predictions) {
    kept_.clear();
    for (WordId id : sentence)
      if (subsampler_.keep(id, rng_)) kept_.push_back(id);
    const double loss = hierarchical_softmax_ ? train_kept(*hierarchical_softmax_, lr, predictions)
                                              : train_kept(negative_sampling_, lr, predictions);
    if (subwords_) subwords_->flush();
    return loss;
  }

 private:
  template <class Loss>
  double train_kept(const Loss& loss, float lr, std::uint64_t& predictions) {
    if (model_ == ModelType::kCbow) return cbow_.train(objective_, loss, kept_, rng_, lr, predictions);
    return mode_ == UpdateMode::kWindow ? window_.train(objective_, loss, kept_, rng_, lr, predictions)
                                        : pair_.train(objective_, loss, kept_, rng_, lr, predictions);
  }

  ModelType model_;
  UpdateMode mode_;
  const Subsampler& subsampler_;
  Rng rng_;
  std::vector<WordId> kept_;
  std::unique_ptr<SubwordRowCache> subwords_;  // null without subwords
  const SkipGram objective_;  // CBOW's inputs too: the same window, averaged by CbowUpdate
  const NegativeSampling negative_sampling_;
  std::optional<const HierarchicalSoftmax> hierarchical_softmax_;  // engaged when the run has a Huffman tree
  WindowUpdate window_;
  PairUpdate pair_;
  CbowUpdate cbow_;
};

}  // namespace

// One call of train(): what its threads share, and each thread's part.
struct Trainer::Run {
  Run(Trainer& trainer, const Spool& spool, const std::function<void(const TrainProgress&)>& report,
      double report_seconds, const std::atomic<bool>* stop);

  void in_parallel();
  void beside(ReplicaSync& replicas);
  std::uint64_t scaled_words(std::uint64_t words) const {
    return static_cast<std::uint64_t>(static_cast<double>(words) * progress_scale.load(std::memory_order_relaxed));
  }
  void train_range(int thread);
  void after_sentence();
  void check_finite(WordId word) const;
  std::string diverged_message(double fraction) const;
  TrainProgress snapshot(bool finished) const;

  Trainer& trainer;
  const Spool& spool;
  const NoiseSampler noise;
  const Subsampler subsampler;
  const std::uint64_t words_total, words_at_start;
  const int threads;
  const std::function<void(const TrainProgress&)>& report;
  const std::chrono::nanoseconds report_interval;
  const std::atomic<bool>* stop;  // the caller's
  std::atomic<bool> stopped{false};
  std::atomic<bool> finished{false}, failed{false};  // for a ReplicaSync
  std::atomic<double> progress_scale{1.0};            // set by a ReplicaSync
  int seed_offset = 0;                                // a ReplicaSync's
  std::atomic<std::uint64_t> words_done;
  std::atomic<std::int64_t> next_report_ns;
  std::atomic<bool> reporting{false};  // one report at a time, however slow the caller's function
  std::vector<WorkerStats> stats;
  Clock::time_point start = Clock::now();
};

Trainer::Run::Run(Trainer& t, const Spool& spool_to_read, const std::function<void(const TrainProgress&)>& report_to,
                  double report_seconds, const std::atomic<bool>* stop_flag)
    : trainer(t), spool(spool_to_read), noise(t.vocab_.counts()), subsampler(t.vocab_.counts(), t.options_.sample),
      words_total(schedule_words(t.vocab_, t.state_) * static_cast<std::uint64_t>(t.options_.epochs)),
      words_at_start(t.state_.words_done), threads(static_cast<int>(t.state_.workers.size())), report(report_to),
      report_interval(static_cast<std::int64_t>(report_seconds * 1e9)), stop(stop_flag),
      words_done(t.state_.words_done),
      next_report_ns(report_interval.count()),  // rates from the first few sentences mean nothing
      stats(static_cast<std::size_t>(threads)) {}

bool Trainer::train(const Spool& spool, const std::function<void(const TrainProgress&)>& report,
                    double report_seconds, const std::atomic<bool>* stop, ReplicaSync* replicas) {
  plan_ranges(spool);
  Run run(*this, spool, report, report_seconds, stop);
  if (replicas)
    run.beside(*replicas);
  else
    run.in_parallel();
  // Whatever the sampled rows said, no model with a non-finite weight leaves
  // here: wv-query would refuse it (a pass over V x dim floats, milliseconds).
  for (const Matrix* m : {&input_, &context_, &buckets_})
    for (std::size_t r = 0; r < m->rows(); ++r)
      if (!row_is_finite(m->row(r), m->dim())) throw Error(run.diverged_message(run.snapshot(false).fraction));
  state_.words_done = run.words_done.load();
  if (report) report(run.snapshot(true));
  return !run.stopped.load();
}

void Trainer::plan_ranges(const Spool& spool) {
  if (!state_.workers.empty()) {
    if (!(state_.spool == spool.identity()))
      throw Error(fmt::format("the corpus is not the one this training state was made from (its spool holds {} words "
                              "with checksum {:016x}, the state's {} words with checksum {:016x})",
                              spool.size(), spool.identity().hash, state_.spool.entries, state_.spool.hash));
    // Every range and every resume position starts a sentence.
    std::uint64_t begin = 0;
    for (const auto& w : state_.workers) {
      for (std::uint64_t p : {begin, w.offset})
        if (p < w.end && !spool.starts_sentence(p)) throw Error("the training state does not fit the corpus: a range starts inside a sentence");
      begin = w.end;
    }
    if (begin != spool.size()) throw Error("the training state does not fit the corpus: its ranges do not cover it");
    return;
  }
  state_.spool = spool.identity();
  // Equal shares of the spool, each moved forward to the next sentence
  // start, so that no sentence is cut.
  const auto n = static_cast<std::uint64_t>(std::max(1, options_.threads));
  const std::uint64_t size = spool.size();
  std::uint64_t begin = 0;
  for (std::uint64_t t = 0; t < n; ++t) {
    const std::uint64_t end = t + 1 == n ? size : std::max(begin, spool.sentence_start_from(size * (t + 1) / n));
    state_.workers.push_back({0, begin, end});
    begin = end;
  }
}

void Trainer::Run::in_parallel() {
  // An exception must not cross the parallel region's boundary: the first
  // one is kept, the other threads are told to stop, and it is rethrown.
  std::exception_ptr failure;
#pragma omp parallel num_threads(threads)
  try {
    // OpenMP may give fewer threads than asked (OMP_THREAD_LIMIT, a failed
    // thread start): then a thread trains several ranges in turn, so no
    // part of the corpus is skipped.
    for (int range = omp_get_thread_num(); range < threads; range += omp_get_num_threads()) train_range(range);
  } catch (...) {
#pragma omp critical(wordvec_train_failure)
    if (!failure) failure = std::current_exception();
    stopped.store(true);
  }
  if (failure) std::rethrow_exception(failure);
}

// The training threads run on a thread of their own, so that this one (the
// thread MPI was initialised on) is free for `replicas`.
void Trainer::Run::beside(ReplicaSync& replicas) {
  Matrix* const buckets = trainer.options_.subwords.enabled() ? &trainer.buckets_ : nullptr;
  TrainingReplica replica{trainer.input_, trainer.context_, buckets, words_done, finished, failed, stopped, progress_scale};
  replicas.start(replica);
  seed_offset = replicas.seed_offset();
  std::exception_ptr failure;
  std::thread training([&] {
    try {
      in_parallel();
    } catch (...) {
      failure = std::current_exception();
      failed.store(true);
    }
    finished.store(true);
  });
  try {
    replicas.keep_in_step(replica);
  } catch (...) {
    stopped.store(true);
    training.join();
    throw;
  }
  training.join();
  if (failure) std::rethrow_exception(failure);
}

// One thread's epochs over its range of the spool, from where its state says.
void Trainer::Run::train_range(int thread) {
  const TrainOptions& options = trainer.options_;
  const auto t = static_cast<std::size_t>(thread);
  Worker worker(options, trainer.input_, trainer.context_, trainer.buckets_, trainer.ngrams_, noise,
                trainer.huffman_tree(), subsampler, thread + seed_offset);
  WorkerStats& own_stats = stats[t];
  TrainState::Worker& position = trainer.state_.workers[t];
  const std::uint64_t begin = t == 0 ? 0 : trainer.state_.workers[t - 1].end;
  std::vector<WordId> sentence;
  double loss = 0;
  std::uint64_t predictions = 0;
  for (; position.epoch < options.epochs && !stopped.load(std::memory_order_relaxed); ++position.epoch) {
    SpoolSentences reader(spool, position.offset, position.end);
    while (!stopped.load(std::memory_order_relaxed) && reader.next(sentence)) {
      const std::uint64_t done = words_done.fetch_add(sentence.size(), std::memory_order_relaxed);
      loss += worker.train_sentence(sentence, static_cast<float>(scheduled_lr(options, scaled_words(done), words_total)), predictions);
      own_stats.loss.store(loss, std::memory_order_relaxed);
      own_stats.predictions.store(predictions, std::memory_order_relaxed);
      check_finite(sentence.front());
      after_sentence();
    }
    // Everything before the reader's position has been trained on.
    const bool interrupted = stopped.load() && reader.position() < position.end;
    position.offset = interrupted ? reader.position() : begin;
    if (interrupted) break;
  }
}

// A huge learning rate (or a pathological corpus) drives weights to
// infinity and then NaN, after which training only spreads NaN. One row per
// sentence is checked (dim floats against a sentence's ~10^6 multiply-adds),
// so the run stops within a sentence or two of it happening.
void Trainer::Run::check_finite(WordId word) const {
  if (!row_is_finite(trainer.input_.row(word), trainer.input_.dim()))
    throw Error(diverged_message(snapshot(false).fraction));
}

std::string Trainer::Run::diverged_message(double fraction) const {
  return fmt::format("training diverged at {:.1f}%: the weights are no longer finite numbers (the learning rate --lr {} "
                     "is likely too large; word2vec's default is {}); no model was written",
                     100 * fraction, trainer.options_.lr,
                     trainer.options_.model == ModelType::kCbow ? kCbowDefaultLr : kSkipGramDefaultLr);
}

// Between sentences: one thread reports when a report is due, and the
// caller's stop flag is passed on to every thread.
void Trainer::Run::after_sentence() {
  if (report) {
    const std::int64_t now = (Clock::now() - start).count();
    std::int64_t due = next_report_ns.load(std::memory_order_relaxed);
    // The exchange keeps a second thread out while a report runs: a report
    // that takes longer than the interval (or an interval of 0) would
    // otherwise call the caller's function on two threads at once.
    if (now >= due && !reporting.exchange(true, std::memory_order_acquire)) {
      if (next_report_ns.compare_exchange_strong(due, now + report_interval.count())) report(snapshot(false));
      reporting.store(false, std::memory_order_release);
    }
  }
  if (stop && stop->load(std::memory_order_relaxed)) stopped.store(true, std::memory_order_relaxed);
}

TrainProgress Trainer::Run::snapshot(bool finished) const {
  TrainProgress p;
  p.words = scaled_words(words_done.load(std::memory_order_relaxed));
  p.words_this_run = p.words - words_at_start;
  p.fraction = words_total ? std::min(1.0, static_cast<double>(p.words) / static_cast<double>(words_total)) : 1.0;
  p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  p.lr = scheduled_lr(trainer.options_, p.words, words_total);
  double loss = 0;
  std::uint64_t predictions = 0;
  for (const auto& s : stats) {
    loss += s.loss.load(std::memory_order_relaxed);
    predictions += s.predictions.load(std::memory_order_relaxed);
  }
  p.loss = predictions ? loss / static_cast<double>(predictions) : 0.0;
  p.threads = threads;
  p.finished = finished;
  return p;
}

}  // namespace wordvec

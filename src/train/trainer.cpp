#include "train/trainer.h"

#include <omp.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <vector>

#include "base/error.h"
#include "train/input_rows.h"
#include "train/negative_sampling.h"
#include "train/sampler.h"
#include "train/skip_gram.h"
#include "train/update_schemes.h"

namespace wordvec {

double scheduled_lr(const TrainOptions& options, std::uint64_t words_done, std::uint64_t words_total) {
  const double progress = words_total ? static_cast<double>(words_done) / static_cast<double>(words_total) : 1.0;
  return options.lr * std::max(options.min_lr_ratio, 1.0 - progress);
}

namespace {
// Linux overcommits memory, so an oversized model would not fail to allocate
// but be killed later; refuse it up front instead.
std::size_t checked_rows(const Vocabulary& vocab, std::size_t dim) {
  if (vocab.size() == 0) throw Error("the vocabulary is empty");
  const double needed = 2.0 * static_cast<double>(vocab.size()) * static_cast<double>(padded_dim(dim)) * sizeof(float);
  const double physical = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (physical > 0 && needed > physical)
    throw Error(fmt::format("a model of {} words x {} dimensions needs {:.1f} GB, more than this machine's {:.1f} GB",
                            vocab.size(), dim, needed / 1e9, physical / 1e9));
  return vocab.size();
}
}  // namespace

Trainer::Trainer(const Vocabulary& vocab, TrainOptions options)
    : vocab_(vocab), options_(options), input_(checked_rows(vocab, options.dim), options.dim, Matrix::Pages::kHuge),
      context_(vocab.size(), options.dim, Matrix::Pages::kHuge) {
  // word2vec's initialisation: inputs uniform in [-0.5/dim, 0.5/dim), outputs zero.
  Rng rng(options.seed);
  const float scale = 1.0f / static_cast<float>(options.dim);
  for (std::size_t r = 0; r < input_.rows(); ++r) {
    float* row = input_.row(r);
    std::fill(row, row + input_.stride(), 0.0f);
    for (std::size_t d = 0; d < options.dim; ++d)
      row[d] = (static_cast<float>(rng.next() >> 8) / 16777216.0f - 0.5f) * scale;
  }
  std::fill(context_.data(), context_.data() + context_.rows() * context_.stride(), 0.0f);
}

void Trainer::restore(const float* input, const float* context, TrainState state) {
  for (Matrix* m : {&input_, &context_}) {
    const float* src = m == &input_ ? input : context;
    for (std::size_t r = 0; r < m->rows(); ++r) std::copy(src + r * m->dim(), src + (r + 1) * m->dim(), m->row(r));
  }
  options_.threads = static_cast<int>(state.workers.size());
  state_ = std::move(state);
}

nlohmann::json to_json(const TrainState& state) {
  nlohmann::json workers = nlohmann::json::array();
  for (const auto& w : state.workers) workers.push_back({{"epoch", w.epoch}, {"offset", w.offset}, {"end", w.end}});
  return {{"words_done", state.words_done}, {"workers", workers}};
}

TrainState train_state_from_json(const nlohmann::json& j) {
  try {
    TrainState state;
    state.words_done = j.at("words_done").get<std::uint64_t>();
    for (const auto& w : j.at("workers"))
      state.workers.push_back({w.at("epoch").get<int>(), w.at("offset").get<std::uint64_t>(), w.at("end").get<std::uint64_t>()});
    if (state.workers.empty()) throw Error("no workers");
    return state;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed training state: ") + e.what());
  }
}

namespace {

using Clock = std::chrono::steady_clock;

// One thread's private state, padded to its own cache lines so the counters
// that the reporter reads do not false-share with another thread's.
struct alignas(64) WorkerStats {
  std::atomic<double> loss{0};
  std::atomic<std::uint64_t> predictions{0};
};

struct SharedState {
  std::atomic<std::uint64_t> words_done{0};
  std::atomic<std::int64_t> next_report_ns{0};
  std::vector<WorkerStats> stats;
  Clock::time_point start = Clock::now();
};

// One thread's training on sentences: subsampling, then skip-gram with
// negative sampling under the update scheme of the run's mode. The thread's
// Rng serves all three, in the order the schemes document.
class Worker {
 public:
  Worker(const TrainOptions& options, Matrix& input, Matrix& context, const NoiseSampler& noise,
         const Subsampler& subsampler, int thread)
      : mode_(options.mode), subsampler_(subsampler),
        rng_(options.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(thread) + 1),
        window_(SkipGram(InputRows(input), options.window), NegativeSampling(context, noise, options.negative),
                input.stride()),
        pair_(SkipGram(InputRows(input), options.window), NegativeSampling(context, noise, options.negative),
              input.stride()) {}

  // Subsamples `sentence` (word ids) and trains on every window in it.
  // Returns the summed loss and counts predictions.
  double train_sentence(const std::vector<WordId>& sentence, float lr, std::uint64_t& predictions) {
    kept_.clear();
    for (WordId id : sentence)
      if (subsampler_.keep(id, rng_)) kept_.push_back(id);
    return mode_ == UpdateMode::kWindow ? window_.train(kept_, rng_, lr, predictions)
                                        : pair_.train(kept_, rng_, lr, predictions);
  }

 private:
  UpdateMode mode_;
  const Subsampler& subsampler_;
  Rng rng_;
  std::vector<WordId> kept_;
  WindowUpdate<SkipGram, NegativeSampling> window_;
  PairUpdate<SkipGram, NegativeSampling> pair_;
};

}  // namespace

bool Trainer::train(const std::string& corpus_path, const std::function<void(const TrainProgress&)>& report,
                    double report_seconds, const std::atomic<bool>* stop) {
  if (options_.window < 1 || 2 * options_.window > kMaxWindowRows)
    throw Error("window must be between 1 and " + std::to_string(kMaxWindowRows / 2));
  if (options_.negative < 1 || options_.negative + 1 > kMaxTargetRows)
    throw Error("negative must be between 1 and " + std::to_string(kMaxTargetRows - 1));
  const std::uint64_t corpus_bytes = corpus_file_size(corpus_path);
  const NoiseSampler noise(vocab_.counts());
  const Subsampler subsampler(vocab_.counts(), options_.sample);
  const std::uint64_t words_total = vocab_.total_count() * static_cast<std::uint64_t>(options_.epochs);
  if (state_.workers.empty()) {
    const int n = std::max(1, options_.threads);
    for (int t = 0; t < n; ++t)
      state_.workers.push_back({0, corpus_bytes * static_cast<std::uint64_t>(t) / static_cast<std::uint64_t>(n),
                                corpus_bytes * static_cast<std::uint64_t>(t + 1) / static_cast<std::uint64_t>(n)});
  } else if (state_.workers.back().end != corpus_bytes) {
    throw Error("the corpus is not the one this training state was made from (its size differs)");
  }
  const int threads = static_cast<int>(state_.workers.size());

  SharedState shared;
  shared.words_done = state_.words_done;
  const std::uint64_t words_at_start = state_.words_done;
  shared.stats = std::vector<WorkerStats>(static_cast<std::size_t>(threads));
  const auto report_interval = std::chrono::nanoseconds(static_cast<std::int64_t>(report_seconds * 1e9));
  shared.next_report_ns = report_interval.count();  // rates from the first few sentences mean nothing
  std::atomic<bool> stopped{false};

  auto snapshot = [&](bool finished) {
    TrainProgress p;
    p.words = shared.words_done.load(std::memory_order_relaxed);
    p.words_this_run = p.words - words_at_start;
    p.fraction = words_total ? std::min(1.0, static_cast<double>(p.words) / static_cast<double>(words_total)) : 1.0;
    p.seconds = std::chrono::duration<double>(Clock::now() - shared.start).count();
    p.lr = scheduled_lr(options_, p.words, words_total);
    double loss = 0;
    std::uint64_t predictions = 0;
    for (const auto& s : shared.stats) {
      loss += s.loss.load(std::memory_order_relaxed);
      predictions += s.predictions.load(std::memory_order_relaxed);
    }
    p.loss = predictions ? loss / static_cast<double>(predictions) : 0.0;
    p.threads = threads;
    p.finished = finished;
    return p;
  };

  // An exception must not cross the parallel region's boundary: the first
  // one is kept, the other threads are told to stop, and it is rethrown.
  std::exception_ptr failure;
#pragma omp parallel num_threads(threads)
  try {
    const int t = omp_get_thread_num();
    Worker worker(options_, input_, context_, noise, subsampler, t);
    WorkerStats& stats = shared.stats[static_cast<std::size_t>(t)];
    std::vector<WordId> sentence;
    double loss = 0;
    std::uint64_t predictions = 0;
    TrainState::Worker& position = state_.workers[static_cast<std::size_t>(t)];
    const std::uint64_t begin = t == 0 ? 0 : state_.workers[static_cast<std::size_t>(t) - 1].end;

    auto flush_sentence = [&]() {
      if (sentence.empty()) return;
      const std::uint64_t done = shared.words_done.fetch_add(sentence.size(), std::memory_order_relaxed);
      loss += worker.train_sentence(sentence, static_cast<float>(scheduled_lr(options_, done, words_total)), predictions);
      sentence.clear();
      stats.loss.store(loss, std::memory_order_relaxed);
      stats.predictions.store(predictions, std::memory_order_relaxed);
      if (report) {
        const std::int64_t now = (Clock::now() - shared.start).count();
        std::int64_t due = shared.next_report_ns.load(std::memory_order_relaxed);
        if (now >= due && shared.next_report_ns.compare_exchange_strong(due, now + report_interval.count()))
          report(snapshot(false));
      }
      if (stop && stop->load(std::memory_order_relaxed)) stopped.store(true, std::memory_order_relaxed);
    };

    for (; position.epoch < options_.epochs && !stopped.load(std::memory_order_relaxed); ++position.epoch) {
      TokenStream stream(corpus_path, position.offset, position.end, options_.tokenizer);
      std::string_view token;
      bool newline = false;
      while (!stopped.load(std::memory_order_relaxed) && stream.next(token, newline)) {
        if (newline) flush_sentence();
        const WordId id = vocab_.find(token);
        if (id == kNoWord) continue;
        sentence.push_back(id);
        if (sentence.size() >= options_.max_sentence_words) flush_sentence();
      }
      flush_sentence();
      // Everything before the stream's position has been trained on.
      const bool interrupted = stopped.load() && stream.position() < position.end;
      position.offset = interrupted ? stream.position() : begin;
      if (interrupted) break;
    }
  } catch (...) {
#pragma omp critical(wordvec_train_failure)
    if (!failure) failure = std::current_exception();
    stopped.store(true);
  }
  if (failure) std::rethrow_exception(failure);
  state_.words_done = shared.words_done.load();
  if (report) report(snapshot(true));
  return !stopped.load();
}

}  // namespace wordvec

#include "cluster/model_sync.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "train/trainer.h"

namespace wordvec {

namespace {
using Clock = std::chrono::steady_clock;

// Rows are merged in pieces of about this many floats (4 MB), so the
// copies stay small whatever the model's size.
constexpr std::size_t kPieceFloats = std::size_t{1} << 20;
}  // namespace

std::size_t rows_in_round(std::size_t rows, std::uint64_t round) {
  std::size_t n = 1024;
  for (std::uint64_t r = round; r != 0 && r % 2 == 0 && n < rows; r /= 2) n *= 4;
  return std::min(n, rows);
}

std::uint64_t default_words_per_round(int processes) {
  return std::max<std::uint64_t>(1000, 200'000 / static_cast<std::uint64_t>(std::max(processes, 1)));
}

namespace {
// Every how many rounds rows_in_round merges `row` (the last round aside).
std::uint64_t merge_period(std::size_t rows, std::size_t row) {
  std::uint64_t period = 1;
  while (rows_in_round(rows, period) <= row) period *= 2;
  return period;
}
}  // namespace

void ModelSync::fit(const Vocabulary& vocab, const Trainer& trainer) {
  context_busiest_last_ = trainer.huffman_tree() != nullptr;
  if (cluster_.size() < 3) return;
  options_ = trainer.options();
  scale_.emplace(vocab.counts(), options_, cluster_.size(), trainer.huffman_tree());
  schedule_words_ = schedule_words(vocab, trainer.state()) * static_cast<std::uint64_t>(options_.epochs);
}

void ModelSync::copy_rows(const Matrix& m, std::size_t rows, std::vector<float>& common) {
  common.resize(m.rows() * m.dim());
  for (std::size_t r = 0; r < rows; ++r) std::copy(m.row(r), m.row(r) + m.dim(), common.data() + r * m.dim());
}

void ModelSync::start(TrainingReplica& replica) {
  copy_rows(replica.input, replica.input.rows(), common_input_);
  copy_rows(replica.context, replica.context.rows(), common_context_);
  if (scale_) scale_->measure(replica.input, replica.context);
  // Until the first round counts them, assume the processes go equally fast.
  replica.progress_scale.store(static_cast<double>(cluster_.size()));
}

// Words a process trained since the last round, the same on every process
// (a factor every process computes alike, or their common rows differ):
// more than --sync-words when the merging falls behind.
std::uint64_t ModelSync::words_since_last_round(std::uint64_t job_words) {
  const std::uint64_t words = stats_.rounds == 1 ? words_per_round_
                                                 : (job_words - last_job_words_) / static_cast<std::uint64_t>(cluster_.size());
  last_job_words_ = job_words;
  return words;
}

void ModelSync::wait_for_round(const TrainingReplica& replica, std::uint64_t words) const {
  while (!replica.finished.load() && replica.words_done.load(std::memory_order_relaxed) < words)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void ModelSync::keep_in_step(TrainingReplica& replica) {
  for (std::uint64_t next = words_per_round_;;) {
    wait_for_round(replica, next);
    if (replica.failed.load()) return;  // train rethrows it; the caller then fails the cluster
    const bool finished = replica.finished.load();
    const std::uint64_t words = replica.words_done.load();
    if (cluster_.meet(replica.stopped.load())) replica.stopped.store(true);
    std::uint64_t totals[2] = {words, finished ? 1u : 0u};
    cluster_.sum(totals, 2);
    const bool all_finished = totals[1] == static_cast<std::uint64_t>(cluster_.size());
    const auto start = Clock::now();
    ++stats_.rounds;
    const std::size_t rows = all_finished ? replica.input.rows() : rows_in_round(replica.input.rows(), stats_.rounds);
    if (scale_)
      scale_->prepare(scheduled_lr(options_, totals[0], schedule_words_), words_since_last_round(totals[0]));
    merge_rows(replica.input, common_input_, 0, rows);
    const std::size_t context_rows = replica.context.rows();
    if (context_busiest_last_)
      merge_rows(replica.context, common_context_, context_rows - rows, context_rows, true);
    else
      merge_rows(replica.context, common_context_, 0, rows, true);
    stats_.rows += 2 * rows;
    stats_.seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (words > 0) replica.progress_scale.store(static_cast<double>(totals[0]) / static_cast<double>(words));
    if (all_finished) return;
    next = words + words_per_round_;
  }
}

// Bound by the sum across processes (memory bandwidth on one machine, the
// network between machines); the copies in and out are plain loops over
// 4 MB pieces, a few ms per 10^6 floats (docs/scaling.md).
void ModelSync::merge_rows(Matrix& m, std::vector<float>& common, std::size_t first, std::size_t last, bool context) {
  const std::size_t dim = m.dim();
  const std::size_t piece_rows = std::max<std::size_t>(1, kPieceFloats / dim);
  // A row's place in the order of busyness, which sets how often it is merged.
  const bool reversed = context && context_busiest_last_;
  const auto place = [&](std::size_t r) { return reversed ? m.rows() - 1 - r : r; };
  for (std::size_t begin = first; begin < last; begin += piece_rows) {
    const std::size_t end = std::min(last, begin + piece_rows);
    float* const shared = common.data() + begin * dim;
    before_.resize((end - begin) * dim);
    change_.resize(before_.size());
    for (std::size_t r = begin, i = 0; r < end; ++r, i += dim) std::copy(m.row(r), m.row(r) + dim, before_.data() + i);
    for (std::size_t i = 0; i < before_.size(); ++i) change_[i] = before_[i] - shared[i];
    cluster_.sum(change_.data(), change_.size());
    if (scale_)
      for (std::size_t r = begin, i = 0; r < end; ++r) {
        const std::uint64_t period = merge_period(m.rows(), place(r));
        const float f = context ? scale_->context(r, period) : scale_->input(r, period);
        for (std::size_t d = 0; d < dim; ++d, ++i) change_[i] *= f;
      }
    for (std::size_t r = begin, i = 0; r < end; ++r) {
      float* row = m.row(r);
      const float* const merged = common.data() + r * dim;
      for (std::size_t d = 0; d < dim; ++d, ++i) {
        shared[i] += change_[i];
        row[d] = shared[i] + (row[d] - before_[i]);
      }
      if (scale_) scale_->remeasure(context, r, merged);
    }
  }
}

}  // namespace wordvec

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
// Every how many rounds rows_in_round merges the row at `place` (the last
// round aside): the tiers [1024 x 4^(k-1), 1024 x 4^k) every 2^k rounds.
// Worked out directly, not by asking rows_in_round round after round: it
// is called for every row of every merge when damping.
std::uint64_t merge_period(std::size_t place) {
  std::uint64_t period = 1;
  for (std::size_t tier_end = 1024; tier_end <= place; tier_end *= 4) period *= 2;
  return period;
}
}  // namespace

void MergedRows::copy_common() {
  const std::size_t dim = matrix->dim();
  common.resize(places() * dim);
  for (std::size_t p = 0; p < places(); ++p) std::copy(matrix->row(row(p)), matrix->row(row(p)) + dim, common.data() + p * dim);
}

std::vector<std::uint32_t> bucket_rows_by_use(const Vocabulary& vocab, const WordNgrams& ngrams, std::size_t buckets) {
  std::vector<std::uint64_t> use(buckets, 0);
  for (WordId w = 0; w < vocab.size(); ++w)
    for (std::size_t k = 0; k < ngrams.count(w); ++k) use[ngrams.of(w)[k]] += vocab.count(w);
  std::vector<std::uint32_t> order;
  for (std::size_t b = 0; b < buckets; ++b)
    if (use[b] > 0) order.push_back(static_cast<std::uint32_t>(b));
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return use[a] > use[b]; });
  return order;
}

void ModelSync::fit(const Vocabulary& vocab, const Trainer& trainer) {
  if (trainer.huffman_tree()) {
    // Inner node n is row n, the root the last of the vocabulary's size - 1.
    context_order_.resize(vocab.size() - 1);
    for (std::size_t p = 0; p < context_order_.size(); ++p)
      context_order_[p] = static_cast<std::uint32_t>(context_order_.size() - 1 - p);
  }
  if (trainer.options().subwords.enabled())
    bucket_order_ = bucket_rows_by_use(vocab, trainer.ngrams(), trainer.buckets().rows());
  if (cluster_.size() < 3) return;
  options_ = trainer.options();
  scale_.emplace(vocab.counts(), options_, cluster_.size(), trainer.huffman_tree());
  if (!bucket_order_.empty()) scale_->add_buckets(trainer.ngrams(), bucket_order_, trainer.buckets().rows());
  schedule_words_ = schedule_words(vocab, trainer.state()) * static_cast<std::uint64_t>(options_.epochs);
}

void ModelSync::start(TrainingReplica& replica) {
  merged_.clear();
  merged_.push_back({&replica.input, MergedRows::Kind::kInput, {}, {}});
  merged_.push_back({&replica.context, MergedRows::Kind::kContext, context_order_, {}});
  if (replica.buckets) merged_.push_back({replica.buckets, MergedRows::Kind::kBuckets, bucket_order_, {}});
  for (MergedRows& rows : merged_) rows.copy_common();
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
    if (scale_)
      scale_->prepare(scheduled_lr(options_, totals[0], schedule_words_), words_since_last_round(totals[0]));
    for (MergedRows& rows : merged_) {
      const std::size_t places = all_finished ? rows.places() : rows_in_round(rows.places(), stats_.rounds);
      merge_rows(rows, places);
      stats_.rows += places;
    }
    stats_.seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (words > 0) replica.progress_scale.store(static_cast<double>(totals[0]) / static_cast<double>(words));
    if (all_finished) return;
    next = words + words_per_round_;
  }
}

float ModelSync::factor(const MergedRows& rows, std::size_t place) const {
  const std::uint64_t period = merge_period(place);
  switch (rows.kind) {
    case MergedRows::Kind::kInput: return scale_->input(rows.row(place), period);
    case MergedRows::Kind::kContext: return scale_->context(rows.row(place), period);
    case MergedRows::Kind::kBuckets: return scale_->bucket(place, period);
  }
  return 1.0f;
}

// Bound by the sum across processes (memory bandwidth on one machine, the
// network between machines); the copies in and out are plain loops over
// 4 MB pieces, a few ms per 10^6 floats (docs/scaling.md).
void ModelSync::merge_rows(MergedRows& rows, std::size_t places) {
  Matrix& m = *rows.matrix;
  const std::size_t dim = m.dim();
  const std::size_t piece_rows = std::max<std::size_t>(1, kPieceFloats / dim);
  for (std::size_t begin = 0; begin < places; begin += piece_rows) {
    const std::size_t end = std::min(places, begin + piece_rows);
    float* const shared = rows.common.data() + begin * dim;
    before_.resize((end - begin) * dim);
    change_.resize(before_.size());
    for (std::size_t p = begin, i = 0; p < end; ++p, i += dim)
      std::copy(m.row(rows.row(p)), m.row(rows.row(p)) + dim, before_.data() + i);
    for (std::size_t i = 0; i < before_.size(); ++i) change_[i] = before_[i] - shared[i];
    cluster_.sum(change_.data(), change_.size());
    if (scale_)
      for (std::size_t p = begin, i = 0; p < end; ++p) {
        const float f = factor(rows, p);
        for (std::size_t d = 0; d < dim; ++d, ++i) change_[i] *= f;
      }
    for (std::size_t p = begin, i = 0; p < end; ++p) {
      float* row = m.row(rows.row(p));
      const float* const merged = rows.common.data() + p * dim;
      for (std::size_t d = 0; d < dim; ++d, ++i) {
        shared[i] += change_[i];
        row[d] = shared[i] + (row[d] - before_[i]);
      }
      if (scale_ && rows.kind != MergedRows::Kind::kBuckets)
        scale_->remeasure(rows.kind == MergedRows::Kind::kContext, rows.row(p), merged);
    }
  }
}

}  // namespace wordvec

// Training: the update kernels against a plain double-precision reference,
// the learning-rate schedule, and whole training runs on small synthetic
// corpora (reproducibility, loss going down, stopping, thread ranges).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/error.h"
#include "train/checkpoint.h"
#include "train/hierarchical_softmax.h"
#include "train/huffman_tree.h"
#include "train/logistic.h"
#include "train/model_writer.h"
#include "train/update_kernels.h"
#include "base/matrix.h"
#include "model/model_file.h"
#include "test_support.h"
#include "train/trainer.h"
#include "text/corpus.h"
#include "text/vocabulary.h"

using wordvec::Matrix;
using wordvec::TrainOptions;
using wordvec::Trainer;
using wordvec::TrainProgress;
using wordvec::test::TempDir;

namespace {

using Rows = std::vector<std::vector<double>>;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
  return s;
}

// Negative sampling's labels: targets[0] is the positive, the rest negatives.
std::vector<float> ns_labels(std::size_t n_targets) {
  std::vector<float> labels(n_targets, 0.0f);
  labels[0] = 1.0f;
  return labels;
}

// Labels as a Huffman code would give them: no fixed position for the positives.
std::vector<float> mixed_labels(std::mt19937& gen, std::size_t n_targets) {
  std::vector<float> labels(n_targets);
  for (auto& l : labels) l = static_cast<float>(gen() % 2);
  return labels;
}

// The window update as the header specifies it, in doubles: every score from
// the old rows, g = (label - sigmoid(score)) * lr.
// With `sequential`, the inputs are instead updated from the already updated
// targets: the wrong semantics, used to show the test can tell them apart.
double reference_window(Rows& inputs, Rows& targets, const std::vector<float>& labels, double lr,
                        bool sequential = false) {
  const std::size_t n_in = inputs.size(), n_t = targets.size(), dim = inputs[0].size();
  std::vector<std::vector<double>> g(n_in, std::vector<double>(n_t));
  double loss = 0;
  for (std::size_t c = 0; c < n_in; ++c)
    for (std::size_t t = 0; t < n_t; ++t) {
      const double s = dot(inputs[c], targets[t]);
      g[c][t] = (labels[t] - sigmoid(s)) * lr;
      loss += -std::log(sigmoid(labels[t] > 0 ? s : -s));
    }
  const Rows old_targets = targets;
  for (std::size_t t = 0; t < n_t; ++t)
    for (std::size_t c = 0; c < n_in; ++c)
      for (std::size_t k = 0; k < dim; ++k) targets[t][k] += g[c][t] * inputs[c][k];
  const Rows& source = sequential ? targets : old_targets;
  for (std::size_t c = 0; c < n_in; ++c)
    for (std::size_t t = 0; t < n_t; ++t)
      for (std::size_t k = 0; k < dim; ++k) inputs[c][k] += g[c][t] * source[t][k];
  return loss;
}

// word2vec's per-pair update: one input row against its labelled targets.
double reference_pair(std::vector<double>& input, Rows& targets, const std::vector<float>& labels, double lr) {
  std::vector<double> delta(input.size(), 0.0);
  double loss = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const double s = dot(input, targets[t]);
    const double g = (labels[t] - sigmoid(s)) * lr;
    loss += -std::log(sigmoid(labels[t] > 0 ? s : -s));
    for (std::size_t k = 0; k < input.size(); ++k) {
      delta[k] += g * targets[t][k];
      targets[t][k] += g * input[k];
    }
  }
  for (std::size_t k = 0; k < input.size(); ++k) input[k] += delta[k];
  return loss;
}

// Random rows of `dim` logical floats, stored padded in a Matrix with zero padding.
Rows random_rows(std::mt19937& gen, std::size_t n, std::size_t dim) {
  // Scores then have a standard deviation of about 1.5: the sigmoid's interesting range.
  const double amplitude = std::sqrt(4.5 / std::sqrt(static_cast<double>(dim)));
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  Rows rows(n, std::vector<double>(dim));
  for (auto& r : rows)
    for (auto& x : r) x = static_cast<float>(u(gen));  // exactly representable in float
  return rows;
}

void load(Matrix& m, const Rows& rows) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    float* row = m.row(r);
    std::fill(row, row + m.stride(), 0.0f);
    for (std::size_t k = 0; k < rows[r].size(); ++k) row[k] = static_cast<float>(rows[r][k]);
  }
}

double max_abs(const Rows& a) {
  double m = 0;
  for (const auto& r : a)
    for (double x : r) m = std::max(m, std::abs(x));
  return m;
}

// Largest difference between the matrix rows and the reference rows, and
// checks that the padding lanes are still exactly zero.
double compare(const Matrix& m, const Rows& rows) {
  double worst = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t k = 0; k < rows[r].size(); ++k)
      worst = std::max(worst, std::abs(static_cast<double>(m.row(r)[k]) - rows[r][k]));
    for (std::size_t k = rows[r].size(); k < m.stride(); ++k) REQUIRE(m.row(r)[k] == 0.0f);
  }
  return worst;
}

double row_distance(const Rows& a, const Rows& b) {
  double worst = 0;
  for (std::size_t r = 0; r < a.size(); ++r)
    for (std::size_t k = 0; k < a[r].size(); ++k) worst = std::max(worst, std::abs(a[r][k] - b[r][k]));
  return worst;
}

}  // namespace

TEST_CASE("fast_sigmoid and the loss table are close to the exact functions", "[kernels]") {
  for (int i = -3000; i <= 3000; ++i) {
    const float x = static_cast<float>(i) * 0.01f;
    INFO("x = " << x);
    REQUIRE(std::abs(wordvec::fast_sigmoid(x) - sigmoid(x)) <= 1e-3);
    if (std::abs(x) < 8) REQUIRE(std::abs(wordvec::fast_log_sigmoid_loss(x) - std::log1p(std::exp(-x))) <= 2e-3);
  }
  CHECK(wordvec::fast_sigmoid(0.0f) == Approx(0.5).margin(1e-6));
  CHECK(wordvec::fast_sigmoid(1e30f) == Approx(1.0).margin(1e-3));
  CHECK(wordvec::fast_sigmoid(-1e30f) == Approx(0.0).margin(1e-3));
  const float nan_sigmoid = wordvec::fast_sigmoid(std::nanf(""));
  CHECK(nan_sigmoid >= 0.0f);  // a NaN score does not poison the table lookup
  CHECK(nan_sigmoid <= 1.0f);
}

TEST_CASE("window_update matches a double-precision reference", "[kernels]") {
  struct Case {
    std::size_t dim;  // logical; the kernel runs over the padded stride
    int n_inputs, n_targets;
    float lr;
    bool mixed;  // labels in any order (hierarchical softmax) instead of negative sampling's
  };
  const Case cases[] = {{16, 1, 2, 0.5f, false},   {16, 10, 6, 0.5f, false}, {32, 4, 6, 0.25f, false},
                        {32, 10, 16, 0.5f, false}, {20, 7, 6, 0.5f, false},  {32, 64, 64, 0.05f, false},
                        {48, 3, 4, 1.0f, false},   {16, 10, 6, 0.5f, true},  {32, 10, 16, 0.5f, true}};
  std::mt19937 gen(17);
  for (const auto& tc : cases) {
    INFO("dim " << tc.dim << ", " << tc.n_inputs << " inputs, " << tc.n_targets << " targets, lr " << tc.lr
                << (tc.mixed ? ", mixed labels" : ""));
    Rows in = random_rows(gen, static_cast<std::size_t>(tc.n_inputs), tc.dim);
    Rows tg = random_rows(gen, static_cast<std::size_t>(tc.n_targets), tc.dim);
    Matrix in_m(in.size(), tc.dim), tg_m(tg.size(), tc.dim);
    load(in_m, in);
    load(tg_m, tg);
    std::vector<float*> in_ptrs, tg_ptrs;
    for (std::size_t r = 0; r < in.size(); ++r) in_ptrs.push_back(in_m.row(r));
    for (std::size_t r = 0; r < tg.size(); ++r) tg_ptrs.push_back(tg_m.row(r));

    const auto n_targets = static_cast<std::size_t>(tc.n_targets);
    const std::vector<float> labels = tc.mixed ? mixed_labels(gen, n_targets) : ns_labels(n_targets);

    const float loss = wordvec::window_update(in_ptrs.data(), tc.n_inputs, tg_ptrs.data(), labels.data(), tc.n_targets,
                                              in_m.stride(), tc.lr);
    Rows in_seq = in, tg_seq = tg;
    const double ref_loss = reference_window(in, tg, labels, tc.lr);
    reference_window(in_seq, tg_seq, labels, tc.lr, /*sequential=*/true);

    // The table sigmoid is within 1e-3, so each gradient is within 1e-3 * lr,
    // and a row moves by a sum of n such gradients times old values.
    const double scale = std::max(max_abs(in), max_abs(tg));
    const double tol_in = tc.n_targets * 1e-3 * tc.lr * scale + 1e-5;
    const double tol_tg = tc.n_inputs * 1e-3 * tc.lr * scale + 1e-5;
    CHECK(compare(in_m, in) <= tol_in);
    CHECK(compare(tg_m, tg) <= tol_tg);
    // Updating the inputs from the new target rows would be caught.
    CHECK(row_distance(in_seq, in) > 5 * tol_in);
    CHECK(std::abs(loss - ref_loss) <= 2e-3 * tc.n_inputs * tc.n_targets + 1e-4 * ref_loss);
  }
}

TEST_CASE("window_update leaves padding lanes at zero and rows it was not given alone", "[kernels]") {
  std::mt19937 gen(5);
  Rows in = random_rows(gen, 3, 20), tg = random_rows(gen, 4, 20);
  Matrix in_m(4, 20), tg_m(5, 20);  // one extra row each, not passed to the kernel
  Rows in_all = in, tg_all = tg;
  in_all.push_back(random_rows(gen, 1, 20)[0]);
  tg_all.push_back(random_rows(gen, 1, 20)[0]);
  load(in_m, in_all);
  load(tg_m, tg_all);
  float* in_ptrs[] = {in_m.row(0), in_m.row(1), in_m.row(2)};
  float* tg_ptrs[] = {tg_m.row(0), tg_m.row(1), tg_m.row(2), tg_m.row(3)};
  REQUIRE(in_m.stride() == 32);
  const std::vector<float> labels = ns_labels(4);
  wordvec::window_update(in_ptrs, 3, tg_ptrs, labels.data(), 4, in_m.stride(), 0.5f);
  reference_window(in, tg, labels, 0.5);
  in.push_back(in_all.back());
  tg.push_back(tg_all.back());
  CHECK(compare(in_m, in) < 1e-2);  // also REQUIREs zero padding
  CHECK(compare(tg_m, tg) < 1e-2);
  for (int k = 0; k < 20; ++k) {
    CHECK(in_m.row(3)[k] == static_cast<float>(in_all[3][static_cast<std::size_t>(k)]));
    CHECK(tg_m.row(4)[k] == static_cast<float>(tg_all[4][static_cast<std::size_t>(k)]));
  }
}

TEST_CASE("pair_update matches word2vec's per-pair update in doubles", "[kernels]") {
  std::mt19937 gen(23);
  for (bool mixed : {false, true}) {
    for (std::size_t dim : {16u, 32u, 20u}) {
      for (int n_targets : {2, 6, 16}) {
        INFO("dim " << dim << ", " << n_targets << " targets" << (mixed ? ", mixed labels" : ""));
        Rows in = random_rows(gen, 1, dim), tg = random_rows(gen, static_cast<std::size_t>(n_targets), dim);
        Matrix in_m(1, dim), tg_m(tg.size(), dim), scratch(1, dim);
        load(in_m, in);
        load(tg_m, tg);
        std::vector<float*> tg_ptrs;
        for (std::size_t r = 0; r < tg.size(); ++r) tg_ptrs.push_back(tg_m.row(r));
        const float lr = 0.5f;
        const auto n = static_cast<std::size_t>(n_targets);
        const std::vector<float> labels = mixed ? mixed_labels(gen, n) : ns_labels(n);
        const float loss = wordvec::pair_update(in_m.row(0), tg_ptrs.data(), labels.data(), n_targets, in_m.stride(), lr,
                                                scratch.row(0));
        const double ref_loss = reference_pair(in[0], tg, labels, lr);
        const double scale = std::max(max_abs(in), max_abs(tg));
        CHECK(compare(in_m, in) <= n_targets * 1e-3 * lr * scale + 1e-5);
        CHECK(compare(tg_m, tg) <= 1e-3 * lr * scale + 1e-5);
        CHECK(std::abs(loss - ref_loss) <= 2e-3 * n_targets);
      }
    }
  }
}

namespace {

// word2vec's CBOW update (cbow_mean 1): the mean of the input rows predicts
// the targets, and each input (a row listed twice, twice) gets the whole
// hidden-row gradient, gathered from the targets' old values.
double reference_cbow(Rows& rows, const std::vector<std::size_t>& inputs, Rows& targets,
                      const std::vector<float>& labels, double lr) {
  const std::size_t dim = targets[0].size();
  std::vector<double> hidden(dim, 0.0), error(dim, 0.0);
  for (std::size_t r : inputs)
    for (std::size_t k = 0; k < dim; ++k) hidden[k] += rows[r][k] / static_cast<double>(inputs.size());
  double loss = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const double s = dot(hidden, targets[t]);
    const double g = (labels[t] - sigmoid(s)) * lr;
    loss += -std::log(sigmoid(labels[t] > 0 ? s : -s));
    for (std::size_t k = 0; k < dim; ++k) {
      error[k] += g * targets[t][k];
      targets[t][k] += g * hidden[k];
    }
  }
  for (std::size_t r : inputs)
    for (std::size_t k = 0; k < dim; ++k) rows[r][k] += error[k];
  return loss;
}

}  // namespace

TEST_CASE("cbow_update matches word2vec's CBOW update in doubles", "[kernels][cbow]") {
  std::mt19937 gen(29);
  // Which rows are the inputs: one, several, and one row given twice (a word
  // twice in a window).
  const std::vector<std::vector<std::size_t>> windows = {{0}, {0, 1, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {0, 1, 0, 2}};
  for (bool mixed : {false, true})
    for (std::size_t dim : {16u, 20u, 48u})
      for (int n_targets : {2, 6, 16})
        for (const auto& window : windows) {
          INFO("dim " << dim << ", " << window.size() << " inputs, " << n_targets << " targets"
                      << (mixed ? ", mixed labels" : ""));
          Rows rows = random_rows(gen, 10, dim), tg = random_rows(gen, static_cast<std::size_t>(n_targets), dim);
          Matrix rows_m(rows.size(), dim), tg_m(tg.size(), dim), scratch(2, dim);
          load(rows_m, rows);
          load(tg_m, tg);
          std::vector<float*> in_ptrs, tg_ptrs;
          for (std::size_t r : window) in_ptrs.push_back(rows_m.row(r));
          for (std::size_t r = 0; r < tg.size(); ++r) tg_ptrs.push_back(tg_m.row(r));
          const float lr = 0.5f;
          const auto n = static_cast<std::size_t>(n_targets);
          const std::vector<float> labels = mixed ? mixed_labels(gen, n) : ns_labels(n);
          const float loss = wordvec::cbow_update(in_ptrs.data(), static_cast<int>(in_ptrs.size()), tg_ptrs.data(),
                                                  labels.data(), n_targets, rows_m.stride(), lr, scratch.row(0));
          const Rows rows_before = rows;
          const double ref_loss = reference_cbow(rows, window, tg, labels, lr);
          // Each gradient is within 1e-3 * lr of the exact one (the table sigmoid).
          const double scale = std::max(max_abs(rows), max_abs(tg));
          CHECK(compare(rows_m, rows) <= 2 * n_targets * 1e-3 * lr * scale + 1e-5);  // also REQUIREs zero padding
          CHECK(compare(tg_m, tg) <= 1e-3 * lr * scale + 1e-5);
          CHECK(row_distance(rows, rows_before) > 1e-2);  // the update did something to compare
          CHECK(std::abs(loss - ref_loss) <= 2e-3 * n_targets);
        }
}

TEST_CASE("hierarchical softmax trains a word's Huffman path, labelled 1 - code, as word2vec does", "[kernels][hs]") {
  // The hand-worked tree of tests/test_huffman_tree.cpp: counts 5 4 3 2 1;
  // the word of count 2 has the path root (3), 1, 0 with codes 0 0 1.
  const wordvec::HuffmanTree tree({5, 4, 3, 2, 1}, wordvec::kMaxTargetRows);
  std::mt19937 gen(31);
  const std::size_t dim = 20;
  Rows nodes = random_rows(gen, 5, dim), in = random_rows(gen, 4, dim);
  Matrix context(5, dim), input(4, dim);
  load(context, nodes);
  load(input, in);
  const wordvec::HierarchicalSoftmax loss(context, tree);
  wordvec::Rng rng(1);
  wordvec::Targets targets;
  loss.targets(3, rng, targets);
  REQUIRE(targets.count == 3);
  const float* expected_rows[] = {context.row(3), context.row(1), context.row(0)};
  const std::vector<float> labels = {1.0f, 1.0f, 0.0f};
  for (int d = 0; d < 3; ++d) {
    CHECK(targets.rows[d] == expected_rows[d]);
    CHECK(targets.labels[d] == labels[static_cast<std::size_t>(d)]);
  }
  // Skip-gram's window of 4 context words against the path, and the
  // reference on the same rows in doubles (context rows 2 and 4 are not on
  // the path and must not move).
  float* in_ptrs[] = {input.row(0), input.row(1), input.row(2), input.row(3)};
  const float lr = 0.5f;
  const float got = wordvec::window_update(in_ptrs, 4, targets.rows, targets.labels, targets.count, context.stride(), lr);
  Rows path = {nodes[3], nodes[1], nodes[0]};
  const double want = reference_window(in, path, labels, lr);
  nodes[3] = path[0];
  nodes[1] = path[1];
  nodes[0] = path[2];
  const double scale = std::max(max_abs(in), max_abs(nodes));
  CHECK(compare(input, in) <= 3 * 1e-3 * lr * scale + 1e-5);
  CHECK(compare(context, nodes) <= 4 * 1e-3 * lr * scale + 1e-5);
  CHECK(std::abs(got - want) <= 2e-3 * 12);
}

TEST_CASE("scheduled_lr decays linearly from lr to a floor of lr * 1e-4", "[trainer]") {
  TrainOptions o;
  o.lr = 0.05;
  const std::uint64_t total = 1'000'000;
  CHECK(wordvec::scheduled_lr(o, 0, total) == Approx(0.05));
  for (std::uint64_t done : {100'000u, 250'000u, 500'000u, 900'000u, 999'000u}) {
    INFO("done " << done);
    CHECK(wordvec::scheduled_lr(o, done, total) == Approx(0.05 * (1.0 - static_cast<double>(done) / total)));
  }
  // Linear: equal steps give equal decrements.
  const double a = wordvec::scheduled_lr(o, 100'000, total), b = wordvec::scheduled_lr(o, 300'000, total),
               c = wordvec::scheduled_lr(o, 500'000, total);
  CHECK(a - b == Approx(b - c));
  CHECK(wordvec::scheduled_lr(o, 999'990, total) == Approx(0.05 * 1e-4));
  CHECK(wordvec::scheduled_lr(o, total, total) == Approx(0.05 * 1e-4));
  // Threads can overshoot the word count a little; the rate never goes to zero or negative.
  CHECK(wordvec::scheduled_lr(o, 2 * total, total) == Approx(0.05 * 1e-4));
  o.min_lr_ratio = 0.1;
  CHECK(wordvec::scheduled_lr(o, 950'000, total) == Approx(0.005));
}

namespace {

// Four topics of eight words ("t2w5"); each line uses words of one topic
// plus a few function words, so words of a topic share contexts.
const wordvec::test::CorpusSpec kTopics;
std::string synthetic_corpus(std::size_t lines, unsigned seed) {
  wordvec::test::CorpusSpec spec = kTopics;
  spec.lines = lines;
  spec.seed = seed;
  return wordvec::test::synthetic_corpus(spec);
}

// A synthetic corpus on disk and its vocabulary, every word kept.
struct CorpusFile {
  TempDir dir;
  std::string path;
  wordvec::Vocabulary vocab;
  explicit CorpusFile(const std::string& text) : path(dir.write("c.txt", text)) {
    wordvec::VocabularyOptions vo;
    vo.min_count = 1;
    vocab = wordvec::count_corpus(path, {}, vo);
  }
};

struct Run {
  bool completed;
  std::vector<TrainProgress> reports;
};

// The corpus file spooled with `vocab`'s ids, as wv-train's first pass does.
wordvec::Spool spooled(const std::string& path, const wordvec::Vocabulary& vocab) {
  wordvec::CorpusOptions options;
  options.tmp_dir = std::filesystem::temp_directory_path().string();
  options.what_tmp_dir = options.tmp_dir;
  return std::move(wordvec::read_corpus({path}, options, &vocab)->spool);
}

Run train(Trainer& trainer, const wordvec::Spool& corpus, double report_seconds = 0,
          const std::atomic<bool>* stop = nullptr) {
  Run run;
  run.completed = trainer.train(corpus, [&](const TrainProgress& p) { run.reports.push_back(p); }, report_seconds, stop);
  return run;
}

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.stride() == b.stride() &&
         std::memcmp(a.row(0), b.row(0), a.rows() * a.stride() * sizeof(float)) == 0;
}

// Every way to train: skip-gram's two schemes and CBOW, each with both losses.
struct Setup {
  const char* name;
  wordvec::UpdateMode mode;
  wordvec::ModelType model;
  wordvec::LossType loss;
};
const Setup kSetups[] = {
    {"skip-gram window ns", wordvec::UpdateMode::kWindow, wordvec::ModelType::kSkipGram, wordvec::LossType::kNegativeSampling},
    {"skip-gram pair ns", wordvec::UpdateMode::kPair, wordvec::ModelType::kSkipGram, wordvec::LossType::kNegativeSampling},
    {"skip-gram window hs", wordvec::UpdateMode::kWindow, wordvec::ModelType::kSkipGram, wordvec::LossType::kHierarchicalSoftmax},
    {"skip-gram pair hs", wordvec::UpdateMode::kPair, wordvec::ModelType::kSkipGram, wordvec::LossType::kHierarchicalSoftmax},
    {"cbow ns", wordvec::UpdateMode::kWindow, wordvec::ModelType::kCbow, wordvec::LossType::kNegativeSampling},
    {"cbow hs", wordvec::UpdateMode::kWindow, wordvec::ModelType::kCbow, wordvec::LossType::kHierarchicalSoftmax},
};

TrainOptions small_options(const Setup& setup = kSetups[0]) {
  TrainOptions o;
  o.mode = setup.mode;
  o.model = setup.model;
  o.loss = setup.loss;
  if (setup.model == wordvec::ModelType::kCbow) o.lr = wordvec::kCbowDefaultLr;
  o.dim = 16;
  o.window = 3;
  o.negative = 5;
  o.sample = 0;
  o.epochs = 3;
  o.threads = 1;
  o.seed = 7;
  return o;
}

// Words of one topic end up closer to each other than to other topics'
// words: each topic word's nearest topic word is from its own topic.
void check_topics_learnt(const Trainer& trainer, const wordvec::Vocabulary& vocab) {
  const std::size_t dim = trainer.input().dim();
  std::vector<std::string> topic_words;
  std::vector<float> rows;
  for (int t = 0; t < kTopics.topics; ++t)
    for (int w = 0; w < kTopics.words_per_topic; ++w) {
      topic_words.push_back(wordvec::test::topic_word(t, w));
      const float* row = trainer.input().row(static_cast<std::size_t>(vocab.find(topic_words.back())));
      rows.insert(rows.end(), row, row + dim);
    }
  const wordvec::test::ReferenceNeighbours nn(topic_words, rows.data(), dim, dim);
  double same = 0, other = 0;
  int n_same = 0, n_other = 0;
  for (std::size_t a = 0; a < nn.size(); ++a)
    for (std::size_t b = 0; b < nn.size(); ++b) {
      if (a == b) continue;
      const bool same_topic = wordvec::test::topic_of(nn.word(a)) == wordvec::test::topic_of(nn.word(b));
      (same_topic ? same : other) += nn.similarity(a, b);
      ++(same_topic ? n_same : n_other);
    }
  INFO("mean cosine within topics " << same / n_same << ", across " << other / n_other);
  CHECK(nn.nearest_in_own_topic() == 32);
  CHECK(same / n_same > other / n_other + 0.1);
}

}  // namespace

TEST_CASE("training with one thread is bit-for-bit reproducible per seed", "[trainer]") {
  const CorpusFile c(synthetic_corpus(800, 1));
  const auto& corpus = c.path;
  const auto& vocab = c.vocab;
  const auto spool = spooled(corpus, vocab);
  for (const Setup& setup : kSetups) {
    INFO(setup.name);
    TrainOptions o = small_options(setup);
    o.sample = 1e-2;  // the subsampler's draws are part of what must repeat
    Trainer a(vocab, o), b(vocab, o);
    REQUIRE(train(a, spool).completed);
    REQUIRE(train(b, spool).completed);
    CHECK(same_bits(a.input(), b.input()));
    CHECK(same_bits(a.context(), b.context()));

    o.seed = 8;
    Trainer c(vocab, o);
    REQUIRE(train(c, spool).completed);
    CHECK_FALSE(same_bits(a.input(), c.input()));
    CHECK_FALSE(same_bits(a.context(), c.context()));
  }
}

TEST_CASE("training reduces the loss and learns shared contexts", "[trainer]") {
  const CorpusFile c(synthetic_corpus(2000, 2));
  const auto& corpus = c.path;
  const auto& vocab = c.vocab;
  const auto spool = spooled(corpus, vocab);
  REQUIRE(vocab.size() == 36);
  for (const Setup& setup : kSetups) {
    INFO(setup.name);
    TrainOptions o = small_options(setup);
    o.epochs = 5;
    Trainer trainer(vocab, o);
    const Run run = train(trainer, spool);
    REQUIRE(run.completed);
    REQUIRE(run.reports.size() >= 3);
    // Context vectors start at zero, so the first predictions cost log 2
    // each: 1 positive + 5 negatives per input (skip-gram) or per centre
    // (CBOW), or one per node of a path of the Huffman tree (at least 5
    // deep for all but the 4 function words, among 36 words).
    if (o.loss == wordvec::LossType::kNegativeSampling)
      CHECK(run.reports.front().loss == Approx(6 * std::log(2.0)).epsilon(0.05));
    else
      CHECK(run.reports.front().loss > 3 * std::log(2.0));
    const TrainProgress& last = run.reports.back();
    CHECK(last.finished);
    CHECK(last.loss < 0.75 * run.reports.front().loss);
    // The running mean keeps falling from the middle of training to the end.
    CHECK(last.loss < run.reports[run.reports.size() / 2].loss);
    CHECK(last.words == 5 * vocab.total_count());
    CHECK(last.fraction == 1.0);
    CHECK(last.lr == Approx(o.lr * o.min_lr_ratio));

    check_topics_learnt(trainer, vocab);
  }
}

TEST_CASE("training with several threads covers every corpus word once per epoch", "[trainer]") {
  const CorpusFile c(synthetic_corpus(1500, 3));
  const auto& corpus = c.path;
  const auto& vocab = c.vocab;
  const auto spool = spooled(corpus, vocab);
  for (int threads : {2, 3, 7}) {
    TrainOptions o = small_options();
    o.threads = threads;
    o.epochs = 2;
    Trainer trainer(vocab, o);
    const Run run = train(trainer, spool, 10.0);
    REQUIRE(run.completed);
    INFO(threads << " threads");
    CHECK(run.reports.back().words == 2 * vocab.total_count());
    CHECK(run.reports.back().threads == threads);
    for (std::size_t r = 0; r < vocab.size(); ++r)
      for (std::size_t k = 0; k < o.dim; ++k) REQUIRE(std::isfinite(trainer.input().row(r)[k]));
  }
}

TEST_CASE("a stop flag makes training return false early", "[trainer]") {
  const CorpusFile c(synthetic_corpus(2000, 4));
  const auto& corpus = c.path;
  const auto& vocab = c.vocab;
  const auto spool = spooled(corpus, vocab);
  TrainOptions o = small_options();
  o.epochs = 1000;  // would take minutes
  o.threads = 2;

  SECTION("set before train()") {
    std::atomic<bool> stop{true};
    Trainer trainer(vocab, o);
    const Run run = train(trainer, spool, 0.5, &stop);
    CHECK_FALSE(run.completed);
    REQUIRE_FALSE(run.reports.empty());
    // Each thread stops after the sentence it started: at most one line's words each.
    CHECK(run.reports.back().words <= static_cast<std::uint64_t>(o.threads * kTopics.max_line_words));
  }
  SECTION("set while training") {
    std::atomic<bool> stop{false};
    Trainer trainer(vocab, o);
    int calls = 0;
    const bool completed = trainer.train(
        spool, [&](const TrainProgress&) { if (++calls == 50) stop.store(true); }, 0, &stop);
    CHECK_FALSE(completed);
    CHECK(calls < 1000);
  }
}

TEST_CASE("trainer rejects settings it cannot train with", "[trainer]") {
  const CorpusFile c("a b c a b c\n");
  const auto& corpus = c.path;
  const auto& vocab = c.vocab;
  const auto spool = spooled(corpus, vocab);
  auto attempt = [&](TrainOptions o) {
    Trainer t(vocab, o);
    return t.train(spool, nullptr);
  };
  TrainOptions o = small_options();
  CHECK(attempt(o));
  o.window = 0;
  CHECK_THROWS_WITH(attempt(o), Catch::Contains("window"));
  o = small_options();
  o.window = wordvec::kMaxWindowRows / 2 + 1;
  CHECK_THROWS_WITH(attempt(o), Catch::Contains("window"));
  o = small_options();
  o.negative = 0;
  CHECK_THROWS_WITH(attempt(o), Catch::Contains("negative"));
  o = small_options();
  o.negative = wordvec::kMaxTargetRows;
  CHECK_THROWS_WITH(attempt(o), Catch::Contains("negative"));
  o = small_options();
  CHECK_THROWS_AS(Trainer(wordvec::Vocabulary(), o), wordvec::Error);
  Trainer t(vocab, o);
  CHECK_THROWS_WITH(spooled(c.dir.file("missing.txt"), vocab), Catch::Contains("missing.txt"));
}

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

bool contains(const std::vector<std::string>& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

TEST_CASE("training on the bundled demo corpus learns its planted relations", "[trainer][quality]") {
  const std::string corpus = wordvec::test::source_path("data/demo-corpus.txt");
  REQUIRE(std::filesystem::exists(corpus));
  const auto vocab = wordvec::count_corpus(corpus, {}, wordvec::VocabularyOptions{});
  const auto spool = spooled(corpus, vocab);
  TrainOptions o;
  o.dim = 50;
  o.epochs = 3;
  o.threads = 2;
  o.seed = 1;
  Trainer trainer(vocab, o);
  REQUIRE(trainer.train(spool, nullptr));
  const wordvec::test::ReferenceNeighbours nn(vocab.words(), trainer.input().row(0), trainer.input().dim(),
                                              trainer.input().stride());

  const auto queen = nn.nearest_words({"king", "woman"}, {"man"}, 3);
  INFO("king - man + woman: " << joined(queen));
  const auto cat = nn.nearest_words({"cat"}, {}, 5);
  INFO("cat: " << joined(cat));
  const auto rome = nn.nearest_words({"paris", "italy"}, {"france"}, 3);
  INFO("paris - france + italy: " << joined(rome));
  CHECK(contains(queen, "queen"));
  CHECK(contains(cat, "dog"));
  CHECK(contains(rome, "rome"));
  CHECK(nn.similarity(nn.id("king"), nn.id("queen")) > nn.similarity(nn.id("king"), nn.id("cat")));

  // The bundled analogy questions (a b c d: a - b ... as compute-accuracy
  // asks them: b - a + c should be d), top 1 over the whole vocabulary.
  std::ifstream questions(wordvec::test::source_path("data/demo-questions.txt"));
  REQUIRE(questions);
  int asked = 0, right = 0;
  for (std::string line; std::getline(questions, line);) {
    if (line.empty() || line[0] == ':') continue;
    std::istringstream fields(line);
    std::string a, b, c, d;
    fields >> a >> b >> c >> d;
    if (vocab.find(a) == wordvec::kNoWord || vocab.find(b) == wordvec::kNoWord || vocab.find(c) == wordvec::kNoWord || vocab.find(d) == wordvec::kNoWord) continue;
    ++asked;
    right += nn.nearest_words({b, c}, {a}, 1).front() == d;
  }
  INFO(right << " of " << asked << " analogies right");
  CHECK(asked > 3000);
  CHECK(right >= 0.95 * asked);
}

TEST_CASE("hierarchical softmax's tree goes into models with context vectors and resumes from a checkpoint",
          "[trainer][hs]") {
  const CorpusFile c(synthetic_corpus(2000, 5));
  const auto& vocab = c.vocab;
  const auto spool = spooled(c.path, vocab);
  TrainOptions o = small_options(kSetups[2]);  // skip-gram, window, hierarchical softmax
  REQUIRE(o.loss == wordvec::LossType::kHierarchicalSoftmax);
  o.epochs = 4;  // one thread: the report callback below is not thread-safe
  Trainer trainer(vocab, o);
  REQUIRE(trainer.huffman_tree() != nullptr);
  CHECK(trainer.huffman_tree()->encoded() == wordvec::HuffmanTree(vocab.counts(), 64).encoded());
  std::atomic<bool> stop{false};
  int reports = 0;
  REQUIRE_FALSE(trainer.train(spool, [&](const TrainProgress&) { if (++reports == 20) stop.store(true); }, 0, &stop));

  const TempDir dir;
  wordvec::save_checkpoint(dir.file("ck.wv"), vocab, trainer);
  wordvec::Checkpoint ck = wordvec::load_checkpoint(dir.file("ck.wv"));
  CHECK(ck.train.loss == wordvec::LossType::kHierarchicalSoftmax);
  REQUIRE(ck.tree.has_value());
  CHECK(ck.tree->encoded() == trainer.huffman_tree()->encoded());

  Trainer resumed(ck.vocab, ck.train);
  resumed.restore(ck.file.input_vectors(), ck.file.context_vectors(), ck.state);
  CHECK_THROWS_WITH(resumed.restore_tree(wordvec::HuffmanTree({3, 2, 1}, 64)), Catch::Contains("3 words"));
  resumed.restore_tree(std::move(*ck.tree));
  const Run run = train(resumed, spool);
  REQUIRE(run.completed);
  CHECK(run.reports.back().words == 4 * vocab.total_count());
  check_topics_learnt(resumed, vocab);

  // Without context vectors (--no-context) there is nothing for the tree to
  // index, and negative sampling has none.
  wordvec::save_model(dir.file("small.wv"), vocab, resumed, false, nlohmann::json::object());
  CHECK(wordvec::ModelFile::open(dir.file("small.wv")).section(wordvec::kHuffmanSection) == nullptr);
  Trainer ns(vocab, small_options());
  CHECK(ns.huffman_tree() == nullptr);
  CHECK_THROWS_WITH(ns.restore_tree(wordvec::HuffmanTree(vocab.counts(), 64)), Catch::Contains("hierarchical softmax"));
  wordvec::save_model(dir.file("ns.wv"), vocab, ns, true, nlohmann::json::object());
  CHECK(wordvec::ModelFile::open(dir.file("ns.wv")).section(wordvec::kHuffmanSection) == nullptr);
}

TEST_CASE("hierarchical softmax leaves a node whose score is past +-6 untrained, as word2vec does", "[kernels][hs]") {
  const std::size_t dim = 16;
  for (float skip : {wordvec::HierarchicalSoftmax::kSkipBeyond, wordvec::kNoSkip}) {
    for (int window : {0, 1}) {
      INFO((window ? "window_update" : "pair_update") << ", skip beyond " << skip);
      Matrix in_m(1, dim), tg_m(2, dim), scratch(2, dim);
      for (std::size_t d = 0; d < in_m.stride(); ++d) {
        in_m.row(0)[d] = d < dim ? 1.0f : 0.0f;
        tg_m.row(0)[d] = d < dim ? 0.5f : 0.0f;   // score 8: sure, and wrong for label 0
        tg_m.row(1)[d] = d < dim ? 0.25f : 0.0f;  // score 4: trains either way
      }
      float* inputs[1] = {in_m.row(0)};
      float* targets[2] = {tg_m.row(0), tg_m.row(1)};
      const float labels[2] = {0.0f, 0.0f};
      if (window) wordvec::window_update(inputs, 1, targets, labels, 2, in_m.stride(), 0.1f, skip);
      else wordvec::pair_update(in_m.row(0), targets, labels, 2, in_m.stride(), 0.1f, scratch.row(0), skip);
      CHECK((tg_m.row(0)[0] == 0.5f) == (skip == wordvec::HierarchicalSoftmax::kSkipBeyond));
      CHECK(tg_m.row(1)[0] < 0.25f);
    }
  }
}

// Training with fastText's subwords (--minn/--maxn/--bucket): the model file
// round trip and its composed exports, where the gradient goes, what sharing
// n-grams does to a word's vector, checkpoints, and the flags' bad values.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "model/subword_vectors.h"
#include "test_support.h"
#include "text/corpus.h"
#include "text/vocabulary.h"
#include "text/word_ngrams.h"
#include "train/checkpoint.h"
#include "train/model_writer.h"
#include "train/trainer.h"
#include "train/update_kernels.h"
#include "w2v_test_parser.h"

using wordvec::Matrix;
using wordvec::ModelFile;
using wordvec::SubwordOptions;
using wordvec::SubwordVectors;
using wordvec::TrainOptions;
using wordvec::Trainer;
using wordvec::test::expect_one_line_error;
using wordvec::test::TempDir;
using wordvec::test::wv_train;
namespace fs = std::filesystem;

namespace {

std::string topic_corpus(std::size_t lines = 1200) {
  wordvec::test::CorpusSpec spec;
  spec.topics = 3;
  spec.words_per_topic = 6;
  spec.lines = lines;
  return wordvec::test::synthetic_corpus(spec);
}

const std::string kFast = " -q --threads 1 --dim 16 --epochs 2 --sample 0 --window 3 --seed 3 --min-count 1";

wordvec::Corpus read_all(const std::string& path, const TempDir& dir) {
  wordvec::CorpusOptions options;
  options.vocab.min_count = 1;
  options.tmp_dir = dir.file("");
  options.what_tmp_dir = options.tmp_dir;
  return std::move(*wordvec::read_corpus({path}, options, nullptr));
}

// A corpus file, its vocabulary (every word kept) and its spool.
struct Corpus {
  TempDir dir;
  std::string path;
  wordvec::Corpus read;
  const wordvec::Vocabulary& vocab = read.vocab;
  const wordvec::Spool& spool = read.spool;
  explicit Corpus(const std::string& text) : path(dir.write("c.txt", text)), read(read_all(path, dir)) {}
};

TrainOptions subword_options(SubwordOptions subwords) {
  TrainOptions o;
  o.dim = 20;  // not a multiple of 16: packed bucket rows start mid-line, kernels take a tail
  o.window = 3;
  o.sample = 0;
  o.epochs = 2;
  o.threads = 1;
  o.subwords = subwords;
  return o;
}

Matrix copy_of(const Matrix& m) {
  Matrix c(m.rows(), m.dim(), Matrix::Pages::kNormal, m.stride() == m.dim() ? Matrix::Rows::kPacked : Matrix::Rows::kPadded);
  std::memcpy(c.data(), m.row(0), m.rows() * m.stride() * sizeof(float));
  return c;
}

bool same_row(const Matrix& a, const Matrix& b, std::size_t r) {
  return std::memcmp(a.row(r), b.row(r), a.dim() * sizeof(float)) == 0;
}

double cosine(const float* a, const float* b, std::size_t dim) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t k = 0; k < dim; ++k) {
    ab += double{a[k]} * b[k];
    aa += double{a[k]} * a[k];
    bb += double{b[k]} * b[k];
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace

TEST_CASE("a subword model holds its n-gram rows and settings, and exports composed vectors", "[subtrain]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", topic_corpus());
  const auto r = wv_train("-i " + corpus + " -o " + dir.file("m.wv") + " --export-w2v " + dir.file("m.bin") +
                          " --export-w2v-text " + dir.file("m.txt") + " --minn 2 --maxn 4 --bucket 5000" + kFast);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const ModelFile model = ModelFile::open(dir.file("m.wv"));
  CHECK(model.version() == 2);
  CHECK(model.settings().at("minn") == 2);
  CHECK(model.settings().at("maxn") == 4);
  CHECK(model.settings().at("bucket") == 5000);
  const std::size_t dim = model.dim();
  const float* buckets = model.matrix_section(wordvec::kBucketSection, 5000, dim);

  // The export is each word's own row averaged with its n-gram rows, as
  // SubwordVectors composes them from the saved rows; the model's input
  // matrix keeps the own rows.
  const SubwordVectors composer({model.input_vectors(), model.vocab_size(), dim, dim}, {buckets, 5000, dim, dim},
                                SubwordOptions{2, 4, 5000});
  const auto exported = wordvec::test::parse_w2v_binary(wordvec::test::slurp(dir.file("m.bin")));
  const auto text = wordvec::test::parse_w2v_text(wordvec::test::slurp(dir.file("m.txt")));
  REQUIRE(exported.rows == model.vocab_size());
  REQUIRE(text.rows == model.vocab_size());
  std::vector<float> expected(dim);
  for (std::size_t id = 0; id < model.vocab_size(); ++id) {
    INFO(model.word(id));
    composer.word_vector(static_cast<wordvec::WordId>(id), model.word(id), expected.data());
    CHECK(exported.words[id] == model.word(id));
    CHECK(std::memcmp(exported.vectors[id].data(), expected.data(), dim * sizeof(float)) == 0);
    CHECK(std::memcmp(exported.vectors[id].data(), model.input_vectors() + id * dim, dim * sizeof(float)) != 0);
    for (std::size_t k = 0; k < dim; ++k) CHECK(text.vectors[id][k] == Approx(expected[k]).epsilon(1e-5));
  }
}

TEST_CASE("any subword flag turns subwords on with fastText's defaults; --maxn 0 or none leaves models as before",
          "[subtrain]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", topic_corpus(300));
  auto settings_with = [&](const std::string& flags) {
    fs::remove(dir.file("m.wv"));
    const auto r = wv_train("-i " + corpus + " -o " + dir.file("m.wv") + flags + kFast);
    INFO(flags << ": " << r.err);
    REQUIRE(r.status == 0);
    return ModelFile::open(dir.file("m.wv"));
  };
  {
    const ModelFile m = settings_with(" --bucket 1000");
    CHECK(m.settings().at("minn") == wordvec::kDefaultMinn);
    CHECK(m.settings().at("maxn") == wordvec::kDefaultMaxn);
    CHECK(m.section(wordvec::kBucketSection) != nullptr);
  }
  {
    const ModelFile m = settings_with(" --minn 4 --bucket 1000");
    CHECK(m.settings().at("minn") == 4);
    CHECK(m.settings().at("maxn") == wordvec::kDefaultMaxn);
  }
  for (const std::string flags : {"", " --maxn 0", " --maxn 0 --minn 4 --bucket 1000"}) {
    INFO(flags);
    const ModelFile m = settings_with(flags);
    CHECK(m.version() == 1);
    CHECK(m.section(wordvec::kBucketSection) == nullptr);
    CHECK_FALSE(m.settings().contains("maxn"));
    CHECK_FALSE(m.settings().contains("minn"));
    CHECK_FALSE(m.settings().contains("bucket"));
  }
}

TEST_CASE("training moves exactly the n-gram rows of the corpus's words", "[subtrain]") {
  const Corpus c(topic_corpus(400));
  const SubwordOptions subwords{3, 5, 3000};
  Trainer trainer(c.vocab, subword_options(subwords));
  const Matrix initial = copy_of(trainer.buckets());
  REQUIRE(trainer.train(c.spool, nullptr));

  const wordvec::WordNgrams ngrams(c.vocab.words(), subwords);
  std::set<std::uint32_t> used;
  for (std::size_t id = 0; id < c.vocab.size(); ++id)
    used.insert(ngrams.of(static_cast<wordvec::WordId>(id)), ngrams.of(static_cast<wordvec::WordId>(id)) +
                                                               ngrams.count(static_cast<wordvec::WordId>(id)));
  REQUIRE(used.size() > 20);
  std::size_t changed = 0, unchanged = 0;
  for (std::size_t r = 0; r < initial.rows(); ++r) (same_row(initial, trainer.buckets(), r) ? unchanged : changed)++;
  CHECK(changed == used.size());
  for (std::uint32_t b : used) CHECK_FALSE(same_row(initial, trainer.buckets(), b));
  CHECK(unchanged == initial.rows() - used.size());
  // The bucket rows are packed; the word rows' padding lanes stay zero, as the kernels need.
  CHECK(trainer.buckets().stride() == trainer.buckets().dim());
  for (std::size_t r = 0; r < trainer.input().rows(); ++r)
    for (std::size_t k = trainer.input().dim(); k < trainer.input().stride(); ++k) REQUIRE(trainer.input().row(r)[k] == 0.0f);
}

TEST_CASE("composing a word's rows gives SubwordVectors' word vector bit for bit", "[subtrain][kernels]") {
  const std::size_t dim = 20, buckets = 50;
  Matrix words(3, dim), rows(buckets, dim, Matrix::Pages::kNormal, Matrix::Rows::kPacked);
  std::mt19937 gen(5);
  std::uniform_real_distribution<float> u(-1, 1);
  for (Matrix* m : {&words, &rows})
    for (std::size_t r = 0; r < m->rows(); ++r)
      for (std::size_t k = 0; k < m->stride(); ++k) m->row(r)[k] = k < dim ? u(gen) : 0.0f;
  const SubwordOptions options{2, 5, buckets};
  const std::vector<std::string> vocab = {"a", "cat", "zebras"};
  const wordvec::WordNgrams ngrams(vocab, options);
  const SubwordVectors composer(words.view(), rows.view(), options);
  Matrix out(1, dim);
  std::vector<float> expected(dim);
  for (wordvec::WordId id = 0; id < 3; ++id) {
    wordvec::compose_subword_rows(words.row(id), rows.data(), ngrams.of(id), ngrams.count(id), dim, words.stride(),
                                  out.row(0));
    composer.word_vector(id, vocab[id], expected.data());
    CHECK(std::memcmp(out.row(0), expected.data(), dim * sizeof(float)) == 0);
  }
  // Spreading a change adds it to the own row and once per listed n-gram row.
  const Matrix before = copy_of(rows);
  std::vector<float> change(words.stride(), 0.0f);
  change[0] = 1.0f;
  change[dim - 1] = 0.5f;  // in the tail past the last whole block of 16
  const std::vector<std::uint32_t> ids = {7, 9, 7};
  const float own_before = words.row(2)[0];
  wordvec::spread_subword_change(change.data(), words.row(2), rows.data(), ids.data(), ids.size(), dim, words.stride());
  CHECK(words.row(2)[0] == own_before + 1.0f);
  CHECK(rows.row(7)[0] == before.row(7)[0] + 2.0f);
  CHECK(rows.row(9)[0] == before.row(9)[0] + 1.0f);
  CHECK(rows.row(9)[dim - 1] == before.row(9)[dim - 1] + 0.5f);
  CHECK(rows.row(8)[0] == before.row(8)[0]);
  CHECK(rows.row(8)[dim - 1] == before.row(8)[dim - 1]);
  CHECK(rows.row(10)[0] == before.row(10)[0]);  // the row after 9 starts right where 9 ends
}

TEST_CASE("a rare word is placed by its spelling: nearer its stem's words with subwords than without", "[subtrain]") {
  // Four topics, each spelt with its own stem ("alphaxa" ... "alphaxf"), and
  // per stem a rare form ("alphaxq") seen twice, in lines of random topics:
  // its contexts say nothing, only its n-grams can place it.
  const std::vector<std::string> stems = {"alphax", "bravoy", "charlz", "deltaw"};
  std::mt19937 gen(11);
  std::vector<std::string> lines;
  for (int line = 0; line < 2000; ++line) {
    const std::string& stem = stems[gen() % stems.size()];
    std::string text;
    for (int w = 0; w < 8; ++w) text += stem + static_cast<char>('a' + gen() % 6) + (w < 7 ? " " : "");
    lines.push_back(text);
  }
  for (const auto& stem : stems)
    for (int k = 0; k < 2; ++k) lines[gen() % lines.size()] += " " + stem + "q";
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const Corpus c(text);

  // Mean over the rare words of (mean cosine to its stem's words - mean cosine to the others).
  auto stem_gap = [&](SubwordOptions subwords) {
    TrainOptions o = subword_options(subwords);
    o.epochs = 3;
    Trainer trainer(c.vocab, o);
    REQUIRE(trainer.train(c.spool, nullptr));
    const SubwordVectors composer(trainer.input().view(), trainer.buckets().view(), subwords);
    // The vectors less their mean: on a vocabulary this small every vector
    // shares one large direction, which would hide where a word stands.
    std::vector<std::vector<float>> vectors(c.vocab.size(), std::vector<float>(o.dim));
    std::vector<double> mean(o.dim, 0.0);
    for (std::size_t id = 0; id < c.vocab.size(); ++id) {
      float* v = vectors[id].data();
      if (subwords.enabled()) composer.word_vector(static_cast<wordvec::WordId>(id), c.vocab.word(id), v);
      else std::memcpy(v, trainer.input().row(id), o.dim * sizeof(float));
      for (std::size_t k = 0; k < o.dim; ++k) mean[k] += v[k] / static_cast<double>(c.vocab.size());
    }
    for (auto& v : vectors)
      for (std::size_t k = 0; k < o.dim; ++k) v[k] -= static_cast<float>(mean[k]);
    double gap = 0;
    for (const auto& stem : stems) {
      const auto& rare = vectors[c.vocab.find(stem + "q")];
      double own = 0, other = 0;
      for (std::size_t id = 0; id < c.vocab.size(); ++id) {
        const std::string& word = c.vocab.word(id);
        if (word.back() == 'q') continue;
        const double cos = cosine(rare.data(), vectors[id].data(), o.dim);
        (word.compare(0, stem.size(), stem) == 0 ? own : other) += cos;
      }
      gap += own / 6 - other / 18;
    }
    return gap / static_cast<double>(stems.size());
  };
  const double with = stem_gap({3, 6, 10000}), without = stem_gap({});
  INFO("a rare word's mean cosine to its stem's words minus to the others': " << with << " with subwords, " << without
                                                                             << " without");
  CHECK(with > 0.5);
  CHECK(with > without + 0.5);
}

TEST_CASE("a subword checkpoint carries the n-gram rows and restores them", "[subtrain]") {
  const Corpus c(topic_corpus(300));
  const SubwordOptions subwords{3, 6, 2000};
  Trainer trainer(c.vocab, subword_options(subwords));
  REQUIRE(trainer.train(c.spool, nullptr));
  TempDir dir;
  wordvec::save_checkpoint(dir.file("ck.wv"), c.vocab, trainer);
  const wordvec::Checkpoint ck = wordvec::load_checkpoint(dir.file("ck.wv"));
  CHECK(ck.train.subwords.bucket == 2000);
  CHECK(ck.train.subwords.minn == 3);
  REQUIRE(ck.buckets != nullptr);
  Trainer resumed(c.vocab, ck.train);
  resumed.restore(ck.file.input_vectors(), ck.file.context_vectors(), ck.state);
  resumed.restore_buckets(ck.buckets);
  for (std::size_t r = 0; r < trainer.buckets().rows(); ++r) REQUIRE(same_row(trainer.buckets(), resumed.buckets(), r));
}

TEST_CASE("wv-train refuses bad subword settings with one line", "[subtrain][cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", topic_corpus(200));
  const std::string common = "-i " + corpus + " -o " + dir.file("m.wv") + kFast;
  expect_one_line_error(wv_train(common + " --minn 5 --maxn 3"), 2, "--minn (5) must not be greater than --maxn (3)");
  expect_one_line_error(wv_train(common + " --maxn 2"), 2, "--minn (3) must not be greater than --maxn (2)");
  expect_one_line_error(wv_train(common + " --minn 0"), 2, "--minn");
  expect_one_line_error(wv_train(common + " --maxn 33"), 2, "--maxn");
  expect_one_line_error(wv_train(common + " --bucket 0"), 2, "--bucket");
  expect_one_line_error(wv_train(common + " --bucket 3000000000"), 2, "--bucket");
  // 2^31 - 1 rows of 4096 floats (35 TB): refused before anything is allocated.
  expect_one_line_error(wv_train("-q -i " + corpus + " -o " + dir.file("m.wv") + " --min-count 1 --bucket 2147483647 --dim 4096"),
                        1, "n-gram buckets x 4096 dimensions needs");
  CHECK_FALSE(fs::exists(dir.file("m.wv")));
}

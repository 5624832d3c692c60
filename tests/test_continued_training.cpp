// Continued training (wv-train --init): a model trained on part A of a
// synthetic corpus continues on part B, which drops two of A's topics and
// brings two new ones.
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "model/model_file.h"
#include "test_support.h"
#include "text/corpus.h"
#include "train/checkpoint.h"
#include "train/continued_training.h"
#include "train/train_options.h"
#include "train/trainer.h"

using wordvec::ModelFile;
using wordvec::test::expect_one_line_error;
using wordvec::test::TempDir;
using wordvec::test::topic_of;
using wordvec::test::topic_word;
using wordvec::test::wv_train;

namespace {

constexpr int kWordsPerTopic = 8;
const char* const kTrainFlags = " -q --dim 16 --window 3 --negative 5 --sample 0 --epochs 5 --threads 1 --seed 7 --min-count 3";

// Topics 0-3 (A), or 0, 1, 4 and 5 (B: topics 2 and 3 renamed), with function words.
std::string topics_text(unsigned seed, bool part_b) {
  wordvec::test::CorpusSpec spec;
  spec.topics = 4;
  spec.words_per_topic = kWordsPerTopic;
  spec.lines = 2000;
  spec.seed = seed;
  std::string text = wordvec::test::synthetic_corpus(spec);
  if (part_b)
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
      if (text[i] == 't' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n') && (text[i + 1] == '2' || text[i + 1] == '3'))
        text[i + 1] = text[i + 1] == '2' ? '4' : '5';
  return text;
}

// Part A (with "oldrare" 3 times) trained into a.wv; part B (with "oldrare"
// once and "newrare" twice) beside it.
struct Parts {
  TempDir dir;
  std::string a = dir.write("a.txt", topics_text(1, false) + "oldrare oldrare oldrare\n");
  std::string b = dir.write("b.txt", topics_text(2, true) + "oldrare newrare newrare\n");
  std::string model = dir.file("a.wv");
  Parts() { REQUIRE(wv_train("-i " + a + " -o " + model + kTrainFlags).status == 0); }
};

// The input rows of some words of a model, by word.
std::vector<float> rows_of(const ModelFile& m, const std::vector<std::string>& words) {
  std::vector<float> rows;
  for (const std::string& w : words)
    for (std::size_t id = 0; id < m.vocab_size(); ++id)
      if (m.word(static_cast<wordvec::WordId>(id)) == w)
        rows.insert(rows.end(), m.input_vectors() + id * m.dim(), m.input_vectors() + (id + 1) * m.dim());
  REQUIRE(rows.size() == words.size() * m.dim());
  return rows;
}

// A word's input row (context: its context row) in a model.
const float* row_of(const ModelFile& m, const std::string& word, bool context = false) {
  for (std::size_t id = 0; id < m.vocab_size(); ++id)
    if (m.word(static_cast<wordvec::WordId>(id)) == word) return (context ? m.context_vectors() : m.input_vectors()) + id * m.dim();
  FAIL("no word " << word);
  return nullptr;
}

// Whether every float of `rows` is weight * old + (1 - weight) * trained.
bool averaged(const float* rows, const float* old, const float* trained, std::size_t n, double weight) {
  for (std::size_t i = 0; i < n; ++i)
    if (rows[i] != Approx(weight * old[i] + (1 - weight) * trained[i]).margin(1e-6)) return false;
  return true;
}

std::vector<std::string> topic_words(std::initializer_list<int> topics) {
  std::vector<std::string> words;
  for (int t : topics)
    for (int w = 0; w < kWordsPerTopic; ++w) words.push_back(topic_word(t, w));
  return words;
}

// The `k` nearest of each word, among `words`, as a set of words.
std::vector<std::set<std::string>> neighbourhoods(const ModelFile& m, const std::vector<std::string>& words, std::size_t k) {
  const std::vector<float> rows = rows_of(m, words);
  const wordvec::test::ReferenceNeighbours nn(words, rows.data(), m.dim(), m.dim());
  std::vector<std::set<std::string>> result;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::set<std::string> near;
    for (const auto& [score, id] : nn.nearest({i}, {}, k)) near.insert(nn.word(id));
    result.push_back(near);
  }
  return result;
}

std::uint64_t count_in(const std::string& path, const std::string& word) {
  wordvec::VocabularyOptions all;
  all.min_count = 1;
  const wordvec::Vocabulary v = wordvec::count_corpus(path, {}, all);
  return v.find(word) == wordvec::kNoWord ? 0 : v.count(v.find(word));
}

wordvec::CorpusOptions corpus_options(const wordvec::TrainOptions& train) {
  wordvec::CorpusOptions o;
  o.vocab = train.vocab;
  o.tmp_dir = std::filesystem::temp_directory_path().string();
  o.what_tmp_dir = o.tmp_dir;
  return o;
}

// The model continued on B, its text read as wv-train --init reads it.
struct Continuation {
  wordvec::InitModel model;
  wordvec::TrainOptions options;
  std::optional<wordvec::Corpus> corpus;
  explicit Continuation(const Parts& p)
      : model(wordvec::load_init_model(p.model)), options(wordvec::continued_options(model, wordvec::TrainOptions{}, {})) {
    wordvec::CorpusOptions co = corpus_options(options);
    co.base = &model.vocab;
    corpus = wordvec::read_corpus({p.b}, co);
  }
};

}  // namespace

TEST_CASE("continuing a model keeps its words and rows, adds the new text's words and merges the counts", "[init]") {
  const Parts p;
  const Continuation continuation(p);
  const wordvec::InitModel& model = continuation.model;
  const wordvec::TrainOptions& options = continuation.options;
  const std::optional<wordvec::Corpus>& corpus = continuation.corpus;
  REQUIRE(corpus);
  const wordvec::Vocabulary& vocab = corpus->vocab;

  // Every word of the model, with its count in B added; B's words that reach
  // --min-count; counts descending, as the model format wants.
  for (wordvec::WordId old = 0; old < model.vocab.size(); ++old) {
    const std::string& w = model.vocab.word(old);
    INFO(w);
    REQUIRE(vocab.find(w) != wordvec::kNoWord);
    CHECK(vocab.count(vocab.find(w)) == model.vocab.count(old) + count_in(p.b, w));
  }
  CHECK(vocab.count(vocab.find("oldrare")) == 4);  // 1 in B: kept, as a word of the model
  CHECK(vocab.find("newrare") == wordvec::kNoWord);  // 2 in B: below --min-count 3
  for (const std::string& w : topic_words({4, 5})) CHECK(vocab.find(w) != wordvec::kNoWord);
  CHECK(vocab.size() == model.vocab.size() + 2 * kWordsPerTopic);
  for (std::size_t i = 1; i < vocab.size(); ++i) CHECK(vocab.count(i - 1) >= vocab.count(i));

  // Before training: the model's rows, found by word; word2vec's start for new words.
  wordvec::Trainer trainer(vocab, options);
  wordvec::carry_over(model, vocab, corpus->spool.size(), trainer);
  const std::size_t dim = options.dim;
  for (wordvec::WordId old = 0; old < model.vocab.size(); ++old) {
    const wordvec::WordId id = vocab.find(model.vocab.word(old));
    CHECK(std::memcmp(trainer.input().row(id), model.file.input_vectors() + old * dim, dim * sizeof(float)) == 0);
    CHECK(std::memcmp(trainer.context().row(id), model.file.context_vectors() + old * dim, dim * sizeof(float)) == 0);
  }
  for (const std::string& w : topic_words({4, 5})) {
    const float* input = trainer.input().row(vocab.find(w));
    const float* context = trainer.context().row(vocab.find(w));
    for (std::size_t d = 0; d < dim; ++d) {
      CHECK(std::abs(input[d]) <= 0.5f / static_cast<float>(dim));
      CHECK(context[d] == 0.0f);
    }
  }

  // A fresh schedule over B's words: it ends at the floor, not halfway down
  // as it would over the merged counts (which also count A).
  wordvec::TrainProgress last;
  REQUIRE(trainer.train(corpus->spool, [&](const wordvec::TrainProgress& r) { last = r; }));
  CHECK(last.words == corpus->spool.size() * static_cast<std::uint64_t>(options.epochs));
  CHECK(last.lr == Approx(options.lr * options.min_lr_ratio));

  // A checkpoint of the run resumes by reading B with the merged vocabulary
  // as given: that spool must be this one.
  CHECK(corpus->spool.identity().vocabulary_given);
  const std::optional<wordvec::Corpus> again = wordvec::read_corpus({p.b}, corpus_options(options), &vocab);
  CHECK(again->spool.identity() == corpus->spool.identity());
}

TEST_CASE("a continued model gives the new words neighbours and keeps the old words' neighbourhoods", "[init]") {
  const Parts p;
  const std::string out = p.dir.file("ab.wv");
  REQUIRE(wv_train("-q --threads 1 -i " + p.b + " --init " + p.model + " -o " + out).status == 0);
  const ModelFile before = ModelFile::open(p.model);
  const ModelFile after = ModelFile::open(out);

  // Words only in B: each one's nearest topic word is of its own topic.
  const std::vector<std::string> all = topic_words({0, 1, 2, 3, 4, 5});
  const std::vector<std::set<std::string>> nearest = neighbourhoods(after, all, 1);
  int right = 0;
  for (std::size_t i = 4 * kWordsPerTopic; i < all.size(); ++i) right += topic_of(*nearest[i].begin()) == topic_of(all[i]);
  CHECK(right == 2 * kWordsPerTopic);

  // Words of A, in B (topics 0, 1) or not (2, 3): their 7 nearest among A's
  // topic words are nearly the same sets before and after.
  const std::vector<std::string> old = topic_words({0, 1, 2, 3});
  const auto was = neighbourhoods(before, old, kWordsPerTopic - 1);
  const auto is = neighbourhoods(after, old, kWordsPerTopic - 1);
  std::size_t kept = 0, total = 0;
  for (std::size_t i = 0; i < old.size(); ++i)
    for (const std::string& w : was[i]) {
      kept += is[i].count(w);
      ++total;
    }
  INFO(kept << " of " << total << " neighbours kept");
  CHECK(static_cast<double>(kept) >= 0.9 * static_cast<double>(total));
}

TEST_CASE("a continued run takes the model's settings, the flags given overriding them", "[init]") {
  const Parts p;
  const std::string model = p.dir.file("w.wv"), out = p.dir.file("out.wv");
  REQUIRE(wv_train("-q -i " + p.a + " -o " + model +
                   " --dim 16 --window 4 --negative 7 --sample 0 --max-token-bytes 50 --epochs 1 --threads 1 --seed 7")
              .status == 0);
  REQUIRE(wv_train("-q -i " + p.b + " --init " + model + " -o " + out + " --dim 16 --epochs 2 --lr 0.01 --threads 2 --min-count 4")
              .status == 0);
  const ModelFile m = ModelFile::open(out);
  const nlohmann::json& s = m.settings();
  // From the model:
  CHECK(m.dim() == 16);
  CHECK(s["window"] == 4);
  CHECK(s["negative"] == 7);
  CHECK(s["sample"] == 0.0);
  CHECK(s["max_token_bytes"] == 50);
  CHECK(s["seed"] == 7);
  CHECK(s["mode"] == "window");
  // From the flags:
  CHECK(s["epochs"] == 2);
  CHECK(s["lr"] == 0.01);
  CHECK(s["threads"] == 2);
  CHECK(s["min_count"] == 4);
  // What the model continued, and its counts merged into the total.
  CHECK(s["init"] == model);
  CHECK(s["corpus_words"].get<std::uint64_t>() ==
        ModelFile::open(model).settings()["corpus_words"].get<std::uint64_t>() + s["trained_words"].get<std::uint64_t>() / 2);
}

TEST_CASE("a hierarchical-softmax model continues: input rows carried, the tree rebuilt, new words placed", "[init]") {
  const Parts p;
  const std::string model = p.dir.file("hs.wv"), out = p.dir.file("hs-out.wv");
  REQUIRE(wv_train("-i " + p.a + " -o " + model +
                   " --loss hs -q --dim 16 --window 3 --sample 0 --epochs 5 --threads 1 --seed 7 --min-count 3").status == 0);
  REQUIRE(wv_train("-q -i " + p.b + " --init " + model + " -o " + out + " --epochs 5 --threads 1").status == 0);
  const ModelFile m = ModelFile::open(out);
  CHECK(m.settings()["loss"] == "hs");
  REQUIRE(m.section("huffman") != nullptr);
  // Topic 4 exists only in B: its words are each other's nearest, as are topic 0's (from A and B).
  for (int topic : {0, 4}) {
    const std::vector<std::string> words = topic_words({0, 1, 4, 5});
    const auto near = neighbourhoods(m, words, kWordsPerTopic - 1);
    std::size_t same = 0, total = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (topic_of(words[i]) != topic) continue;
      for (const std::string& w : near[i]) same += topic_of(w) == topic, ++total;
    }
    INFO("topic " << topic << ": " << same << " of " << total << " neighbours in the topic");
    CHECK(static_cast<double>(same) >= 0.8 * static_cast<double>(total));
  }
}

TEST_CASE("a subword model continues with its n-gram rows and settings", "[init]") {
  const Parts p;
  const std::string model = p.dir.file("sub.wv"), out = p.dir.file("sub-out.wv");
  REQUIRE(wv_train("-i " + p.a + " -o " + model + " --minn 3 --maxn 4 --bucket 500" + kTrainFlags).status == 0);
  REQUIRE(wv_train("-q -i " + p.b + " --init " + model + " -o " + out + " --epochs 1 --threads 1").status == 0);
  const ModelFile before = ModelFile::open(model), after = ModelFile::open(out);
  CHECK(after.settings()["maxn"] == 4);
  CHECK(after.settings()["bucket"] == 500);
  const float* rows = after.matrix_section("buckets", 500, 16);
  const float* old_rows = before.matrix_section("buckets", 500, 16);
  // Trained on from the old rows: changed, but not restarted (near the old values, not word2vec's tiny start).
  double moved = 0, size = 0;
  for (std::size_t i = 0; i < 500 * 16; ++i) moved += std::abs(rows[i] - old_rows[i]), size += std::abs(old_rows[i]);
  CHECK(moved > 0);
  CHECK(moved < size);
  expect_one_line_error(wv_train("-q -i " + p.b + " --init " + model + " -o " + out + " --bucket 1000"), 1,
                        "--bucket cannot be used with --init");
}

TEST_CASE("wv-train --init refuses what it cannot continue, in one line", "[init]") {
  const Parts p;
  const std::string out = p.dir.file("out.wv");
  const std::string continue_b = "-q -i " + p.b + " -o " + out + " --init ";
  expect_one_line_error(wv_train(continue_b + p.model + " --dim 32"), 1,
                        "--dim 32 does not match the dimension of --init '" + p.model + "', 16");
  expect_one_line_error(wv_train(continue_b + p.model + " --max-vocab 10"), 1, "--max-vocab cannot be used with --init");
  expect_one_line_error(wv_train(continue_b + p.model + " --read-vocab " + p.dir.write("v.txt", "the 5\n")), 2, "excludes");
  expect_one_line_error(wv_train(continue_b + p.model + " --resume " + p.model), 2, "excludes");
  expect_one_line_error(wv_train("-q -i " + p.b + " -o " + p.model + " --init " + p.model), 1, "--init");
  expect_one_line_error(wv_train(continue_b + p.dir.file("missing.wv")), 1, "missing.wv");

  const std::string w2v = p.dir.file("a.bin"), bare = p.dir.file("bare.wv");
  REQUIRE(wv_train("-i " + p.a + " --export-w2v " + w2v + " -o " + bare + " --no-context" + kTrainFlags).status == 0);
  expect_one_line_error(wv_train(continue_b + w2v), 1,
                        "has no counts and no context vectors; --init needs a wordvec .wv model saved with context vectors");
  expect_one_line_error(wv_train(continue_b + bare), 1, "saved without context vectors (--no-context)");

  std::string bytes = wordvec::test::slurp(p.model);
  std::string corrupt = bytes;
  corrupt[corrupt.size() / 2] ^= 1;
  expect_one_line_error(wv_train(continue_b + p.dir.write("corrupt.wv", corrupt)), 1, "checksum mismatch");
  expect_one_line_error(wv_train(continue_b + p.dir.write("short.wv", bytes.substr(0, bytes.size() - 100))), 1, "truncated");
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("load_init_model refuses checkpoints and what carry_over cannot carry yet", "[init]") {
  const Parts p;
  const wordvec::InitModel model = wordvec::load_init_model(p.model);
  wordvec::ModelContents contents;
  std::vector<std::string> words = model.vocab.words();
  std::vector<std::uint64_t> counts = model.vocab.counts();
  wordvec::Matrix rows(words.size(), model.file.dim());
  contents.words = &words;
  contents.counts = &counts;
  contents.input = rows.view();
  contents.context = rows.view();
  auto refused = [&](const std::string& name, const nlohmann::json& extra) {
    contents.settings = wordvec::settings_to_json(model.train);
    contents.settings.update(extra);
    const std::string path = p.dir.file(name);
    wordvec::write_model(path, contents);
    try {
      wordvec::load_init_model(path);
    } catch (const wordvec::Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("plain.wv", nlohmann::json::object()) == "accepted");
  CHECK(refused("hs.wv", {{"loss", "hs"}}) == "accepted");
  // Subword settings without the n-gram rows they need.
  CHECK_THAT(refused("subwords.wv", {{"minn", 3}, {"maxn", 6}, {"bucket", 100}}), Catch::Contains("'buckets' section"));
  CHECK_THAT(refused("checkpoint.wv", {{"checkpoint", nlohmann::json::object()}}), Catch::Contains("finish its run with --resume"));
  CHECK_THAT(refused("nosettings.wv", {{"window", nullptr}}), Catch::Contains("cannot be continued"));
}

TEST_CASE("a continued run stopped with a checkpoint resumes with the merged vocabulary and its schedule", "[init]") {
  const Parts p;
  const Continuation continuation(p);
  const wordvec::InitModel& model = continuation.model;
  const wordvec::TrainOptions& options = continuation.options;
  const std::optional<wordvec::Corpus>& corpus = continuation.corpus;
  const std::uint64_t total = corpus->spool.size() * static_cast<std::uint64_t>(options.epochs);
  std::atomic<bool> stop{false};
  {
    wordvec::Trainer trainer(corpus->vocab, options);
    wordvec::carry_over(model, corpus->vocab, corpus->spool.size(), trainer);
    const bool done = trainer.train(
        corpus->spool, [&](const wordvec::TrainProgress& r) { stop.store(stop.load() || r.words > total / 3); }, 0, &stop);
    REQUIRE_FALSE(done);
    wordvec::save_checkpoint(p.dir.file("ck.wv"), corpus->vocab, trainer);
  }

  // As wv-train --resume does it: the text read again with the checkpoint's
  // vocabulary as given, the weights and state restored.
  const wordvec::Checkpoint ck = wordvec::load_checkpoint(p.dir.file("ck.wv"));
  REQUIRE(ck.state.spool.vocabulary_given);
  CHECK(ck.state.schedule_words == corpus->spool.size());
  const std::optional<wordvec::Corpus> again = wordvec::read_corpus({p.b}, corpus_options(ck.train), &ck.vocab);
  wordvec::Trainer resumed(ck.vocab, ck.train);
  resumed.restore(ck.file.input_vectors(), ck.file.context_vectors(), ck.state);
  wordvec::TrainProgress last;
  REQUIRE(resumed.train(again->spool, [&](const wordvec::TrainProgress& r) { last = r; }));
  CHECK(last.words == total);
  CHECK(last.lr == Approx(options.lr * options.min_lr_ratio));
}

TEST_CASE("a continued run ends averaged with its model, weighted by its share of the words", "[init]") {
  const Parts p;
  const Continuation continuation(p);
  const wordvec::InitModel& model = continuation.model;
  const wordvec::TrainOptions& options = continuation.options;
  const std::optional<wordvec::Corpus>& corpus = continuation.corpus;
  const wordvec::Vocabulary& vocab = corpus->vocab;
  wordvec::Trainer trainer(vocab, options);
  wordvec::carry_over(model, vocab, corpus->spool.size(), trainer);
  REQUIRE(trainer.train(corpus->spool, [](const wordvec::TrainProgress&) {}));
  const std::size_t dim = options.dim;
  const std::vector<float> trained_input(trainer.input().row(0), trainer.input().row(0) + vocab.size() * trainer.input().stride());
  const std::vector<float> trained_context(trainer.context().row(0), trainer.context().row(0) + vocab.size() * trainer.context().stride());

  // The model's words against B's: A and B are about the same size.
  const double weight = wordvec::model_weight(model, corpus->spool.size(), options, std::nullopt);
  CHECK(weight == Approx(static_cast<double>(model.vocab.total_count()) /
                         static_cast<double>(model.vocab.total_count() + corpus->spool.size())));
  CHECK(weight == Approx(0.5).margin(0.05));
  CHECK(wordvec::model_weight(model, corpus->spool.size(), options, 0.25) == 0.25);

  wordvec::average_with_model(model, vocab, weight, trainer);
  for (wordvec::WordId old = 0; old < model.vocab.size(); ++old) {
    const wordvec::WordId id = vocab.find(model.vocab.word(old));
    INFO(model.vocab.word(old));
    const std::size_t at = id * trainer.input().stride();
    CHECK(averaged(trainer.input().row(id), model.file.input_vectors() + old * dim, &trained_input[at], dim, weight));
    CHECK(averaged(trainer.context().row(id), model.file.context_vectors() + old * dim, &trained_context[at], dim, weight));
  }
  // Words new to the model keep their trained rows.
  for (const std::string& w : topic_words({4, 5})) {
    const std::size_t at = vocab.find(w) * trainer.input().stride();
    CHECK(std::memcmp(trainer.input().row(vocab.find(w)), &trained_input[at], dim * sizeof(float)) == 0);
    CHECK(std::memcmp(trainer.context().row(vocab.find(w)), &trained_context[at], dim * sizeof(float)) == 0);
  }
}

TEST_CASE("wv-train --init averages by default, --init-weight sets the weight, 0 turns it off", "[init]") {
  const Parts p;
  const std::string plain = p.dir.file("plain.wv"), avg = p.dir.file("avg.wv"), quarter = p.dir.file("quarter.wv");
  // One thread and the model's seed: the three runs train the same rows.
  const std::string run = "-q --threads 1 -i " + p.b + " --init " + p.model + " -o ";
  REQUIRE(wv_train(run + plain + " --init-weight 0").status == 0);
  REQUIRE(wv_train(run + avg).status == 0);
  REQUIRE(wv_train(run + quarter + " --init-weight 0.25").status == 0);
  const ModelFile before = ModelFile::open(p.model), trained = ModelFile::open(plain), after = ModelFile::open(avg),
                  q = ModelFile::open(quarter);
  // The default weight: the model's words over the merged counts.
  const double weight = after.settings()["init_weight"].get<double>();
  CHECK(weight == Approx(before.settings()["corpus_words"].get<double>() / after.settings()["corpus_words"].get<double>()));
  CHECK(trained.settings()["init_weight"] == 0.0);
  CHECK(q.settings()["init_weight"] == 0.25);
  CHECK(after.settings()["init_checksum"] == before.checksum());
  for (const std::string& w : topic_words({0, 2})) {
    INFO(w);
    for (bool context : {false, true}) {
      CHECK(averaged(row_of(after, w, context), row_of(before, w, context), row_of(trained, w, context), 16, weight));
      CHECK(averaged(row_of(q, w, context), row_of(before, w, context), row_of(trained, w, context), 16, 0.25));
    }
  }
  for (const std::string& w : topic_words({4}))
    CHECK(std::memcmp(row_of(after, w), row_of(trained, w), 16 * sizeof(float)) == 0);

  expect_one_line_error(wv_train("-q -i " + p.b + " -o " + avg + " --init-weight 0.5"), 2, "--init-weight requires --init");
  expect_one_line_error(wv_train(run + avg + " --init-weight 1.5"), 2, "--init-weight");
  expect_one_line_error(wv_train(run + avg + " --init-weight 0.5 --loss hs"), 1,
                        "--init-weight must be 0 with hierarchical softmax");
  REQUIRE(wv_train(run + avg + " --loss hs").status == 0);  // no average by default with hs
  CHECK(ModelFile::open(avg).settings()["init_weight"] == 0.0);
}

TEST_CASE("a subword model's continuation averages its n-gram rows too", "[init]") {
  const Parts p;
  const std::string model = p.dir.file("sub.wv"), plain = p.dir.file("plain.wv"), avg = p.dir.file("avg.wv");
  REQUIRE(wv_train("-i " + p.a + " -o " + model + " --minn 3 --maxn 4 --bucket 500" + kTrainFlags).status == 0);
  const std::string run = "-q --threads 1 --epochs 1 -i " + p.b + " --init " + model + " -o ";
  REQUIRE(wv_train(run + plain + " --init-weight 0").status == 0);
  REQUIRE(wv_train(run + avg + " --init-weight 0.4").status == 0);
  const ModelFile before = ModelFile::open(model), trained = ModelFile::open(plain), after = ModelFile::open(avg);
  CHECK(averaged(after.matrix_section("buckets", 500, 16), before.matrix_section("buckets", 500, 16),
                 trained.matrix_section("buckets", 500, 16), 500 * 16, 0.4));
  CHECK(averaged(row_of(after, topic_word(0, 1)), row_of(before, topic_word(0, 1)), row_of(trained, topic_word(0, 1)), 16, 0.4));
}

TEST_CASE("a continued run's checkpoint keeps its average for --resume, and refuses a changed model", "[init]") {
  const Parts p;
  const Continuation continuation(p);
  const wordvec::InitModel& model = continuation.model;
  const wordvec::TrainOptions& options = continuation.options;
  const std::optional<wordvec::Corpus>& corpus = continuation.corpus;
  wordvec::Trainer trainer(corpus->vocab, options);
  wordvec::carry_over(model, corpus->vocab, corpus->spool.size(), trainer);
  const std::atomic<bool> stop{true};  // stopped at once: a checkpoint needs a run's state
  REQUIRE_FALSE(trainer.train(corpus->spool, [](const wordvec::TrainProgress&) {}, 0, &stop));
  wordvec::save_checkpoint(p.dir.file("ck.wv"), corpus->vocab, trainer, wordvec::average_settings(model, 0.375));
  wordvec::save_checkpoint(p.dir.file("plain-ck.wv"), corpus->vocab, trainer);

  double weight = 0;
  const std::optional<wordvec::InitModel> again =
      wordvec::model_to_average(wordvec::load_checkpoint(p.dir.file("ck.wv")).file.settings(), weight);
  REQUIRE(again);
  CHECK(again->path == p.model);
  CHECK(weight == 0.375);
  CHECK(again->vocab.words() == model.vocab.words());
  CHECK_FALSE(wordvec::model_to_average(wordvec::load_checkpoint(p.dir.file("plain-ck.wv")).file.settings(), weight));
  // Weight 0: nothing to average with, so the model is not needed; a weight out of range is refused.
  nlohmann::json settings = wordvec::average_settings(model, 0);
  CHECK_FALSE(wordvec::model_to_average(settings, weight));
  settings["init_weight"] = 1.5;
  CHECK_THROWS_WITH(wordvec::model_to_average(settings, weight), Catch::Contains("init_weight (0 to 1)"));

  // The model rewritten since (trained on B): refused, not averaged.
  REQUIRE(wv_train("-i " + p.b + " -o " + p.model + kTrainFlags).status == 0);
  CHECK_THROWS_WITH(wordvec::model_to_average(wordvec::load_checkpoint(p.dir.file("ck.wv")).file.settings(), weight),
                    Catch::Contains("has changed since the checkpoint's run began from it"));
}

// fastText .bin models read by wv-query, checked against the fastText tool
// itself (Debian's `fasttext`, which scripts/setup.sh installs; the tests
// that need it skip without it): word vectors in and out of the vocabulary,
// the n-grams' bucket rows, nearest neighbours, and the refusals. Also the
// words outside the vocabulary of a wordvec subword model, and --no-oov.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "model/fasttext_format.h"
#include "model/model_file.h"
#include "model/subword_vectors.h"
#include "query/embeddings.h"
#include "test_support.h"
#include "text/subwords.h"

using namespace wordvec;
using namespace wordvec::test;

namespace {

// The fastText tool on PATH, or "" (run_program needs the full path).
std::string fasttext_program() {
  std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && ::access((dir + "/fasttext").c_str(), X_OK) == 0) return dir + "/fasttext";
  return "";
}

#define REQUIRE_FASTTEXT()                                                                       \
  const std::string fasttext = fasttext_program();                                               \
  if (fasttext.empty()) WORDVEC_SKIP("the fasttext tool is not installed (apt-get install fasttext)")

// Words with multi-byte UTF-8 characters (2, 3 and 4 bytes) among ASCII ones.
const std::vector<std::string> kCorpusWords = {"alpha",  "beta",   "gamma",  "delta",   "épée",  "straße", "日本語",
                                                "naïve",  "café",   "über",   "cat",     "cats",  "dog",    "dogs",
                                                "run",    "runner", "Москва", "кошка",   "😀smile", "tea",    "teapot"};
// Outside the vocabulary: each shares n-grams with some vocabulary word.
const std::vector<std::string> kUnseenWords = {"cafés", "straßen", "日本", "naïveté", "kошки", "teapots", "😀", "runners"};

// A skipgram model of a few KB of text, as the task's tests train it;
// `extra_word` ends every line (a word of its own, which moves the input
// matrix in the file).
std::string train_fasttext(const std::string& fasttext, const TempDir& dir, const std::string& kind = "skipgram",
                           const std::vector<std::string>& more_args = {}, const std::string& extra_word = "") {
  std::string text;
  std::uint32_t state = 12345;
  for (int line = 0; line < 300; ++line) {
    for (int w = 0; w < 12; ++w) {
      state = state * 1664525u + 1013904223u;
      text += (w ? " " : "") + kCorpusWords[(state >> 8) % kCorpusWords.size()];
    }
    text += (extra_word.empty() ? "" : " " + extra_word) + (kind == "supervised" ? " __label__x\n" : "\n");
  }
  dir.write("corpus.txt", text);
  const std::string out = dir.file(kind + std::to_string(more_args.size()) + extra_word);
  std::vector<std::string> args = {kind, "-input", dir.file("corpus.txt"), "-output", out, "-dim", "10", "-epoch", "1",
                                   "-minCount", "1", "-minn", "3", "-maxn", "6", "-bucket", "5000", "-thread", "1",
                                   "-verbose", "0"};
  args.insert(args.end(), more_args.begin(), more_args.end());  // later flags win
  const RunResult r = run_program(fasttext, args);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return out + ".bin";
}

// "word v1 ... vD" lines, as print-word-vectors and print-ngrams write them.
std::vector<std::pair<std::string, std::vector<float>>> vector_lines(const std::string& text) {
  std::vector<std::pair<std::string, std::vector<float>>> rows;
  for (const std::string& line : lines_of(text)) {
    std::istringstream in(line);
    std::string word;
    in >> word;
    std::vector<float> v;
    for (float x; in >> x;) v.push_back(x);
    rows.emplace_back(word, v);
  }
  return rows;
}

void check_close(const float* ours, const std::vector<float>& theirs, double margin) {
  for (std::size_t d = 0; d < theirs.size(); ++d) CHECK(ours[d] == Approx(theirs[d]).margin(margin));
}

std::vector<float> unit(std::vector<float> v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  for (float& x : v) x = static_cast<float>(x / std::sqrt(sum));
  return v;
}

std::string words_on_lines(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += w + "\n";
  return text;
}

}  // namespace

TEST_CASE("a fastText .bin's word vectors are fastText's, in and out of the vocabulary", "[fasttext]") {
  REQUIRE_FASTTEXT();
  TempDir dir;
  // Words of 0 to 4 more bytes put the input matrix's floats at every
  // alignment: read in place, and read into aligned memory.
  for (const std::string extra : {"", "q", "qq", "qqq", "qqqq"}) {
    INFO("extra word '" << extra << "'");
    const std::string model_path = train_fasttext(fasttext, dir, "skipgram", {}, extra);
    std::vector<std::string> words = kCorpusWords;
    words.insert(words.end(), kUnseenWords.begin(), kUnseenWords.end());
    words.push_back("</s>");
    const RunResult printed = run_program(fasttext, {"print-word-vectors", model_path}, with_stdin(words_on_lines(words)));
    REQUIRE(printed.status == 0);
    const auto theirs = vector_lines(printed.out);
    REQUIRE(theirs.size() == words.size());

    const FastTextModel model = FastTextModel::open(model_path);
    CHECK(model.size() == kCorpusWords.size() + (extra.empty() ? 1 : 2));  // and "</s>"
    CHECK(model.dim() == 10);
    const SubwordVectors subwords(model.word_rows(), model.bucket_rows(), model.subword_options());
    const Embeddings embeddings = Embeddings::load(model_path);
    CHECK(embeddings.format() == EmbeddingFormat::FastTextBinary);
    REQUIRE(embeddings.has_subwords());
    for (std::size_t i = 0; i < words.size(); ++i) {
      INFO(words[i]);
      REQUIRE(theirs[i].first == words[i]);
      const WordId id = embeddings.lookup(words[i]);
      REQUIRE(id != kNoWord);
      const bool unseen = i >= kCorpusWords.size() && words[i] != "</s>";
      CHECK(embeddings.from_subwords(id) == unseen);
      std::vector<float> ours(model.dim());
      if (unseen) CHECK(subwords.oov_vector(words[i], ours.data()) > 0);
      else if (words[i] != "</s>") subwords.word_vector(id, words[i], ours.data());
      else ours.assign(model.word_rows().row(id), model.word_rows().row(id) + model.dim());
      check_close(ours.data(), theirs[i].second, 1e-5);
      check_close(embeddings.unit_vector(id).data(), unit(theirs[i].second), 1e-4);
    }
    // A word without an n-gram of 3 to 6 characters gets fastText's zero
    // vector, which answers nothing: it stays unknown.
    CHECK(embeddings.lookup("") == kNoWord);
  }

  // Without n-grams (-maxn 0) a word is its own row, and an unseen word unknown.
  const std::string plain_path = train_fasttext(fasttext, dir, "skipgram", {"-maxn", "0"});
  const Embeddings plain = Embeddings::load(plain_path);
  CHECK(!plain.has_subwords());
  CHECK(plain.lookup("cafés") == kNoWord);
  const RunResult plain_printed = run_program(fasttext, {"print-word-vectors", plain_path}, with_stdin("café\n"));
  REQUIRE(plain_printed.status == 0);
  check_close(plain.unit_vector(plain.find("café")).data(), unit(vector_lines(plain_printed.out).at(0).second), 1e-4);
}

TEST_CASE("n-grams and their bucket rows are those of fastText print-ngrams", "[fasttext]") {
  REQUIRE_FASTTEXT();
  TempDir dir;
  const std::string model_path = train_fasttext(fasttext, dir);
  const FastTextModel model = FastTextModel::open(model_path);
  const SubwordOptions options = model.subword_options();
  for (const auto* list : {&kCorpusWords, &kUnseenWords})
    for (const std::string& word : *list) {
      INFO(word);
      const RunResult printed = run_program(fasttext, {"print-ngrams", model_path, word});
      REQUIRE(printed.status == 0);
      auto theirs = vector_lines(printed.out);
      if (list == &kCorpusWords) {  // the word's own row comes first
        REQUIRE(!theirs.empty());
        CHECK(theirs[0].first == word);
        theirs.erase(theirs.begin());
      }
      std::vector<std::string> ngrams;
      for_each_ngram(word, options, [&](std::string_view g) { ngrams.emplace_back(g); });
      REQUIRE(theirs.size() == ngrams.size());
      for (std::size_t i = 0; i < ngrams.size(); ++i) {
        CHECK(theirs[i].first == ngrams[i]);
        check_close(model.bucket_rows().row(fasttext_hash(ngrams[i]) % options.bucket), theirs[i].second, 1e-5);
      }
    }
}

TEST_CASE("wv-query's neighbours in a fastText .bin are fastText nn's", "[fasttext]") {
  REQUIRE_FASTTEXT();
  TempDir dir;
  const std::string model_path = train_fasttext(fasttext, dir);
  for (const std::string word : {"café", "日本語", "cafés", "teapots", "Москва"}) {
    INFO(word);
    const RunResult nn = run_program(fasttext, {"nn", model_path, "5"}, with_stdin(word + "\n"));
    REQUIRE(nn.status == 0);
    std::map<std::string, float> theirs;
    std::istringstream in(nn.out);
    for (std::string token, w; in >> token;) {
      if (token == "Query" || token == "word?") continue;
      w = token;
      float score;
      REQUIRE(static_cast<bool>(in >> score));
      theirs[w] = score;
    }
    REQUIRE(theirs.size() == 5);
    const RunResult ours = run_program(bin("wv-query"), {model_path, "neighbours", word, "-k", "5", "--json"});
    REQUIRE(ours.status == 0);
    const auto answer = nlohmann::json::parse(ours.out);
    const bool unseen = word == "cafés" || word == "teapots";
    CHECK(answer.contains("subword_words") == unseen);
    REQUIRE(answer["neighbours"].size() == 5);
    for (const auto& n : answer["neighbours"]) {
      const std::string w = n["word"];
      INFO(w);
      REQUIRE(theirs.count(w) == 1);
      CHECK(n["score"].get<double>() == Approx(theirs[w]).margin(1e-4));
    }
  }
}

TEST_CASE("wv-query refuses broken, supervised and quantized fastText models with one line", "[fasttext][bad-input]") {
  REQUIRE_FASTTEXT();
  TempDir dir;
  const std::string good = slurp(train_fasttext(fasttext, dir));
  // Truncated: in the header, the settings, the dictionary, both matrices.
  for (std::size_t cut : {std::size_t{6}, std::size_t{40}, std::size_t{80}, std::size_t{150}, good.size() / 2,
                          good.size() - 5}) {
    INFO("cut at " << cut);
    const std::string path = dir.write("cut.bin", good.substr(0, cut));
    expect_one_line_error(wv_query(path + " info"), 1, "truncated fastText model");
  }
  expect_one_line_error(wv_query(dir.write("long.bin", good + "x") + " info"), 1, "after the output matrix");
  // Corrupt sizes: the dimension, the dictionary's counts, a word's type.
  auto patched = [&](std::size_t offset, std::int32_t value) {
    std::string bytes = good;
    std::memcpy(&bytes[offset], &value, sizeof value);
    return dir.write("patched.bin", bytes);
  };
  expect_one_line_error(wv_query(patched(4, 99) + " info"), 1, "format version 99");
  expect_one_line_error(wv_query(patched(8, 0x7fffffff) + " info"), 1, "input matrix is");
  expect_one_line_error(wv_query(patched(8, -3) + " info"), 1, "settings have dimension -3");
  expect_one_line_error(wv_query(patched(36, 9) + " info"), 1, "unknown model type 9");
  expect_one_line_error(wv_query(patched(64, 0x7fffffff) + " info"), 1, "corrupt fastText model: its dictionary");
  {
    std::string bytes = good;
    const std::int32_t huge = 0x7fffffff;
    std::memcpy(&bytes[64], &huge, 4);
    std::memcpy(&bytes[68], &huge, 4);  // size and nwords agree, and are far beyond the file
    expect_one_line_error(wv_query(dir.write("huge.bin", bytes) + " info"), 1, "truncated fastText model");
  }
  expect_one_line_error(wv_query(dir.write("garbage.bin", good.substr(0, 8) + std::string(200, '\xff')) + " info"), 1,
                        "corrupt fastText model");
  expect_one_line_error(wv_query(dir.write("not.bin", "hello world\n") + " --format ft-bin info"), 1,
                        "not a fastText model");

  const std::string supervised = train_fasttext(fasttext, dir, "supervised");
  const std::string supervised_stem = supervised.substr(0, supervised.size() - 4);
  expect_one_line_error(wv_query(supervised + " info"), 1, "supervised (classification) fastText model");
  const RunResult quantize =
      run_program(fasttext, {"quantize", "-output", supervised_stem, "-input", dir.file("corpus.txt"), "-thread", "1"});
  REQUIRE(quantize.status == 0);
  expect_one_line_error(wv_query(supervised_stem + ".ftz" + " info"), 1, "quantized fastText models (.ftz) are not supported");
}

namespace {

// A wordvec subword model as wv-train writes one (the training side's
// contract): settings "minn", "maxn", "bucket", and the n-gram rows in a
// section "buckets". The vocabulary is three topic-less words whose vectors
// point along the axes; bucket rows are built so that an unseen word's
// n-grams lean towards "castle".
std::string subword_model(const TempDir& dir) {
  const SubwordOptions options{4, 5, 64};
  static const std::vector<std::string> words = {"castle", "river", "mountain"};
  static const std::vector<std::uint64_t> counts = {30, 20, 10};
  Matrix input(3, 4), buckets(64, 4);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t d = 0; d < input.stride(); ++d) input.row(r)[d] = d == r ? 1.0f : 0.0f;
  for (std::size_t r = 0; r < 64; ++r)
    for (std::size_t d = 0; d < buckets.stride(); ++d) buckets.row(r)[d] = d == 3 ? 0.1f : 0.0f;
  std::vector<std::uint32_t> castle_buckets;
  subword_buckets("castle", options, castle_buckets);
  for (std::uint32_t b : castle_buckets) buckets.row(b)[0] = 1.0f;
  ModelContents contents;
  contents.words = &words;
  contents.counts = &counts;
  contents.input = input.view();
  contents.settings = {{"minn", options.minn}, {"maxn", options.maxn}, {"bucket", options.bucket}};
  contents.sections.push_back({"buckets", buckets.view()});
  const std::string path = dir.file("subwords.wv");
  write_model(path, contents);
  return path;
}

}  // namespace

TEST_CASE("a wordvec subword model answers words outside its vocabulary, marked, unless --no-oov", "[fasttext][oov]") {
  TempDir dir;
  const std::string model = subword_model(dir);
  const Embeddings e = Embeddings::load(model);
  REQUIRE(e.has_subwords());
  const WordId castles = e.lookup("castles");
  REQUIRE(e.from_subwords(castles));
  CHECK(e.lookup("castles") == castles);  // the same id each time
  CHECK(e.word(castles) == "castles");
  CHECK(e.find("castles") == kNoWord);
  CHECK(e.lookup("z") == kNoWord);  // "<z>" has no n-gram of 4 or 5 characters

  // Neighbours of an unseen word are vocabulary words; it is marked.
  const RunResult json = wv_query(model + " neighbours castles -k 2 --json");
  REQUIRE(json.status == 0);
  const auto answer = nlohmann::json::parse(json.out);
  CHECK(answer["subword_words"] == nlohmann::json::array({"castles"}));
  CHECK(answer["neighbours"][0]["word"] == "castle");
  const RunResult text = wv_query(model + " neighbours castles -k 2");
  REQUIRE(text.status == 0);
  CHECK_THAT(text.out, Catch::StartsWith("(from subwords, not in the vocabulary: 'castles')\n"));
  CHECK_THAT(text.out, Catch::Contains("castle"));
  // An unseen query word is never anyone's neighbour.
  const RunResult river = wv_query(model + " castles + river -k 5 --json");
  REQUIRE(river.status == 0);
  CHECK(nlohmann::json::parse(river.out)["neighbours"].size() == 2);  // castle and mountain: not castles, nor river
  const RunResult similarity = wv_query(model + " similarity castles castle");
  REQUIRE(similarity.status == 0);
  CHECK_THAT(similarity.out, Catch::Contains("(from subwords, not in the vocabulary: 'castles')"));

  // Evaluations count the pairs answered through subwords.
  const std::string pairs = dir.write("pairs.txt", "castle river 1\ncastles castle 9\nriver mountain 2\ncastle z 5\n");
  const RunResult eval = wv_query(model + " eval-similarity " + pairs + " --json");
  REQUIRE(eval.status == 0);
  const auto report = nlohmann::json::parse(eval.out);
  CHECK(report["used"] == 3);
  CHECK(report["subword_pairs"] == 1);
  CHECK(report["missing_words"] == nlohmann::json::array({"z"}));
  CHECK_THAT(wv_query(model + " eval-similarity " + pairs).out, Catch::Contains("3 of 4 pairs used, 1 missing, 1 through subwords"));

  // Analogies: a, b and c may come from subwords, d must be a vocabulary word.
  const std::string questions =
      dir.write("questions.txt", ": s\ncastle river castle river\ncastles river castle river\nriver castles river castles\n");
  const auto analogy = nlohmann::json::parse(wv_query(model + " eval-analogy " + questions + " --json").out);
  CHECK(analogy["seen"] == 2);
  CHECK(analogy["subword_questions"] == 1);
  CHECK_THAT(wv_query(model + " eval-analogy " + questions).out, Catch::Contains("Questions seen through subwords: 1\n"));
  // Batch lines and views mark them too.
  const RunResult batch = wv_query(model + " --json -k 1", with_stdin("castles\nriver\nmap castles river mountain\n"));
  REQUIRE(batch.status == 0);
  const auto records = lines_of(batch.out);
  REQUIRE(records.size() == 3);
  CHECK(nlohmann::json::parse(records[0])["subword_words"] == nlohmann::json::array({"castles"}));
  CHECK(!nlohmann::json::parse(records[1]).contains("subword_words"));
  CHECK(nlohmann::json::parse(records[2])["subword_words"] == nlohmann::json::array({"castles"}));
  CHECK_THAT(wv_query(model + " axis castle:river castles mountain").out,
             Catch::EndsWith("(from subwords, not in the vocabulary: 'castles')\n"));

  CHECK(nlohmann::json::parse(wv_query(model + " info --json").out)["subwords"] == true);
  CHECK_THAT(wv_query(model + " info").out, Catch::Contains("subwords:        n-grams of 4-5 characters in 64 buckets"));

  // --no-oov: the unseen word is unknown again, and nothing is counted.
  expect_one_line_error(wv_query(model + " --no-oov neighbours castles"), 1, "word 'castles' is not in the vocabulary");
  const auto off = nlohmann::json::parse(wv_query(model + " --no-oov eval-similarity " + pairs + " --json").out);
  CHECK(off["used"] == 2);
  CHECK(!off.contains("subword_pairs"));
  CHECK(nlohmann::json::parse(wv_query(model + " --no-oov info --json").out)["subwords"] == false);
}

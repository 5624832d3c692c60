// wv-train as a user runs it: flags, error messages, the files it writes,
// and its progress output.
#include <signal.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "test_support.h"
#include "w2v_test_parser.h"

using wordvec::ModelFile;
using wordvec::test::bin;
using wordvec::test::CorpusSpec;
using wordvec::test::expect_one_line_error;
using wordvec::test::Process;
using wordvec::test::TempDir;
using wordvec::test::lines_of;
using wordvec::test::slurp;
using wordvec::test::split_args;
using wordvec::test::parse_w2v_binary;
using wordvec::test::parse_w2v_text;
using wordvec::test::W2V;
using wordvec::test::wv_train;
namespace fs = std::filesystem;

namespace {

// Three topics of six words plus four function words: about 12k tokens.
std::string small_corpus(unsigned seed = 1, std::size_t lines = 1200) {
  CorpusSpec spec;
  spec.topics = 3;
  spec.words_per_topic = 6;
  spec.lines = lines;
  spec.seed = seed;
  return wordvec::test::synthetic_corpus(spec);
}

bool same_vectors(const ModelFile& a, const ModelFile& b) {
  return a.vocab_size() == b.vocab_size() && a.dim() == b.dim() &&
         std::memcmp(a.input_vectors(), b.input_vectors(), a.vocab_size() * a.dim() * sizeof(float)) == 0;
}

// Settings for a run of a few milliseconds that still trains (no subsampling
// on a 22-word vocabulary).
std::string fast(int seed = 3, int min_count = 1) {
  return " --threads 1 --dim 16 --epochs 2 --sample 0 --window 3 --seed " + std::to_string(seed) + " --min-count " +
         std::to_string(min_count);
}
const std::string kFast = fast();

}  // namespace

TEST_CASE("wv-train --help lists the training flags with their defaults", "[cli]") {
  const auto r = wv_train("--help");
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  auto line_of = [&](const std::string& flag) -> std::string {
    for (const auto& l : lines)
      if (l.find("  " + flag) == 0 || l.find(" " + flag + " ") != std::string::npos ||
          l.find("," + flag + " ") != std::string::npos || l.find(" " + flag + ",") != std::string::npos)
        return l;
    return "";
  };
  const std::pair<const char*, const char*> defaults[] = {
      {"--dim", "=100"},   {"--window", "=5"},      {"--negative", "=5"}, {"--sample", "=0.0001"},
      {"--min-count", "=5"}, {"--epochs", "=5"},    {"--lr", "=0.025"},   {"--seed", "=1"},
  };
  // CLI11 shows a default as "=VALUE" right after the option's type.
  auto default_of = [&](const std::string& flag) -> std::string {
    const auto line = line_of(flag);
    const auto eq = line.find('=');
    if (eq == std::string::npos) return "";
    return line.substr(eq, line.find(' ', eq) - eq);
  };
  for (const auto& [flag, value] : defaults) {
    INFO(flag << " in:\n" << r.out);
    CHECK(default_of(flag) == value);
  }
  // The thread default is the machine's core count: some number.
  const auto threads = default_of("--threads");
  REQUIRE(threads.size() >= 2);
  CHECK(threads.find_first_not_of("0123456789", 1) == std::string::npos);
  for (const char* flag : {"--input", "--output", "--save-vocab", "--read-vocab", "--export-w2v", "--export-w2v-text",
                           "--quiet", "--lowercase"})
    CHECK_THAT(r.out, Catch::Contains(flag));
}

TEST_CASE("wv-train rejects bad inputs with one clear line", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus());
  const auto out = dir.file("m.wv");
  const std::string common = " -o " + out + kFast;
  expect_one_line_error(wv_train("-i " + dir.file("missing.txt") + common), 1, "missing.txt");
  expect_one_line_error(wv_train("-i " + dir.write("empty.txt", "") + common), 1, "empty");
  expect_one_line_error(wv_train("-i " + dir.write("rare.txt", "a b c a b\n") + " -o " + out + " --min-count 3"),
                        1, "at least 3 times");
  fs::create_directory(dir.file("empty-dir"));  // a directory stands for its regular files: here none
  expect_one_line_error(wv_train("-i " + dir.file("empty-dir") + common), 1, "directory");
  expect_one_line_error(wv_train("-i " + corpus + common + " --dim 0"), 2, "--dim");
  expect_one_line_error(wv_train("-i " + corpus + common + " --window 0"), 2, "--window");
  expect_one_line_error(wv_train("-i " + corpus + common + " --negative 0"), 2, "--negative");
  expect_one_line_error(wv_train("-i " + corpus + common + " --threads 0"), 2, "--threads");
  expect_one_line_error(wv_train("-i " + corpus + common + " --sample -1"), 2, "--sample");
  expect_one_line_error(wv_train("-i " + corpus + common + " --lr 0"), 2, "--lr");
  expect_one_line_error(wv_train("-i " + corpus + common + " --epochs 0"), 2, "--epochs");
  expect_one_line_error(wv_train("-o " + out), 2, "--input");
  expect_one_line_error(wv_train("-i " + corpus + kFast), 1, "nothing to write");
  expect_one_line_error(wv_train("-i " + corpus + common + " --read-vocab " + dir.write("v.txt", "oops\n")),
                        1, "v.txt:1");
  // None of these left a model behind.
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("wv-train reports an unwritable output and leaves no file there", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus(1, 100));
  SECTION("missing directory") {
    const auto out = dir.file("nodir/m.wv");
    expect_one_line_error(wv_train("-q -i " + corpus + " -o " + out + kFast), 1, "nodir/m.wv");
    CHECK_FALSE(fs::exists(dir.file("nodir")));
  }
  SECTION("output is a directory") {
    fs::create_directory(dir.file("d.wv"));
    expect_one_line_error(wv_train("-q -i " + corpus + " -o " + dir.file("d.wv") + kFast), 1, "d.wv");
    CHECK(fs::is_empty(dir.file("d.wv")));
  }
  // Whatever failed, no temporary file is left next to the output.
  for (const auto& e : fs::directory_iterator(dir.file("")))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("wv-train writes a model, vocabulary and word2vec exports that agree", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus());
  const auto r = wv_train("-i " + corpus + " -o " + dir.file("m.wv") + " --save-vocab " + dir.file("v.txt") +
                          " --export-w2v " + dir.file("m.bin") + " --export-w2v-text " + dir.file("m.txt") + kFast);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("Wrote " + dir.file("m.wv")));

  ModelFile model = ModelFile::open(dir.file("m.wv"));
  CHECK(model.dim() == 16);
  CHECK(model.vocab_size() == 22);  // 3 topics x 6 words + 4 function words
  CHECK(model.settings().at("dim") == 16);
  CHECK(model.settings().at("window") == 3);
  CHECK(model.settings().at("seed") == 3);
  CHECK(model.context_vectors() != nullptr);  // kept by default

  // The vocabulary file lists the model's words in order, with their counts.
  const auto vocab_lines = lines_of(slurp(dir.file("v.txt")));
  REQUIRE(vocab_lines.size() == model.vocab_size());
  std::uint64_t tokens = 0;
  for (std::size_t i = 0; i < model.vocab_size(); ++i) {
    CHECK(vocab_lines[i] == std::string(model.word(i)) + " " + std::to_string(model.count(i)));
    tokens += model.count(i);
  }
  CHECK(model.settings().at("corpus_words") == tokens);
  CHECK(model.settings().at("trained_words") == 2 * tokens);

  for (const W2V& w : {parse_w2v_binary(slurp(dir.file("m.bin"))), parse_w2v_text(slurp(dir.file("m.txt")))}) {
    REQUIRE(w.rows == model.vocab_size());
    REQUIRE(w.dim == 16);
    for (std::size_t i = 0; i < w.rows; ++i) {
      CHECK(w.words[i] == model.word(i));
      CHECK(std::memcmp(w.vectors[i].data(), model.input_vectors() + i * 16, 16 * sizeof(float)) == 0);
    }
  }

  SECTION("--read-vocab with the saved vocabulary reproduces the model") {
    REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("again.wv") + " --read-vocab " + dir.file("v.txt") + kFast)
                .status == 0);
    ModelFile again = ModelFile::open(dir.file("again.wv"));
    CHECK(same_vectors(model, again));
    // ...and a different seed does not (so the comparison above means something).
    REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("other.wv") + " --read-vocab " + dir.file("v.txt") + fast(4))
                .status == 0);
    CHECK_FALSE(same_vectors(model, ModelFile::open(dir.file("other.wv"))));
  }
  SECTION("--read-vocab restricts training to the listed words") {
    dir.write("small.txt", "t0w1 50\nthe 900\nt2w3 70\nrare 1\n");
    REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("s.wv") + " --read-vocab " + dir.file("small.txt") + fast(3, 2))
                .status == 0);
    ModelFile s = ModelFile::open(dir.file("s.wv"));
    REQUIRE(s.vocab_size() == 3);
    CHECK(s.word(0) == "the");
    CHECK(s.word(1) == "t2w3");
    CHECK(s.word(2) == "t0w1");
    CHECK(s.count(0) == 900);
  }
  SECTION("--no-context leaves the context vectors out; --save-context is the default, still accepted") {
    REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("small.wv") + " --no-context" + kFast).status == 0);
    ModelFile small = ModelFile::open(dir.file("small.wv"));
    CHECK(small.context_vectors() == nullptr);
    CHECK(same_vectors(model, small));
    CHECK(small.file_size() < model.file_size());
    REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("ctx.wv") + " --save-context" + kFast).status == 0);
    ModelFile ctx = ModelFile::open(dir.file("ctx.wv"));
    REQUIRE(ctx.context_vectors() != nullptr);
    CHECK(same_vectors(model, ctx));
    CHECK(std::memcmp(ctx.context_vectors(), model.context_vectors(), model.vocab_size() * 16 * sizeof(float)) == 0);
    CHECK(wv_train("-q -i " + corpus + " -o " + dir.file("both.wv") + " --save-context --no-context" + kFast).status == 2);
  }
}

TEST_CASE("wv-train --quiet prints nothing", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus());
  const auto r = wv_train("--quiet -i " + corpus + " -o " + dir.file("m.wv") + " --save-vocab " + dir.file("v.txt") + kFast);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  CHECK(fs::exists(dir.file("m.wv")));
  CHECK(fs::exists(dir.file("v.txt")));
}

TEST_CASE("wv-train progress output on a pipe has rate, lr, loss, ETA and a summary", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus());
  const auto r = wv_train("-i " + corpus + " -o " + dir.file("m.wv") + kFast);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());  // progress and the summary go to stderr
  CHECK(r.err.find('\r') == std::string::npos);  // no terminal redraws in a log
  CHECK(r.err.find('\033') == std::string::npos);
  bool progress_line = false;
  for (const auto& line : lines_of(r.err)) {
    if (line.rfind("Progress:", 0) != 0) continue;
    progress_line = true;
    CHECK_THAT(line, Catch::Contains("words/sec/thread:") && Catch::Contains("lr:") && Catch::Contains("loss:") &&
                         Catch::Contains("ETA:"));
  }
  CHECK(progress_line);
  CHECK_THAT(r.err, Catch::Contains("Progress: 100.0%"));
  ModelFile model = ModelFile::open(dir.file("m.wv"));
  std::uint64_t tokens = 0;
  for (std::size_t i = 0; i < model.vocab_size(); ++i) tokens += model.count(i);
  CHECK_THAT(r.err, Catch::Contains("Vocabulary: 22 words, " + std::to_string(tokens) + " corpus tokens"));
  CHECK_THAT(r.err, Catch::Contains("Trained on " + std::to_string(2 * tokens) + " words in "));
  CHECK_THAT(r.err, Catch::Contains("final loss"));
}

TEST_CASE("wv-train stopped by SIGINT exits 130 and writes no model", "[cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", small_corpus());
  // 1000 epochs (10M words) would take many seconds; the signal comes as
  // soon as training has reported progress, whatever the machine's speed.
  Process train(bin("wv-train"), split_args("-i " + corpus + " -o " + dir.file("m.wv") +
                                            " --threads 2 --dim 64 --sample 0 --min-count 1 --epochs 1000"));
  REQUIRE(train.wait_for_output("Progress:"));
  train.signal(SIGINT);
  const auto r = train.wait();
  INFO(r.err);
  CHECK(r.status == 130);
  REQUIRE_FALSE(lines_of(r.err).empty());
  CHECK_THAT(lines_of(r.err).back(), Catch::StartsWith("wv-train: interrupted at ") && Catch::Contains("no model written"));
  CHECK_FALSE(fs::exists(dir.file("m.wv")));
}

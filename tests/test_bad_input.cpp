// Inputs that must never destroy data, crash a tool or give a silently
// wrong answer: colliding paths, repeated words, evaluation files from other
// tools (byte-order marks, line ends, encodings).
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/file.h"
#include "query/embeddings.h"
#include "query/evaluation.h"
#include "query/search.h"
#include "query_test_support.h"

using namespace wordvec;
using namespace wordvec::test;

TEST_CASE("An output that is an input, or another output, is refused by file identity", "[bad_input][paths]") {
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", "a b c\n");
  const std::string model = dir.file("m.wv");
  auto refused = [](const std::vector<FlaggedPath>& in, const std::vector<FlaggedPath>& out) {
    try {
      check_distinct_files(in, out);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  SECTION("the same path, spelled differently") {
    const std::string message = refused({{"--input", corpus}}, {{"--output", dir.file("./corpus.txt")}});
    CHECK_THAT(message, Catch::Contains("--output") && Catch::Contains("--input") && Catch::Contains("overwrite"));
  }
  SECTION("a symbolic link to the input") {
    std::filesystem::create_symlink(corpus, dir.file("link.wv"));
    CHECK_FALSE(refused({{"--input", corpus}}, {{"--output", dir.file("link.wv")}}).empty());
  }
  SECTION("a hard link to the input") {
    std::filesystem::create_hard_link(corpus, dir.file("hard.wv"));
    CHECK_FALSE(refused({{"--input", corpus}}, {{"--output", dir.file("hard.wv")}}).empty());
  }
  SECTION("a directory reached through a link, for a file that does not exist yet") {
    std::filesystem::create_directory(dir.file("sub"));
    std::filesystem::create_directory_symlink(dir.file("sub"), dir.file("alias"));
    const std::string message =
        refused({{"--input", corpus}}, {{"--output", dir.file("sub/m.wv")}, {"--export-w2v", dir.file("alias/m.wv")}});
    CHECK_THAT(message, Catch::Contains("--output") && Catch::Contains("--export-w2v") && Catch::Contains("same file"));
  }
  SECTION("distinct files pass, empty paths are ignored") {
    CHECK(refused({{"--input", corpus}, {"--read-vocab", ""}}, {{"--output", model}, {"--save-vocab", ""}}).empty());
  }
  CHECK(slurp(corpus) == "a b c\n");
}

TEST_CASE("A vector file that repeats a word: the first occurrence wins and no word neighbours itself",
          "[bad_input][formats]") {
  TempDir dir;
  const std::vector<std::string> words = {"king", "queen", "king", "man", "queen", "king"};
  const std::vector<std::vector<float>> vectors = {{1, 0, 0}, {0, 1, 0}, {1, 0.01f, 0}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}};
  for (const bool binary : {true, false}) {
    const Embeddings e = Embeddings::load(write_test_word2vec(dir, binary ? "v.bin" : "v.txt", words, vectors, binary));
    CHECK(e.size() == 3);
    CHECK(e.repeated_rows() == 3);
    CHECK(e.first_repeated_word() == "king");
    CHECK(e.word(e.find("man")) == "man");
    Query query;
    query.positive = {e.find("king")};
    const auto answers = search(e, {query}, SearchOptions{});
    REQUIRE(answers[0].size() == 2);
    for (const Neighbour& n : answers[0]) CHECK(e.word(n.id) != "king");
  }
  // A wordvec model keeps each kept word's own count.
  const Embeddings model = Embeddings::load(write_test_model(dir, "m.wv", words, vectors));
  CHECK(model.size() == 3);
  CHECK(model.count(model.find("man")) == 1000 - 3);
}

TEST_CASE("Evaluation files with a byte-order mark, mixed line ends or UTF-16", "[bad_input][evaluation]") {
  TempDir dir;
  const auto sections = read_analogy_file(
      dir.write("q.txt", "\xEF\xBB\xBF: capitals\r\nparis france rome italy\rberlin germany rome italy\n\nathens greece paris france"));
  REQUIRE(sections.size() == 1);
  CHECK(sections[0].name == "capitals");
  REQUIRE(sections[0].questions.size() == 3);
  CHECK(sections[0].questions[2].d == "france");

  const auto pairs = read_word_pairs(dir.write("p.txt", "\xEF\xBB\xBF" "cat dog 7.5\rcar bus 6\r\n"));
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[0].first == "cat");

  const std::string utf16("\xFF\xFE" "c\0a\0t\0 \0d\0o\0g\0 \0" "1\0\n\0", 20);
  CHECK_THROWS_WITH(read_word_pairs(dir.write("u.txt", utf16)), Catch::Contains("UTF-16"));
  CHECK_THROWS_WITH(read_analogy_file(dir.write("u.txt", utf16)), Catch::Contains("UTF-16"));
  CHECK_THROWS_WITH(read_word_pairs(dir.write("n.txt", std::string("c\0a\0t\0 \0d\0o\0g\0", 14))), Catch::Contains("UTF-16"));
  CHECK_THROWS_WITH(read_analogy_file(dir.write("bad.txt", ": s\nparis france rome\n")), Catch::Contains("line 2"));
}

// ---- The tools, run as a user runs them ----

namespace {

// The model the command-line cases query: a corpus whose words hold every
// kind of byte a token can (invalid UTF-8, control bytes, quotes,
// backslashes, NUL), trained for a moment.
const std::vector<std::string> kHostileWords = {"cat", "dog", "ca\xfft", "\x1b[31mred", "qu\"ote", "back\\slash",
                                                "\xc3\xa9t\xc3\xa9", std::string("nul\0byte", 8), "\x7f" "del", "bell\x07"};

std::string hostile_corpus(const TempDir& dir) {
  std::string text;
  for (int line = 0; line < 2000; ++line) {
    for (int w = 0; w < 10; ++w) text += kHostileWords[(line * 7 + w * 3) % kHostileWords.size()] + " ";
    text += "\n";
  }
  return dir.write("hostile.txt", text);
}

std::string hostile_model(const TempDir& dir) {
  const std::string model = dir.file("m.wv");
  REQUIRE(run_program(bin("wv-train"), {"-q", "--min-count", "1", "--dim", "8", "--epochs", "1", "-i", hostile_corpus(dir),
                                        "-o", model}).status == 0);
  return model;
}

// Arguments: the fixed ones, then `more` split at spaces.
std::vector<std::string> args_of(std::vector<std::string> fixed, const std::string& more) {
  for (const std::string& a : split_args(more)) fixed.push_back(a);
  return fixed;
}

}  // namespace

TEST_CASE("wv-train never writes over its inputs or writes two outputs to one file", "[bad_input][cli]") {
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", std::string(2000, 'a') + " b c\nb c d\n");
  const std::string before = slurp(corpus);
  std::filesystem::create_symlink(corpus, dir.file("link.bin"));
  const std::string model = dir.file("m.wv");
  for (const std::vector<std::string>& outputs :
       std::vector<std::vector<std::string>>{{"-o", corpus},
                                             {"-o", model, "--export-w2v", dir.file("link.bin")},
                                             {"-o", model, "--export-w2v-text", dir.file("./m.wv")},
                                             {"--save-vocab", corpus},
                                             {"-o", model, "--checkpoint", model}}) {
    std::vector<std::string> args = {"-q", "--min-count", "1", "-i", corpus};
    args.insert(args.end(), outputs.begin(), outputs.end());
    INFO(outputs[1]);
    expect_one_line_error(run_program(bin("wv-train"), args), 1, "nothing was written");
  }
  CHECK(slurp(corpus) == before);
  CHECK_FALSE(std::filesystem::exists(model));
  // The vocabulary it reads is an input too.
  const std::string vocab = dir.write("v.txt", "b 5\nc 5\n");
  expect_one_line_error(run_program(bin("wv-train"), {"-q", "-i", corpus, "--read-vocab", vocab, "--save-vocab", vocab}), 1,
                        "refusing to overwrite an input");
  CHECK(slurp(vocab) == "b 5\nc 5\n");
}

TEST_CASE("Numbers a user can type get a one-line sentence and status 2", "[bad_input][cli]") {
  TempDir dir;
  const std::string model = hostile_model(dir);
  const std::string corpus = dir.file("hostile.txt");
  for (const std::string flag : {"--dim -1", "--dim 0", "--dim 100000", "--lr nan", "--lr inf", "--lr -1", "--sample nan",
                                 "--sample -0.5", "--threads 0", "--threads 100000", "--epochs 0", "--window 1e3",
                                 "--negative 0", "--min-count -3", "--max-token-bytes 0", "--max-sentence-words 0"}) {
    INFO(flag);
    const RunResult r = run_program(bin("wv-train"), args_of({"-q", "-i", corpus, "-o", dir.file("new.wv")}, flag));
    expect_one_line_error(r, 2, "must be");
    CHECK_THAT(r.err, Catch::Contains(flag.substr(0, flag.find(' '))));
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("new.wv")));

  for (const std::string flag : {"-k 0", "-k -1", "-k 99999999999999", "-k 18446744073709551616", "-k nan", "-k 1.5",
                                 "--restrict -5", "--threads 0", "--threads 100000"}) {
    INFO(flag);
    const RunResult r = run_program(bin("wv-query"), args_of({model, "neighbours", "cat"}, flag));
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK_THAT(lines_of(r.err).at(0), Catch::StartsWith("wv-query: usage error: ") && Catch::Contains("must be"));
  }
  // The largest -k allowed is answered with as many words as there are.
  const RunResult all = run_program(bin("wv-query"), {model, "neighbours", "cat", "-k", "1000000"});
  CHECK(all.status == 0);
  CHECK(lines_of(all.out).size() == kHostileWords.size() - 1);
}

TEST_CASE("Any bytes in a word survive JSON, TSV and the terminal table", "[bad_input][cli]") {
  TempDir dir;
  const std::string model = hostile_model(dir);
  std::string batch;
  for (const std::string& w : kHostileWords)
    if (w.find('\0') == std::string::npos) batch += "neighbours " + w + "\nsimilarity cat " + w + "\n";
  batch += "neighbours nosuchword\n";
  const std::size_t n_queries = lines_of(batch).size();

  // JSON: every line parses as strict JSON (nlohmann rejects invalid UTF-8).
  const RunResult json_lines = run_program(bin("wv-query"), {model, "batch", "--json"}, with_stdin(batch));
  CHECK(json_lines.status == 1);  // the unknown word fails its line
  const auto records = lines_of(json_lines.out);
  CHECK(records.size() == n_queries);
  for (const std::string& line : records) {
    INFO(line);
    CHECK_NOTHROW(nlohmann::json::parse(line));
  }
  CHECK(json_lines.out.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD for the invalid byte

  // TSV: one record per query line, whatever the words hold.
  CHECK(lines_of(run_program(bin("wv-query"), {model, "batch"}, with_stdin(batch)).out).size() == n_queries);

  // The terminal table and error lines carry no raw control bytes.
  for (const std::vector<std::string>& query : std::vector<std::vector<std::string>>{
           {"neighbours", "cat", "-k", "20"}, {"neighbours", "\x1b[31mred"}, {"similarity", "cat", "bell\x07"},
           {"neighbours", "\x1b[32mgreen"}}) {
    std::vector<std::string> args = {model};
    args.insert(args.end(), query.begin(), query.end());
    const RunResult r = run_program(bin("wv-query"), args);
    INFO(query[1]);
    for (const std::string* stream : {&r.out, &r.err})
      for (const char c : *stream) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
  }
}

TEST_CASE("Training that diverges stops with an error and writes no model", "[bad_input][cli]") {
  TempDir dir;
  const RunResult r = run_program(bin("wv-train"), {"-q", "--min-count", "1", "--lr", "1e30", "-i", hostile_corpus(dir), "-o",
                                                    dir.file("m.wv"), "--export-w2v", dir.file("m.bin")});
  expect_one_line_error(r, 1, "diverged");
  CHECK_THAT(r.err, Catch::Contains("--lr"));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.wv")));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.bin")));
}

TEST_CASE("wv-query warns once about a vector file that repeats words", "[bad_input][cli]") {
  TempDir dir;
  const std::string path = dir.write("v.txt", "4 2\ncat 1 0\ndog 0 1\ncat 1 0.1\nfish 1 1\n");
  const RunResult r = run_program(bin("wv-query"), {path, "neighbours", "cat"});
  CHECK(r.status == 0);
  CHECK(lines_of(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::StartsWith("wv-query: warning: ") && Catch::Contains("'cat'"));
  for (const std::string& line : lines_of(r.out)) CHECK(line.find(" cat ") == std::string::npos);
}

TEST_CASE("Found by the command-line fuzzer's review: fewer threads, a directory as output, NUL in messages",
          "[bad_input][cli]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "a b c d e f g\n";
  const std::string corpus = dir.write("c.txt", text);

  // OpenMP granting fewer threads than asked must not skip the others' ranges.
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  const RunResult limited =
      run_program(bin("wv-train"), {"-q", "--min-count", "1", "--epochs", "1", "--threads", "2", "-i", corpus, "-o", dir.file("m.wv")});
  ::unsetenv("OMP_THREAD_LIMIT");
  REQUIRE(limited.status == 0);
  const RunResult info = run_program(bin("wv-query"), {dir.file("m.wv"), "info", "--json"});
  const auto settings = nlohmann::json::parse(info.out).at("settings");
  CHECK(settings.at("trained_words") == settings.at("corpus_words"));

  // A directory as the output is refused before training, not at the rename after it.
  expect_one_line_error(run_program(bin("wv-train"), {"-q", "-i", corpus, "-o", dir.file("")}), 1, "is a directory");

  // A message quoting bytes with a NUL among them is printed whole.
  const RunResult misread = run_program(bin("wv-query"), {dir.file("m.wv"), "--format", "w2v-text", "a"});
  expect_one_line_error(misread, 1, "\\x00");
  CHECK_THAT(misread.err, Catch::Contains("(word 1)"));
}

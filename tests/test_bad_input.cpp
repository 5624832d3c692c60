// Inputs that must never destroy data, crash a tool or give a silently
// wrong answer: colliding paths, repeated words, evaluation files from other
// tools (byte-order marks, line ends, encodings).
#include <unistd.h>

#include <algorithm>
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

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The first line of a command's output, and how many lines it has.
std::size_t line_count(const std::string& text) { return lines_of(text).size(); }

}  // namespace

TEST_CASE("wv-train never writes over its inputs or writes two outputs to one file", "[bad_input][cli]") {
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", std::string(2000, 'a') + " b c\nb c d\n");
  const std::string before = slurp(corpus);
  std::filesystem::create_symlink(corpus, dir.file("link.bin"));
  const std::string train = bin("wv-train") + " -q --min-count 1 -i " + quoted(corpus);
  for (const std::string& outputs :
       {"-o " + quoted(corpus), "-o " + quoted(dir.file("m.wv")) + " --export-w2v " + quoted(dir.file("link.bin")),
        "-o " + quoted(dir.file("m.wv")) + " --export-w2v-text " + quoted(dir.file("./m.wv")),
        "--save-vocab " + quoted(corpus), "-o " + quoted(dir.file("m.wv")) + " --checkpoint " + quoted(dir.file("m.wv"))}) {
    INFO(outputs);
    const CommandResult r = run_command(train + " " + outputs);
    CHECK(r.status == 1);
    CHECK(line_count(r.output) == 1);
    CHECK_THAT(r.output, Catch::StartsWith("wv-train: error: ") &&
                             (Catch::Contains("refusing to overwrite an input") || Catch::Contains("same file")));
  }
  CHECK(slurp(corpus) == before);
  CHECK_FALSE(std::filesystem::exists(dir.file("m.wv")));
  // The vocabulary it reads, and the checkpoint it resumes, are inputs too.
  std::ofstream(dir.file("v.txt")) << "b 5\nc 5\n";
  CHECK(run_command(train + " --read-vocab " + quoted(dir.file("v.txt")) + " --save-vocab " + quoted(dir.file("v.txt"))).status == 1);
  CHECK(slurp(dir.file("v.txt")) == "b 5\nc 5\n");
}

TEST_CASE("Numbers a user can type get a one-line sentence and status 2", "[bad_input][cli]") {
  TempDir dir;
  const std::string corpus = hostile_corpus(dir);
  for (const std::string flag : {"--dim -1", "--dim 0", "--dim 100000", "--lr nan", "--lr inf", "--lr -1", "--sample nan",
                                  "--sample -0.5", "--threads 0", "--threads 100000", "--epochs 0", "--window 1e3",
                                  "--negative 0", "--min-count -3", "--max-token-bytes 0", "--max-sentence-words 0"}) {
    INFO(flag);
    const CommandResult r = run_command(bin("wv-train") + " -q -i " + quoted(corpus) + " -o " + quoted(dir.file("m.wv")) + " " + flag);
    CHECK(r.status == 2);
    CHECK(line_count(r.output) == 1);
    CHECK_THAT(r.output, Catch::Contains(flag.substr(0, flag.find(' '))) && Catch::Contains("must be"));
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("m.wv")));

  REQUIRE(run_command(bin("wv-train") + " -q --min-count 1 --dim 8 --epochs 1 -i " + quoted(corpus) + " -o " +
                      quoted(dir.file("m.wv"))).status == 0);
  for (const std::string flag : {"-k 0", "-k -1", "-k 99999999999999", "-k 18446744073709551616", "-k nan", "-k 1.5",
                                  "--restrict -5", "--threads 0", "--threads 100000"}) {
    INFO(flag);
    const CommandResult r = run_command(bin("wv-query") + " " + quoted(dir.file("m.wv")) + " neighbours cat " + flag);
    CHECK(r.status == 2);
    CHECK_THAT(lines_of(r.output).at(0), Catch::StartsWith("wv-query: usage error: ") && Catch::Contains("must be"));
  }
  // The largest -k allowed is answered with as many words as there are.
  const CommandResult all = run_command(bin("wv-query") + " " + quoted(dir.file("m.wv")) + " neighbours cat -k 1000000");
  CHECK(all.status == 0);
  CHECK(line_count(all.output) == kHostileWords.size() - 1);
}

TEST_CASE("Any bytes in a word survive JSON, TSV and the terminal table", "[bad_input][cli]") {
  TempDir dir;
  const std::string model = dir.file("m.wv");
  REQUIRE(run_command(bin("wv-train") + " -q --min-count 1 --dim 8 --epochs 1 -i " + quoted(hostile_corpus(dir)) + " -o " +
                      quoted(model)).status == 0);
  const std::string query = bin("wv-query") + " " + quoted(model);
  std::string batch;
  for (const std::string& w : kHostileWords)
    if (w.find('\0') == std::string::npos) batch += "neighbours " + w + "\nsimilarity cat " + w + "\n";
  const std::string queries = dir.write("queries.txt", batch + "neighbours nosuchword\n");
  const std::size_t n_queries = line_count(batch) + 1;

  // JSON: every line parses as strict JSON (nlohmann rejects invalid UTF-8).
  const CommandResult json_lines = run_command(query + " batch " + quoted(queries) + " --json");
  CHECK(json_lines.status == 1);  // the unknown word fails its line
  std::size_t records = 0;
  for (const std::string& line : lines_of(json_lines.output)) {
    if (line.rfind("wv-query: ", 0) == 0) continue;
    INFO(line);
    CHECK_NOTHROW(nlohmann::json::parse(line));
    ++records;
  }
  CHECK(records == n_queries);
  CHECK(json_lines.output.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD for the invalid byte

  // TSV: one record per query line, whatever the words hold.
  const CommandResult tsv = run_command(query + " batch " + quoted(queries));
  const auto tsv_lines = lines_of(tsv.output);
  CHECK(std::count_if(tsv_lines.begin(), tsv_lines.end(), [](const std::string& l) { return l.rfind("wv-query: ", 0) != 0; }) ==
        static_cast<long>(n_queries));

  // The terminal table and error lines carry no raw control bytes.
  for (const std::string& args : {std::string("neighbours cat -k 20"), "neighbours " + quoted("\x1b[31mred"),
                                  "similarity cat " + quoted("bell\x07"), "neighbours " + quoted("\x1b[32mgreen")}) {
    INFO(args);
    const CommandResult r = run_command(query + " " + args);
    for (const char c : r.output) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
  }
}

TEST_CASE("Training that diverges stops with an error and writes no model", "[bad_input][cli]") {
  TempDir dir;
  const CommandResult r = run_command(bin("wv-train") + " -q --min-count 1 --lr 1e30 -i " + quoted(hostile_corpus(dir)) +
                                      " -o " + quoted(dir.file("m.wv")) + " --export-w2v " + quoted(dir.file("m.bin")));
  CHECK(r.status == 1);
  CHECK(line_count(r.output) == 1);
  CHECK_THAT(r.output, Catch::Contains("diverged") && Catch::Contains("--lr"));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.wv")));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.bin")));
}

TEST_CASE("wv-query warns once about a vector file that repeats words", "[bad_input][cli]") {
  TempDir dir;
  const std::string path = dir.write("v.txt", "4 2\ncat 1 0\ndog 0 1\ncat 1 0.1\nfish 1 1\n");
  const CommandResult r = run_command(bin("wv-query") + " " + quoted(path) + " neighbours cat");
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("wv-query: warning: ") && Catch::Contains("'cat'"));
  const auto lines = lines_of(r.output);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.find(" cat ") != std::string::npos; }) == 0);
}

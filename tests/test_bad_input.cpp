// Inputs that must never destroy data, crash a tool or give a silently
// wrong answer: colliding paths, repeated words, evaluation files from other
// tools (byte-order marks, line ends, encodings).
#include <unistd.h>

#include <filesystem>

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

// Inputs the fuzzers (fuzz/) once crashed on or flagged, fed through the
// same code paths as the fuzz harnesses, so the fixes stay fixed.
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "model/word2vec_format.h"

using wordvec::test::TempDir;

namespace {

std::vector<std::pair<std::string, bool>> tokens_of(const std::string& path, wordvec::TokenizerOptions options,
                                                    std::size_t buffer_bytes = 1 << 20) {
  wordvec::TokenStream stream(path, 0, wordvec::corpus_file_size(path), options, buffer_bytes);
  std::vector<std::pair<std::string, bool>> out;
  std::string_view token;
  bool newline = false;
  while (stream.next(token, newline)) out.emplace_back(std::string(token), newline);
  return out;
}

}  // namespace

// fuzz_word2vec, crash-d674cf31: a binary file whose header announces
// dimension 9999991999999999999: auto-detection sized a scratch vector from
// the unchecked header and died with std::length_error (not an Error).
TEST_CASE("regression: word2vec header with an absurd dimension is an Error, not a crash", "[regressions][word2vec]") {
  TempDir dir;
  const char kCrash[] = "3 9999991999999999999\x0a\x61 \x00{\x00\x80?\x00\x00P\x00@b \x00\x00xDEBIAN_F\x01\x00RONT\x00\x00\x00\x00\x00\x00P@.";
  const auto path = dir.write("crash.bin", std::string(kCrash, sizeof kCrash - 1));
  REQUIRE(sizeof kCrash - 1 == 62);
  CHECK_THROWS_AS(wordvec::read_word2vec(path, std::nullopt), wordvec::Error);
  CHECK_THROWS_AS(wordvec::read_word2vec(path, wordvec::Word2vecEncoding::Binary), wordvec::Error);
  CHECK_THROWS_AS(wordvec::read_word2vec(path, wordvec::Word2vecEncoding::Text), wordvec::Error);
}

// fuzz_word2vec, crash-e7673403: " 000...0010 000...02" parses as a header
// of 10^30-ish words; the text reader reserved that many lines before
// checking the header and failed with allocation-size-too-big.
TEST_CASE("regression: word2vec header with an absurd word count is an Error, not a crash", "[regressions][word2vec]") {
  TempDir dir;
  const auto path = dir.write("crash.txt", " " + std::string(30, '0') + "10 " + std::string(17, '0') + "2");
  CHECK_THROWS_AS(wordvec::read_word2vec(path, std::nullopt), wordvec::Error);
  CHECK_THROWS_AS(wordvec::read_word2vec(path, wordvec::Word2vecEncoding::Text), wordvec::Error);
  const auto huge = dir.write("huge.txt", "18446744073709551615 3\na 1 2 3\n");
  CHECK_THROWS_AS(wordvec::read_word2vec(huge, wordvec::Word2vecEncoding::Text), wordvec::Error);
}

// Found with fuzz_word2vec's 1 GB malloc limit: a text file of a few KB whose
// header claims dimension 1000000 made the reader allocate lines x 4 MB
// before finding that no line holds that many numbers.
TEST_CASE("regression: a short word2vec text file cannot make the reader allocate gigabytes", "[regressions][word2vec]") {
  TempDir dir;
  std::string text = "2000 1000000\n";
  for (int i = 0; i < 2000; ++i) text += "w" + std::to_string(i) + " 1 2\n";
  const auto path = dir.write("claims-huge-dim.txt", text);
  CHECK_THROWS_WITH(wordvec::read_word2vec(path, wordvec::Word2vecEncoding::Text),
                    Catch::Contains("the vector of 'w0' (word 1) has 2 values where the dimension is 1000000"));
  // The check names the first short line, as the full parse would.
  const auto second = dir.write("second-short.txt", "2 3\na 1 2 3\nb 1 2\n");
  CHECK_THROWS_WITH(wordvec::read_word2vec(second, std::nullopt),
                    Catch::Contains("the vector of 'b' (word 2) has 2 values where the dimension is 3"));
}

// fuzz_tokenizer, crash-64e8e786: with a small max_token_bytes, a token
// whose first character is longer than the limit (here a 4-byte emoji with
// max 2), or that starts with stray continuation bytes, was cut to the empty
// string, and "" became a vocabulary word (unwritable in word2vec's format).
TEST_CASE("regression: truncation never yields an empty token", "[regressions][tokenizer]") {
  TempDir dir;
  wordvec::TokenizerOptions options;
  options.max_token_bytes = 2;
  const char kText[] = "caf\x9e \xf0\x9f\x98\x80i\xb4\x8d\x89\xff\x7f\x00\x00\r\nok\n\xe6\x97\xa5 x";
  const auto path = dir.write("t.txt", std::string(kText, sizeof kText - 1));
  for (std::size_t buffer : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20}) {
    const auto tokens = tokens_of(path, options, buffer);
    // "caf\x9e" -> "ca"; the emoji token is dropped; the LF before the
    // (dropped) 3-byte character carries over to "x".
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0] == std::make_pair(std::string("ca"), true));
    CHECK(tokens[1] == std::make_pair(std::string("ok"), true));
    CHECK(tokens[2] == std::make_pair(std::string("x"), true));
  }
  // Invalid UTF-8 at the default limit: 150 continuation bytes are dropped.
  const auto stray = dir.write("stray.txt", "a " + std::string(150, '\x80') + " b\n");
  const auto tokens = tokens_of(stray, wordvec::TokenizerOptions{});
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].first == "a");
  CHECK(tokens[1].first == "b");
}

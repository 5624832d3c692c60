// Tokenizer: what bytes become which tokens, and that byte ranges (one per
// training thread) tile a file without losing or duplicating a token.
#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "test_support.h"
#include "text/tokenizer.h"

using wordvec::TokenizerOptions;
using wordvec::TokenStream;
using wordvec::test::TempDir;

namespace {

struct Token {
  std::string bytes;
  bool newline_before;
  bool operator==(const Token& o) const { return bytes == o.bytes && newline_before == o.newline_before; }
};

std::vector<Token> read_range(const std::string& path, std::uint64_t begin, std::uint64_t end,
                              TokenizerOptions options = {}, std::size_t buffer_bytes = 1 << 20) {
  TokenStream stream(path, begin, end, options, buffer_bytes);
  std::vector<Token> out;
  std::string_view token;
  bool newline = false;
  while (stream.next(token, newline)) out.push_back({std::string(token), newline});
  return out;
}

std::vector<Token> read_all(const std::string& path, TokenizerOptions options = {},
                            std::size_t buffer_bytes = 1 << 20) {
  return read_range(path, 0, wordvec::corpus_file_size(path), options, buffer_bytes);
}

std::vector<std::string> words_of(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.bytes);
  return out;
}

std::string describe(const std::string& s) { return "'" + s + "'"; }
std::string describe(const Token& t) { return (t.newline_before ? "\\n'" : "'") + t.bytes + "'"; }

// "" if equal, else where the sequences first differ (a readable failure for
// sequences of thousands of tokens).
template <typename T>
std::string difference(const std::vector<T>& got, const std::vector<T>& want) {
  const std::size_t n = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!(got[i] == want[i]))
      return "token " + std::to_string(i) + ": got " + describe(got[i]) + ", want " + describe(want[i]);
  if (got.size() != want.size())
    return "got " + std::to_string(got.size()) + " tokens, want " + std::to_string(want.size());
  return "";
}

// Reads [0, size) as the ranges cut at `cuts` (sorted, may repeat) and
// concatenates their tokens. Flags of the first token of each range are
// reported as they come (a range start counts as a sentence start).
std::vector<Token> read_split(const std::string& path, std::vector<std::uint64_t> cuts, TokenizerOptions options = {},
                              std::size_t buffer_bytes = 1 << 20, std::vector<std::size_t>* range_starts = nullptr) {
  const std::uint64_t size = wordvec::corpus_file_size(path);
  cuts.insert(cuts.begin(), 0);
  cuts.push_back(size);
  std::vector<Token> out;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (range_starts) range_starts->push_back(out.size());
    auto part = read_range(path, cuts[i], cuts[i + 1], options, buffer_bytes);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// A corpus with every awkward case in it: whitespace runs of all kinds,
// CRLF, blank lines, multi-byte UTF-8, a NUL byte, one-byte tokens, leading
// and trailing whitespace.
const char kTrickyBytes[] =
    "  The quick\tbrown fox\r\njumps over\v\fthe lazy dog.\n\n\n"
    "caf\xc3\xa9 na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 a b c\n"
    "nul\0byte x \t \r\n\r\n  y\f\vz\n"
    "aVeryLongTokenThatSpansSeveralSmallBuffersForSure end   ";
const std::string kTricky(kTrickyBytes, sizeof kTrickyBytes - 1);

}  // namespace

TEST_CASE("tokenizer splits on every ASCII whitespace kind", "[tokenizer]") {
  TempDir dir;
  auto path = dir.write("c.txt", "a b\tc\rd\ne\vf\fg  h\t\t\ti");
  auto tokens = read_all(path);
  CHECK(words_of(tokens) == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i"});
  // Only LF ends a sentence: CR, VT, FF and tabs do not.
  std::vector<bool> newlines;
  for (const auto& t : tokens) newlines.push_back(t.newline_before);
  CHECK(newlines == std::vector<bool>{true, false, false, false, true, false, false, false, false});
}

TEST_CASE("tokenizer marks sentence breaks at LF, once per run of blank lines", "[tokenizer]") {
  TempDir dir;
  auto path = dir.write("c.txt", "\n\n  one two\n\n\n  three\t\nfour five \n");
  auto tokens = read_all(path);
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0] == Token{"one", true});
  CHECK(tokens[1] == Token{"two", false});
  CHECK(tokens[2] == Token{"three", true});
  CHECK(tokens[3] == Token{"four", true});
  CHECK(tokens[4] == Token{"five", false});
}

TEST_CASE("tokenizer reads CRLF files like LF files", "[tokenizer]") {
  TempDir dir;
  auto crlf = read_all(dir.write("crlf.txt", "hello world\r\nfoo bar\r\n\r\nbaz\r\n"));
  auto lf = read_all(dir.write("lf.txt", "hello world\nfoo bar\n\nbaz\n"));
  CHECK(crlf == lf);
  REQUIRE(crlf.size() == 5);
  CHECK(crlf[1].bytes == "world");  // no trailing CR
  CHECK(crlf[2] == Token{"foo", true});
  CHECK(crlf[4] == Token{"baz", true});
}

TEST_CASE("tokenizer handles empty and whitespace-only files", "[tokenizer]") {
  TempDir dir;
  CHECK(read_all(dir.write("empty.txt", "")).empty());
  CHECK(read_all(dir.write("blank.txt", " \n\t\r\n\v\f \n")).empty());
  CHECK(words_of(read_all(dir.write("one.txt", "x"))) == std::vector<std::string>{"x"});
}

TEST_CASE("tokenizer passes UTF-8 and NUL bytes through unchanged", "[tokenizer]") {
  TempDir dir;
  const char bytes[] = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 a\0b \xff\xfe\n";
  const std::string text(bytes, sizeof bytes - 1);
  auto tokens = read_all(dir.write("u.txt", text));
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0].bytes == "caf\xc3\xa9");
  CHECK(tokens[1].bytes == "\xe6\x97\xa5\xe6\x9c\xac");
  CHECK(tokens[2].bytes == "\xf0\x9f\x98\x80");
  CHECK(tokens[3].bytes == std::string("a\0b", 3));
  CHECK(tokens[4].bytes == "\xff\xfe");  // invalid UTF-8 is not the tokenizer's business either
}

TEST_CASE("lowercase folds ASCII A-Z only", "[tokenizer]") {
  TempDir dir;
  // \xc3\x89 is É, \xc3\x80 is À: neither byte may change, nor any other non-ASCII byte.
  auto path = dir.write("l.txt", "\xc3\x89""COLE Paris ABC xyz \xc3\x80 M\xc3\x9cNCHEN 123-Z_@[`{\n");
  TokenizerOptions lower;
  lower.lowercase = true;
  auto folded = words_of(read_all(path, lower));
  CHECK(folded == std::vector<std::string>{"\xc3\x89""cole", "paris", "abc", "xyz", "\xc3\x80", "m\xc3\x9cnchen",
                                           "123-z_@[`{"});
  auto kept = words_of(read_all(path));
  CHECK(kept[1] == "Paris");
  CHECK(kept[2] == "ABC");
  // The slow path (a token crossing a buffer boundary) folds the same way.
  CHECK(words_of(read_all(path, lower, 3)) == folded);
}

TEST_CASE("max_token_bytes truncates on a UTF-8 character boundary", "[tokenizer]") {
  TempDir dir;
  TokenizerOptions opt;
  opt.max_token_bytes = 5;
  auto path = dir.write("t.txt",
                        "abcdefgh "              // ASCII: plain cut
                        "abcd\xc3\xa9 "          // 2-byte é at bytes 4-5 straddles the limit: dropped
                        "abc\xc3\xa9xyz "        // é at bytes 3-4 fits exactly
                        "ab\xe2\x82\xac "        // 3-byte € fits exactly (5 bytes)
                        "abc\xe2\x82\xac "       // € at bytes 3-5 straddles: dropped
                        "a\xf0\x9f\x98\x80zz "   // 4-byte emoji at 1-4 fits, then cut
                        "ab\xf0\x9f\x98\x80 "    // emoji at 2-5 straddles: dropped
                        "\xf0\x9f\x98\x80\xf0\x9f\x98\x80 "  // second emoji straddles
                        "short\n");
  const std::vector<std::string> expected{"abcde", "abcd", "abc\xc3\xa9", "ab\xe2\x82\xac", "abc", "a\xf0\x9f\x98\x80",
                                          "ab", "\xf0\x9f\x98\x80", "short"};
  CHECK(words_of(read_all(path, opt)) == expected);
  // Same result when the long tokens cross buffer boundaries.
  for (std::size_t buf : {1, 2, 3, 4, 7})
    CHECK(words_of(read_all(path, opt, buf)) == expected);

  CHECK(wordvec::utf8_truncated_length("abcd\xc3\xa9", 6, 5) == 4);
  CHECK(wordvec::utf8_truncated_length("abcd\xc3\xa9", 6, 6) == 6);
  CHECK(wordvec::utf8_truncated_length("abc", 3, 100) == 3);
}

TEST_CASE("a huge single token costs no memory and yields one truncated token", "[tokenizer]") {
  TempDir dir;
  const std::string path = dir.file("huge.txt");
  const std::size_t token_bytes = 24u << 20;  // 24 MB without a separator
  {
    std::ofstream out(path, std::ios::binary);
    out << "before\n";
    std::string chunk(1 << 16, 'x');
    for (std::size_t i = 0; i < token_bytes / chunk.size(); ++i) out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    out << " after\n";
  }
  struct rusage before {}, after {};
  ::getrusage(RUSAGE_SELF, &before);
  auto tokens = read_all(path);
  ::getrusage(RUSAGE_SELF, &after);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].bytes == "before");
  CHECK(tokens[1].bytes == std::string(TokenizerOptions{}.max_token_bytes, 'x'));
  CHECK(tokens[2] == Token{"after", false});
  // The read buffer is 1 MB; holding the token would take 24 MB or more.
  // (ru_maxrss is a high-water mark in KiB; ctest runs each case in its own process.)
  CHECK(after.ru_maxrss - before.ru_maxrss < 8 * 1024);
}

TEST_CASE("tiny read buffers give the same tokens", "[tokenizer]") {
  TempDir dir;
  auto path = dir.write("t.txt", kTricky);
  auto reference = read_all(path);
  REQUIRE(reference.size() == 22);
  CHECK(reference[16].bytes == std::string("nul\0byte", 8));
  CHECK(reference[0] == Token{"The", true});
  CHECK(reference.back() == Token{"end", false});
  for (std::size_t buf : {1, 2, 3, 5, 16, 64}) {
    INFO("buffer_bytes = " << buf);
    CHECK(difference(read_all(path, {}, buf), reference) == "");
  }
}

TEST_CASE("byte ranges cut anywhere see every token exactly once", "[tokenizer]") {
  TempDir dir;
  auto path = dir.write("t.txt", kTricky);
  const std::uint64_t size = kTricky.size();
  const auto reference = read_all(path);

  // Every single cut point: inside tokens, inside whitespace runs, at both ends.
  for (std::uint64_t cut = 0; cut <= size; ++cut) {
    for (std::size_t buf : {std::size_t{3}, std::size_t{1} << 20}) {
      INFO("cut at " << cut << ", buffer_bytes = " << buf);
      std::vector<std::size_t> starts;
      auto split = read_split(path, {cut}, {}, buf, &starts);
      REQUIRE(difference(words_of(split), words_of(reference)) == "");
      // Apart from the first token of each range (a range start counts as a
      // sentence start), the sentence breaks are the same too.
      for (std::size_t i = 0; i < split.size(); ++i)
        if (std::find(starts.begin(), starts.end(), i) == starts.end())
          REQUIRE(split[i].newline_before == reference[i].newline_before);
    }
  }
}

TEST_CASE("1 to 7 ranges with random cut points tile a larger file", "[tokenizer]") {
  TempDir dir;
  std::mt19937 gen(12345);
  const char* seps[] = {" ", "  ", "\t", "\n", "\r\n", " \n\n ", "\v", "\f", " \t\r\n\v\f "};
  const char* words[] = {"a", "of", "the", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "xylophone",
                         "supercalifragilistic", "\xf0\x9f\x98\x80!", "Z"};
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += words[gen() % 9];
    text += seps[gen() % 9];
  }
  auto path = dir.write("big.txt", text);
  TokenizerOptions opt;
  opt.max_token_bytes = 7;  // truncation must not interfere with range ownership either
  const auto reference = words_of(read_all(path, opt));
  REQUIRE(reference.size() == 3000);
  for (int n = 1; n <= 7; ++n) {
    for (int trial = 0; trial < 8; ++trial) {
      std::vector<std::uint64_t> cuts;
      if (trial == 0) {
        // Evenly spaced, as the trainer cuts them.
        for (int t = 1; t < n; ++t) cuts.push_back(text.size() * t / n);
      } else {
        for (int t = 1; t < n; ++t) cuts.push_back(gen() % (text.size() + 1));
        std::sort(cuts.begin(), cuts.end());
      }
      INFO("ranges " << n << ", trial " << trial);
      CHECK(difference(words_of(read_split(path, cuts, opt, trial % 2 ? 3 : 1 << 16)), reference) == "");
    }
  }
}

TEST_CASE("corpus_file_size rejects missing files and directories", "[tokenizer]") {
  TempDir dir;
  CHECK(wordvec::corpus_file_size(dir.write("f.txt", "12345")) == 5);
  CHECK_THROWS_WITH(wordvec::corpus_file_size(dir.file("missing.txt")),
                    Catch::Contains("missing.txt") && Catch::Contains("No such file"));
  CHECK_THROWS_WITH(wordvec::corpus_file_size(dir.file("")), Catch::Contains("directory"));
  CHECK_THROWS_AS(TokenStream(dir.file("missing.txt"), 0, 1, {}), wordvec::Error);
}

// Fuzzes the corpus tokenizer over arbitrary bytes: every option, tiny read
// buffers and random byte ranges. Checks TokenStream against a plain
// reference tokenizer written from the documented rules (tokenizer.h), and
// that ranges tiling the file yield exactly the tokens of one range, as
// training threads rely on.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/error.h"
#include "fuzz_support.h"
#include "text/tokenizer.h"

namespace {

struct Token {
  std::string bytes;
  bool newline_before;
};

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The rules, spelled out: tokens are maximal runs of non-separator bytes, a
// LF before a token marks a sentence start (as does the start of the file),
// a long token keeps its longest prefix of at most max bytes that ends on a
// UTF-8 boundary (and is dropped if that is empty), lowercase folds A-Z only.
std::vector<Token> reference_tokens(const std::string& text, const wordvec::TokenizerOptions& options) {
  std::vector<Token> out;
  bool newline = true;
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (wordvec::is_space(c)) {
      if (c == '\n') newline = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !wordvec::is_space(static_cast<unsigned char>(text[j]))) ++j;
    std::size_t len = j - i;
    if (len > options.max_token_bytes) {
      len = options.max_token_bytes;
      while (len > 0 && is_continuation(static_cast<unsigned char>(text[i + len]))) --len;
    }
    std::string token = text.substr(i, len);
    i = j;
    if (token.empty()) continue;  // nothing whole fits: dropped, its LF carries over
    if (options.lowercase)
      for (char& ch : token)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    out.push_back({token, newline});
    newline = false;
  }
  return out;
}

std::vector<Token> read_range(const std::string& path, std::uint64_t begin, std::uint64_t end,
                              const wordvec::TokenizerOptions& options, std::size_t buffer_bytes) {
  wordvec::TokenStream stream(path, begin, end, options, buffer_bytes);
  std::vector<Token> out;
  std::string_view token;
  bool newline = false;
  std::uint64_t last_position = stream.position();
  while (stream.next(token, newline)) {
    WORDVEC_FUZZ_CHECK(!token.empty());
    WORDVEC_FUZZ_CHECK(token.size() <= options.max_token_bytes);
    for (char c : token) WORDVEC_FUZZ_CHECK(!wordvec::is_space(static_cast<unsigned char>(c)));
    WORDVEC_FUZZ_CHECK(stream.position() >= last_position);
    last_position = stream.position();
    out.push_back({std::string(token), newline});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wordvec::fuzz::MemoryFile file("corpus");
  FuzzedDataProvider in(data, size);
  wordvec::TokenizerOptions options;
  options.lowercase = in.ConsumeBool();
  options.max_token_bytes = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(1, 16) : 100;
  const std::size_t buffer_bytes = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(1, 64) : 4096;
  const int n_cuts = in.ConsumeIntegralInRange(0, 6);
  std::vector<std::uint64_t> cuts;
  for (int i = 0; i < n_cuts; ++i) cuts.push_back(in.ConsumeIntegral<std::uint16_t>());
  const std::string text = in.ConsumeRemainingBytesAsString();
  const std::string& path = file.write(text.data(), text.size());

  const std::vector<Token> expected = reference_tokens(text, options);
  const std::vector<Token> whole = read_range(path, 0, text.size(), options, buffer_bytes);
  WORDVEC_FUZZ_CHECK(whole.size() == expected.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    WORDVEC_FUZZ_CHECK(whole[i].bytes == expected[i].bytes);
    WORDVEC_FUZZ_CHECK(whole[i].newline_before == expected[i].newline_before);
  }

  // Ranges cut anywhere (a cut may fall inside a token or repeat) see every
  // token exactly once; only the first token of a range may differ in its
  // sentence flag, since a range start counts as a sentence start.
  for (auto& cut : cuts) cut = text.empty() ? 0 : cut % (text.size() + 1);
  std::sort(cuts.begin(), cuts.end());
  cuts.insert(cuts.begin(), 0);
  cuts.push_back(text.size());
  std::vector<Token> split;
  for (std::size_t r = 0; r + 1 < cuts.size(); ++r) {
    std::vector<Token> part = read_range(path, cuts[r], cuts[r + 1], options, buffer_bytes);
    if (!part.empty()) WORDVEC_FUZZ_CHECK(part[0].newline_before);
    if (!part.empty()) part[0].newline_before = expected.size() > split.size() ? expected[split.size()].newline_before : true;
    split.insert(split.end(), part.begin(), part.end());
  }
  WORDVEC_FUZZ_CHECK(split.size() == expected.size());
  for (std::size_t i = 0; i < split.size(); ++i) {
    WORDVEC_FUZZ_CHECK(split[i].bytes == expected[i].bytes);
    WORDVEC_FUZZ_CHECK(split[i].newline_before == expected[i].newline_before);
  }
  return 0;
}

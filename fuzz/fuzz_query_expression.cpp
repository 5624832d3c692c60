// Fuzzes wv-query's query parsing: expressions ("king - man + woman") and
// whole requests split into words ("analogy a b c", "similarity a b", ...).
#include <string>
#include <vector>

#include "error.h"
#include "fuzz_support.h"
#include "query_expression.h"

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !is_space(text[j])) ++j;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> words = split_words(text);
  std::size_t n_words = 0;
  for (const auto& w : words) n_words += w != "+" && w != "-";
  try {
    const wordvec::QueryExpression e = wordvec::parse_query_expression(text);
    // Every word lands on one side; no operator or blank is taken for a word.
    WORDVEC_FUZZ_CHECK(e.positive.size() + e.negative.size() == n_words);
    WORDVEC_FUZZ_CHECK(n_words > 0);
    for (const auto* side : {&e.positive, &e.negative})
      for (const auto& w : *side) {
        WORDVEC_FUZZ_CHECK(!w.empty() && w != "+" && w != "-");
        for (char c : w) WORDVEC_FUZZ_CHECK(!is_space(c));
      }
  } catch (const wordvec::Error&) {
  }
  try {
    const wordvec::QueryRequest r = wordvec::parse_query_request(words);
    WORDVEC_FUZZ_CHECK(!r.positive.empty() || !r.negative.empty());
    if (r.kind == wordvec::QueryRequest::Kind::Similarity) WORDVEC_FUZZ_CHECK(r.positive.size() == 2);
  } catch (const wordvec::Error&) {
  }
  return 0;
}

// Fuzzes wv-query's query parsing: expressions ("king - man + woman") and
// whole requests split into words ("analogy a b c", "similarity a b", ...).
#include <string>
#include <vector>

#include "base/error.h"
#include "base/text.h"
#include "fuzz_support.h"
#include "query/commands.h"
#include "query/query_expression.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> views = wordvec::split_words(text);
  const std::vector<std::string> words(views.begin(), views.end());
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
        for (char c : w) WORDVEC_FUZZ_CHECK(!wordvec::is_space(c));
      }
  } catch (const wordvec::Error&) {
  }
  try {
    const wordvec::QueryRequest r = wordvec::parse_query_request(words);
    WORDVEC_FUZZ_CHECK(!r.positive.empty() || !r.negative.empty());
    if (r.command->kind == wordvec::Command::Kind::Similarity) WORDVEC_FUZZ_CHECK(r.positive.size() == 2);
  } catch (const wordvec::Error&) {
  }
  return 0;
}

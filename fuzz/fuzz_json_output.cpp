// Fuzzes the JSON the tools print (--json): the input is a word (and, split
// at its first NUL byte, two more), put into JSON by dump_json and, through a
// model that holds the two words, by answer_json on the answers of real
// queries (neighbours, similarity, unknown words, a wrong arity). Every
// output is one line that parses back, and every string that was valid
// UTF-8 reads back unchanged. printable() must leave no control byte.
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json.h"
#include "base/text.h"
#include "fuzz_support.h"
#include "model/model_file.h"
#include "query/answer.h"
#include "query/embeddings.h"

namespace {

using nlohmann::json;

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) n = 0;
    else if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

// One line of valid JSON; returns it parsed. Members are read with at(),
// so a missing one throws (and fails the run) instead of being undefined.
json parse_line(const std::string& line) {
  WORDVEC_FUZZ_CHECK(line.find('\n') == std::string::npos);
  json parsed;
  try {
    parsed = json::parse(line);
  } catch (const json::exception& e) {
    std::fprintf(stderr, "does not parse (%s): %s\n", e.what(), line.c_str());
    WORDVEC_FUZZ_CHECK(!"output parses as JSON");
  }
  return parsed;
}

// The string read back is the one written, where that was valid UTF-8.
void check_string(const json& parsed, const std::string& written) {
  WORDVEC_FUZZ_CHECK(parsed.is_string());
  if (valid_utf8(written)) WORDVEC_FUZZ_CHECK(parsed.get<std::string>() == written);
}

// A wordvec model of "the" and the two words, dim 4, loaded for queries.
wordvec::Embeddings model_of(const std::string& dir, const std::string& w1, const std::string& w2) {
  const std::vector<std::string> words = {"the", w1, w2};
  const std::vector<std::uint64_t> counts = {3, 2, 1};
  const float vectors[] = {1, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 1, 1, 0.25f};
  wordvec::ModelContents model;
  model.words = &words;
  model.counts = &counts;
  model.input = {vectors, 3, 4, 4};
  const std::string path = dir + "/model.wv";
  wordvec::write_model(path, model);
  return wordvec::Embeddings::load(path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wordvec::fuzz::TempDirectory dir;
  const std::string word(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = word.find('\0');
  const std::string w1 = word.substr(0, nul), w2 = nul == std::string::npos ? std::string() : word.substr(nul + 1);

  for (const char c : wordvec::printable(word)) {
    const auto byte = static_cast<unsigned char>(c);
    WORDVEC_FUZZ_CHECK(byte >= 0x20 && byte != 0x7F);
  }

  check_string(parse_line(wordvec::dump_json(json(word))), word);
  const nlohmann::ordered_json record = {{"word", word}, {"words", {w1, w2}}};
  const json parsed = parse_line(wordvec::dump_json(record));
  check_string(parsed.at("word"), word);
  check_string(parsed.at("words").at(0), w1);
  check_string(parsed.at("words").at(1), w2);

  const wordvec::Embeddings e = model_of(dir.path(), w1, w2);
  const std::vector<std::vector<std::string>> queries = {
      {w1}, {"neighbours", w2, "the"}, {"similarity", w1, w2}, {"neighbours", w1, "unknown " + w2}, {"analogy", w2}};
  const std::vector<wordvec::Answer> answers = wordvec::answer_queries(e, queries, {});
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const wordvec::Answer& a = answers[i];
    const json out = parse_line(wordvec::answer_json(e, a, i + 1));
    WORDVEC_FUZZ_CHECK(out.at("line") == i + 1);
    check_string(out.at("query"), a.request.text);
    if (!a.error.empty()) {
      check_string(out.at("error"), a.error);
      WORDVEC_FUZZ_CHECK(out.contains("oov") == !a.oov.empty());
      for (std::size_t k = 0; k < a.oov.size(); ++k) check_string(out.at("oov").at(k), a.oov[k]);
    } else if (out.contains("neighbours")) {
      WORDVEC_FUZZ_CHECK(out.at("neighbours").size() == a.neighbours.size());
      for (std::size_t k = 0; k < a.neighbours.size(); ++k)
        check_string(out.at("neighbours").at(k).at("word"), std::string(e.word(a.neighbours[k].id)));
    } else {
      WORDVEC_FUZZ_CHECK(out.at("similarity").is_number());
    }
  }
  return 0;
}

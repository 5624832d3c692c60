#include "query/evaluation.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <unordered_set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/exact_float.h"
#include "base/file.h"
#include "base/text.h"

namespace wordvec {

namespace {

// Calls fn(line number from 1, words of the line) for every non-blank line.
// Files come from many tools: a UTF-8 byte-order mark is skipped, and lines
// may end in LF, CRLF or a lone CR, mixed. UTF-16 (which every word would
// silently miss) is refused with a hint.
void for_each_line(const std::string& path, const std::function<void(std::size_t, const std::vector<std::string>&)>& fn) {
  const MappedFile file(path, "");
  std::string_view text = file.bytes();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // UTF-16: a byte-order mark, or ASCII text with every other byte zero.
  const bool utf16 = text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF" ||
                     (text.size() >= 4 && ((text[0] != 0 && text[1] == 0 && text[2] != 0 && text[3] == 0) ||
                                           (text[0] == 0 && text[1] != 0 && text[2] == 0 && text[3] != 0)));
  if (utf16)
    throw Error(fmt::format("'{}' is not UTF-8 or ASCII text (UTF-16?): convert it, e.g. iconv -f UTF-16 -t UTF-8", path));
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = std::min(text.find_first_of("\r\n"), text.size());
    const std::vector<std::string_view> views = split_words(text.substr(0, end));
    if (!views.empty()) fn(number, std::vector<std::string>(views.begin(), views.end()));
    const std::size_t next = text.compare(end, 2, "\r\n") == 0 ? end + 2 : end + 1;
    text.remove_prefix(std::min(next, text.size()));
  }
}

// Words as the evaluations count them: only the first `restrict_to`, and
// ignoring ASCII case unless asked not to (the first spelling wins, as
// compute-accuracy's linear search finds it).
class KnownWords {
 public:
  KnownWords(const Embeddings& e, std::size_t restrict_to, bool case_sensitive)
      : embeddings_(e), limit_(restrict_to ? std::min(restrict_to, e.size()) : e.size()), case_sensitive_(case_sensitive) {
    if (!case_sensitive) folded_ = WordIndex(e.words(), WordIndex::Case::Insensitive);
  }
  // A word of the vocabulary (within the limit), or else of a subword
  // model, one built from the word's n-grams as written.
  std::optional<WordId> find(std::string_view word) const {
    WordId id = case_sensitive_ ? embeddings_.find(word) : folded_.find(word);
    if (id == kNoWord) id = embeddings_.lookup(word);
    if (id == kNoWord || (id >= limit_ && !embeddings_.from_subwords(id))) return std::nullopt;
    return id;
  }
  bool same(std::string_view a, std::string_view b) const { return case_sensitive_ ? a == b : equal_ignoring_ascii_case(a, b); }
  std::size_t size() const { return limit_; }

 private:
  const Embeddings& embeddings_;
  std::size_t limit_;
  bool case_sensitive_;
  WordIndex folded_;
};

struct SeenQuestion {
  std::size_t section;
  WordId a, b, c, d;
};

// compute-accuracy's arithmetic, operation for operation: the query vector
// (b - a) + c, and serial float dot products with it.
WORDVEC_EXACT_FLOAT void word2vec_analogy_vector(const float* a, const float* b, const float* c, std::size_t dim,
                                                 float* out) {
  for (std::size_t i = 0; i < dim; ++i) out[i] = (b[i] - a[i]) + c[i];
}

// y's components are `step` floats apart (a row of the panel matrix).
WORDVEC_EXACT_FLOAT float serial_dot(const float* x, const float* y, std::size_t dim, std::size_t step) {
  float sum = 0;
  for (std::size_t i = 0; i < dim; ++i) sum += x[i] * y[i * step];
  return sum;
}

// Candidates kept per question by the batched search, for the exact re-scoring.
constexpr std::size_t kAnswerPool = 8;

// compute-accuracy's answer to a question: of the known words other than a,
// b and c, the first with the highest score, if that score is above 0 (its
// best score starts at 0).
//
// The batched search ranks by the same quantity, scaled by 1 / |v|, but
// rounds differently (SIMD partial sums, dot products taken per word then
// combined). Each unscaled score differs from the true value by at most
// about 3 * (dim + 2) float epsilons (u) for ours, and as much for
// compute-accuracy's, since the unit vectors have length 1 and |v| <= 3. So
// compute-accuracy's choice is among the candidates within twice that
// bound of our best; only those are re-scored with its exact arithmetic,
// unless the whole pool is that close, when every known word is.
std::optional<WordId> word2vec_answer(const Embeddings& e, const SeenQuestion& q, const std::vector<Neighbour>& pool,
                                             std::size_t n_known, std::vector<float>& v) {
  const std::size_t dim = e.dim();
  word2vec_analogy_vector(e.unit_vector(q.a).data(), e.unit_vector(q.b).data(), e.unit_vector(q.c).data(), dim, v.data());
  const double u = std::numeric_limits<float>::epsilon() / 2;
  const double bound = 2 * 6.0 * (static_cast<double>(dim) + 2) * u;
  const double margin = 1.01 * bound / std::sqrt(static_cast<double>(serial_dot(v.data(), v.data(), dim, 1)));

  std::vector<WordId> candidates;
  if (!pool.empty() && (pool.size() < kAnswerPool || pool.back().score < pool.front().score - margin)) {
    for (const Neighbour& n : pool)
      if (n.score >= pool.front().score - margin) candidates.push_back(n.id);
    std::sort(candidates.begin(), candidates.end());
  } else if (!pool.empty()) {
    for (WordId x = 0; x < n_known; ++x)
      if (x != q.a && x != q.b && x != q.c) candidates.push_back(x);
  }
  std::optional<WordId> best;
  float best_score = 0;
  for (WordId x : candidates) {
    const float score = serial_dot(v.data(), e.unit_vectors().row(x), dim, PanelMatrix::kWidth);
    if (score > best_score) {
      best_score = score;
      best = x;
    }
  }
  return best;
}

}  // namespace

std::vector<AnalogySection> read_analogy_file(const std::string& path) {
  std::vector<AnalogySection> sections;
  for_each_line(path, [&](std::size_t line, const std::vector<std::string>& words) {
    if (words[0][0] == ':') {
      std::string name = words[0].substr(1);
      for (std::size_t i = 1; i < words.size(); ++i) name += (name.empty() ? "" : " ") + words[i];
      sections.push_back({name, true, {}});
      return;
    }
    if (words.size() != 4)
      throw Error(fmt::format("'{}' line {}: expected a question of 4 words (a b c d) or a ': section' line, found {} words",
                              path, line, words.size()));
    if (sections.empty()) sections.push_back({"", false, {}});
    sections.back().questions.push_back({words[0], words[1], words[2], words[3]});
  });
  return sections;
}

std::optional<double> AnalogyScore::accuracy() const {
  if (seen == 0) return std::nullopt;
  return 100.0 * static_cast<double>(correct) / static_cast<double>(seen);
}

AnalogyResult evaluate_analogies(const Embeddings& embeddings, const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& options) {
  const KnownWords known(embeddings, options.restrict_to, options.case_sensitive);
  AnalogyResult result;
  std::vector<SeenQuestion> seen;
  std::vector<Query> queries;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    result.sections.push_back({sections[s].name});
    result.sections[s].total = sections[s].questions.size();
    for (const AnalogyQuestion& question : sections[s].questions) {
      const auto a = known.find(question.a), b = known.find(question.b), c = known.find(question.c),
                 d = known.find(question.d);
      // The answer is searched for among the vocabulary's words only.
      if (!a || !b || !c || !d || embeddings.from_subwords(*d)) continue;
      seen.push_back({s, *a, *b, *c, *d});
      queries.push_back({{*b, *c}, {*a}});
    }
  }

  if (embeddings.has_subwords())
    result.subword_questions = static_cast<std::size_t>(std::count_if(seen.begin(), seen.end(), [&](const SeenQuestion& q) {
      return embeddings.from_subwords(q.a) || embeddings.from_subwords(q.b) || embeddings.from_subwords(q.c);
    }));

  SearchOptions search_options;
  search_options.k = options.method == AnalogyMethod::Add ? kAnswerPool : 1;
  search_options.restrict_to = known.size();
  search_options.method = options.method;
  const std::vector<std::vector<Neighbour>> answers = search(embeddings, queries, search_options);

  std::vector<float> v(embeddings.dim());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const SeenQuestion& q = seen[i];
    std::optional<WordId> answer;
    if (options.method == AnalogyMethod::Add) answer = word2vec_answer(embeddings, q, answers[i], known.size(), v);
    else if (!answers[i].empty()) answer = answers[i][0].id;
    AnalogyScore& section = result.sections[q.section];
    ++section.seen;
    if (answer && known.same(embeddings.word(*answer), embeddings.word(q.d))) ++section.correct;
  }

  // compute-accuracy counts questions before the sixth header as semantic.
  std::size_t headers = 0;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    headers += sections[s].has_header ? 1 : 0;
    const AnalogyScore& section = result.sections[s];
    for (AnalogyScore* sum : {&result.overall, headers <= 5 ? &result.semantic : &result.syntactic}) {
      sum->correct += section.correct;
      sum->seen += section.seen;
      sum->total += section.total;
    }
  }
  return result;
}

std::vector<WordPair> read_word_pairs(const std::string& path) {
  std::vector<WordPair> pairs;
  bool first = true;
  for_each_line(path, [&](std::size_t line, const std::vector<std::string>& words) {
    const bool header_allowed = first;
    first = false;
    if (words[0][0] == '#') return;
    double score = 0;
    const bool numeric = words.size() >= 3 && [&] {
      const auto [end, ec] = std::from_chars(words[2].data(), words[2].data() + words[2].size(), score);
      return ec == std::errc() && end == words[2].data() + words[2].size() && std::isfinite(score);
    }();
    if (words.size() != 3 || !numeric) {
      if (header_allowed && words.size() >= 3) return;  // a column header
      throw Error(fmt::format("'{}' line {}: expected \"word1 word2 score\"", path, line));
    }
    pairs.push_back({words[0], words[1], score});
  });
  return pairs;
}

SimilarityResult evaluate_similarity(const Embeddings& embeddings, const std::vector<WordPair>& pairs,
                                     const SimilarityOptions& options) {
  const KnownWords known(embeddings, options.restrict_to, options.case_sensitive);
  SimilarityResult result;
  result.pairs = pairs.size();
  std::vector<double> model, human;
  std::unordered_set<std::string> reported;
  std::size_t subword_pairs = 0;
  for (const WordPair& pair : pairs) {
    const auto first = known.find(pair.first), second = known.find(pair.second);
    for (const auto* word : {&pair.first, &pair.second})
      if (!known.find(*word) && reported.insert(*word).second) result.missing_words.push_back(*word);
    if (!first || !second) continue;
    subword_pairs += embeddings.from_subwords(*first) || embeddings.from_subwords(*second) ? 1 : 0;
    model.push_back(cosine_similarity(embeddings, *first, *second));
    human.push_back(pair.score);
  }
  result.used = model.size();
  if (embeddings.has_subwords()) result.subword_pairs = subword_pairs;
  result.spearman = spearman_correlation(model, human);
  result.pearson = pearson_correlation(model, human);
  return result;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // mean of ranks i+1 .. j
    for (std::size_t t = i; t < j; ++t) ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

std::optional<double> pearson_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) return std::nullopt;
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    syy += (y[i] - mean_y) * (y[i] - mean_y);
  }
  if (sxx == 0 || syy == 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

std::optional<double> spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson_correlation(average_ranks(x), average_ranks(y));
}

}  // namespace wordvec

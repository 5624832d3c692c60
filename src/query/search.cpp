#include "query/search.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/simd.h"


namespace wordvec {

AnalogyMethod parse_analogy_method(std::string_view name) {
  if (name == "add") return AnalogyMethod::Add;
  if (name == "mul") return AnalogyMethod::Mul;
  throw Error(fmt::format("unknown method '{}' (expected add or mul)", name));
}

const char* analogy_method_name(AnalogyMethod method) { return method == AnalogyMethod::Add ? "add" : "mul"; }

namespace {

// Candidates are scored a block at a time against every distinct word of
// all queries at once ("terms"): a block of kBlock candidates (32 panels,
// 200 KiB at dimension 100) is read from memory once per pass instead of
// once per query, and each query's score is a cheap combination of its
// terms' rows of dot products. kMaxPassTerms bounds that table
// (kMaxPassTerms x kBlock floats = 512 KiB, within a core's L2); queries with
// more distinct words between them take several passes. Large blocks keep
// the per-(query, block) overhead of combine() small: on the Google analogy
// set (19,544 queries, 68k x 100) one thread spends ~0.13 s in block_dots,
// ~0.3 s in combine and ~0.06 s picking the top k (perf, AVX-512).
constexpr std::size_t kWidth = PanelMatrix::kWidth;
constexpr std::size_t kBlock = 32 * kWidth;
constexpr std::size_t kMaxPassTerms = 256;
constexpr float kMulEpsilon = 1e-6f;  // gensim's, keeps 3CosMul finite

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (std::size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

// dots[t * kBlock + 16 q + l] = term t . candidate l of panel q, for kTerms
// term rows of dim floats and kPanels consecutive panels: each component of
// a panel (16 candidates, one load) is multiplied by each term's component
// (a broadcast) into kTerms x kPanels independent registers; no horizontal
// sums.
template <std::size_t kTerms, std::size_t kPanels>
inline __attribute__((always_inline)) void panel_dots(const float* terms, std::size_t dim, const float* panels, float* dots) {
  float acc[kTerms][kPanels][kWidth] = {};
  for (std::size_t d = 0; d < dim; ++d)
    for (std::size_t q = 0; q < kPanels; ++q) {
      const float* component = panels + q * dim * kWidth + d * kWidth;
      for (std::size_t t = 0; t < kTerms; ++t) {
        const float term = terms[t * dim + d];
#pragma omp simd
        for (std::size_t l = 0; l < kWidth; ++l) acc[t][q][l] += term * component[l];
      }
    }
  for (std::size_t t = 0; t < kTerms; ++t)
    for (std::size_t q = 0; q < kPanels; ++q)
      for (std::size_t l = 0; l < kWidth; ++l) dots[t * kBlock + q * kWidth + l] = acc[t][q][l];
}

// The dot table of one block: n_terms term rows (dim floats each) against
// n_panels panels. Eight terms share each panel load, so many queries run
// at the multiply-add rate; a lone term takes four panels at a time, so
// that four accumulation chains hide the multiply-add latency and it
// streams the panels at memory speed (a query against 68k x 100 reads
// 27 MB: ~1 ms on one core here, bandwidth-bound).
WORDVEC_SIMD_CLONES void block_dots(const float* terms, std::size_t n_terms, std::size_t dim, const float* panels,
                                    std::size_t n_panels, float* dots) {
  const std::size_t panel_floats = dim * kWidth;
  std::size_t t = 0;
  for (; t + 8 <= n_terms; t += 8)
    for (std::size_t p = 0; p < n_panels; ++p)
      panel_dots<8, 1>(terms + t * dim, dim, panels + p * panel_floats, dots + t * kBlock + p * kWidth);
  for (; t < n_terms; ++t) {
    std::size_t p = 0;
    for (; p + 4 <= n_panels; p += 4)
      panel_dots<1, 4>(terms + t * dim, dim, panels + p * panel_floats, dots + t * kBlock + p * kWidth);
    for (; p < n_panels; ++p)
      panel_dots<1, 1>(terms + t * dim, dim, panels + p * panel_floats, dots + t * kBlock + p * kWidth);
  }
}

// The k best (id, score) pairs seen so far, best first. Candidates arrive in
// increasing id order and must beat threshold() strictly, so of equal
// scores the lower id wins.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { best_.reserve(k); }
  float threshold() const {
    return best_.size() < k_ ? -std::numeric_limits<float>::infinity() : best_.back().score;
  }
  void push(WordId id, float score) {
    std::size_t pos = best_.size();
    while (pos > 0 && best_[pos - 1].score < score) --pos;
    if (best_.size() == k_) best_.pop_back();
    best_.insert(best_.begin() + static_cast<std::ptrdiff_t>(pos), Neighbour{id, score});
  }
  const std::vector<Neighbour>& best() const { return best_; }

 private:
  std::size_t k_;
  std::vector<Neighbour> best_;
};

// A query as one pass scores it: its words as rows of the pass's dot table.
struct PassQuery {
  struct Term {
    std::size_t row;
    float weight;  // +1 positive, -1 negative
  };
  std::vector<Term> terms;
  std::vector<WordId> excluded;  // the query's own words
  float scale = 1;                      // Add: 1 / |sum of the weighted unit vectors|
};

// Length of the sum of the query's positive unit vectors minus its negative
// ones: Add's scores are dot products with that sum, divided by this.
float combined_length(const Embeddings& e, const Query& query) {
  std::vector<float> sum(e.dim(), 0.0f);
  auto add = [&](const std::vector<WordId>& ids, float weight) {
    for (WordId id : ids) {
      const std::vector<float> v = e.unit_vector(id);
      for (std::size_t d = 0; d < sum.size(); ++d) sum[d] += weight * v[d];
    }
  };
  add(query.positive, 1.0f);
  add(query.negative, -1.0f);
  return std::sqrt(dot(sum, sum));
}

// Scores the block's n candidates for query q from the dot table into
// `scores` (whole panels: the last one's padding lanes score too, and are
// ignored) and returns a bit per panel that holds a score above
// `threshold`, so that only those 16-candidate groups are looked at one by
// one. Once a query's top k fill up, nearly every panel's bit is 0. Per
// query and block: a few vector operations per term over kBlock floats in L1.
WORDVEC_SIMD_CLONES std::uint32_t combine(const PassQuery& q, AnalogyMethod method, const float* dots, std::size_t n,
                                          float threshold, float* scores, float* denominators) {
  static_assert(kBlock / kWidth <= 32, "one bit per panel");
  n = (n + kWidth - 1) / kWidth * kWidth;
  // Locals, not q's members: stores through `scores` could alias those and
  // would keep the loops from vectorising.
  if (method == AnalogyMethod::Add) {
    std::fill(scores, scores + n, 0.0f);
    for (const auto& term : q.terms) {
      const float* row = dots + term.row * kBlock;
      const float weight = term.weight;
#pragma omp simd
      for (std::size_t j = 0; j < n; ++j) scores[j] += weight * row[j];
    }
    const float scale = q.scale;
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j) scores[j] *= scale;
  } else {
    std::fill(scores, scores + n, 1.0f);
    std::fill(denominators, denominators + n, 1.0f);
    for (const auto& term : q.terms) {
      const float* row = dots + term.row * kBlock;
      float* product = term.weight > 0 ? scores : denominators;
#pragma omp simd
      for (std::size_t j = 0; j < n; ++j) product[j] *= (1.0f + row[j]) * 0.5f;
    }
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j) scores[j] /= denominators[j] + kMulEpsilon;
  }
  // An OR of comparisons vectorises where a max reduction (GCC 12) does not.
  std::uint32_t panels_above = 0;
  for (std::size_t p = 0; p < n / kWidth; ++p) {
    int above = 0;
#pragma omp simd reduction(| : above)
    for (std::size_t l = 0; l < kWidth; ++l) above |= scores[p * kWidth + l] > threshold;
    panels_above |= static_cast<std::uint32_t>(above != 0) << p;
  }
  return panels_above;
}

// A pass's queries as rows of its dot table: the distinct words' unit
// vectors (dim floats each) and each query's terms over them.
struct Pass {
  std::vector<PassQuery> queries;
  std::vector<float> term_rows;
  std::size_t n_terms = 0;
};

Pass make_pass(const Embeddings& e, const std::vector<Query>& queries, std::size_t begin, std::size_t end,
               AnalogyMethod method) {
  Pass pass;
  pass.queries.resize(end - begin);
  std::unordered_map<WordId, std::size_t> row_of_word;
  for (std::size_t i = begin; i < end; ++i) {
    PassQuery& q = pass.queries[i - begin];
    auto add_terms = [&](const std::vector<WordId>& ids, float weight) {
      for (WordId id : ids) {
        const auto [it, added] = row_of_word.emplace(id, row_of_word.size());
        if (added) {
          const std::vector<float> v = e.unit_vector(id);
          pass.term_rows.insert(pass.term_rows.end(), v.begin(), v.end());
        }
        q.terms.push_back({it->second, weight});
        q.excluded.push_back(id);
      }
    };
    add_terms(queries[i].positive, 1.0f);
    add_terms(queries[i].negative, -1.0f);
    if (method == AnalogyMethod::Add) {
      const float length = combined_length(e, queries[i]);
      q.scale = length > 0 ? 1.0f / length : 0.0f;  // unchecked zero queries score 0, not NaN
    }
  }
  pass.n_terms = row_of_word.size();
  return pass;
}

// Offers the n candidates of the block starting at id `first` to one
// query's top k, from the block's dot table.
void offer_block(const PassQuery& q, AnalogyMethod method, const float* dots, std::size_t first, std::size_t n,
                 TopK& top, float* scores, float* denominators) {
  float threshold = top.threshold();
  for (std::uint32_t panels = combine(q, method, dots, n, threshold, scores, denominators); panels != 0;
       panels &= panels - 1) {
    const std::size_t begin = static_cast<std::size_t>(__builtin_ctz(panels)) * kWidth;
    for (std::size_t j = begin; j < std::min(n, begin + kWidth); ++j) {
      if (!(scores[j] > threshold)) continue;
      const auto id = static_cast<WordId>(first + j);
      if (std::find(q.excluded.begin(), q.excluded.end(), id) != q.excluded.end()) continue;
      top.push(id, scores[j]);
      threshold = top.threshold();
    }
  }
}

// Answers the pass's queries (at most kMaxPassTerms terms between them),
// scored by `method`, into results[begin, begin + its queries).
void search_pass(const Embeddings& e, const Pass& pass, AnalogyMethod method, std::size_t begin,
                 const SearchOptions& options, std::vector<std::vector<Neighbour>>& results) {
  const std::size_t n_cands = options.restrict_to ? std::min(options.restrict_to, e.size()) : e.size();
  const std::size_t n_blocks = (n_cands + kBlock - 1) / kBlock;
  std::vector<std::vector<TopK>> per_thread(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    // Each thread takes a contiguous range of blocks, so it sees candidates
    // in increasing id order, as TopK's tie rule needs.
    const auto thread = static_cast<std::size_t>(omp_get_thread_num());
    const auto n_threads = static_cast<std::size_t>(omp_get_num_threads());
    std::vector<TopK>& tops = per_thread[thread];
    tops.assign(pass.queries.size(), TopK(std::min(options.k, n_cands)));  // no room for more answers than candidates
    std::vector<float> dots(pass.n_terms * kBlock, 0.0f), scores(kBlock), denominators(kBlock);
    for (std::size_t b = n_blocks * thread / n_threads; b < n_blocks * (thread + 1) / n_threads; ++b) {
      const std::size_t first = b * kBlock, n = std::min(kBlock, n_cands - first);
      block_dots(pass.term_rows.data(), pass.n_terms, e.dim(), e.unit_vectors().panel(first / kWidth),
                 (n + kWidth - 1) / kWidth, dots.data());
      for (std::size_t qi = 0; qi < pass.queries.size(); ++qi)
        offer_block(pass.queries[qi], method, dots.data(), first, n, tops[qi], scores.data(), denominators.data());
    }
  }

  for (std::size_t qi = 0; qi < pass.queries.size(); ++qi) {
    std::vector<Neighbour>& merged = results[begin + qi];
    for (const auto& tops : per_thread)
      if (!tops.empty()) merged.insert(merged.end(), tops[qi].best().begin(), tops[qi].best().end());
    std::sort(merged.begin(), merged.end(), [](const Neighbour& a, const Neighbour& b) {
      return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    if (merged.size() > options.k) merged.resize(options.k);
  }
}

// Whether there is anything to search for (k > 0); throws Error for a k
// too large to allocate answers for.
bool wants_answers(const SearchOptions& options) {
  if (options.k > kMaxNeighbours)
    throw Error(fmt::format("k must be at most {} answers per query, got {}", kMaxNeighbours, options.k));
  return options.k > 0;
}

}  // namespace

void check_query(const Embeddings& embeddings, const Query& query, AnalogyMethod method) {
  if (query.positive.empty() && query.negative.empty()) throw Error("empty query");
  if (method == AnalogyMethod::Mul && query.positive.empty())
    throw Error("3CosMul (--method mul) needs at least one positive word");
  if (method == AnalogyMethod::Add && !(combined_length(embeddings, query) > 0))
    throw Error("the query's words cancel out (their combined vector is zero)");
}

std::vector<std::vector<Neighbour>> search(const Embeddings& embeddings, const std::vector<Query>& queries,
                                           const SearchOptions& options) {
  std::vector<std::vector<Neighbour>> results(queries.size());
  if (!wants_answers(options)) return results;
  // Consecutive queries go into one pass until their distinct words would
  // overflow the dot table.
  std::size_t begin = 0;
  std::unordered_set<WordId> words_in_pass;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::size_t new_words = 0;
    for (const auto* ids : {&queries[i].positive, &queries[i].negative})
      for (WordId id : *ids) new_words += words_in_pass.count(id) ? 0 : 1;
    if (i > begin && words_in_pass.size() + new_words > kMaxPassTerms) {
      search_pass(embeddings, make_pass(embeddings, queries, begin, i, options.method), options.method, begin, options,
                  results);
      begin = i;
      words_in_pass.clear();
    }
    for (const auto* ids : {&queries[i].positive, &queries[i].negative})
      words_in_pass.insert(ids->begin(), ids->end());
  }
  if (begin < queries.size())
    search_pass(embeddings, make_pass(embeddings, queries, begin, queries.size(), options.method), options.method, begin,
                options, results);
  return results;
}

std::vector<std::vector<Neighbour>> search_vectors(const Embeddings& embeddings, const std::vector<VectorQuery>& queries,
                                                   const SearchOptions& options) {
  std::vector<std::vector<Neighbour>> results(queries.size());
  if (!wants_answers(options)) return results;
  // Each vector is one term (weight 1, scaled by 1 / its length: cosines).
  for (std::size_t begin = 0; begin < queries.size(); begin += kMaxPassTerms) {
    const std::size_t end = std::min(queries.size(), begin + kMaxPassTerms);
    Pass pass;
    for (std::size_t i = begin; i < end; ++i) {
      const std::vector<float>& v = queries[i].vector;
      if (v.size() != embeddings.dim())
        throw Error(fmt::format("a query vector has {} components, the model {}", v.size(), embeddings.dim()));
      pass.term_rows.insert(pass.term_rows.end(), v.begin(), v.end());
      const float length = std::sqrt(dot(v, v));
      PassQuery q;
      q.terms.push_back({i - begin, 1.0f});
      q.excluded = queries[i].excluded;
      q.scale = length > 0 ? 1.0f / length : 0.0f;
      pass.queries.push_back(std::move(q));
    }
    pass.n_terms = end - begin;
    search_pass(embeddings, pass, AnalogyMethod::Add, begin, options, results);
  }
  return results;
}

float cosine_similarity(const Embeddings& embeddings, WordId a, WordId b) {
  return dot(embeddings.unit_vector(a), embeddings.unit_vector(b));
}

}  // namespace wordvec

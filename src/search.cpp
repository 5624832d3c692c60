#include "search.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "error.h"

// The scoring kernel is compiled for several instruction sets and the best
// one the CPU has is picked at load time (GCC function multiversioning), so
// a portable x86-64 build still runs with AVX2 or AVX-512.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WORDVEC_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WORDVEC_SIMD_CLONES
#endif

namespace wordvec {

AnalogyMethod parse_analogy_method(std::string_view name) {
  if (name == "add") return AnalogyMethod::Add;
  if (name == "mul") return AnalogyMethod::Mul;
  throw Error(fmt::format("unknown method '{}' (expected add or mul)", name));
}

namespace {

// Candidates are scored a block at a time against every distinct word of
// all queries at once ("terms"): a block of kBlock candidate rows (57 KiB at
// dimension 100) is read from memory once per pass instead of once per
// query, and each query's score is a cheap combination of its terms' rows
// of dot products. kMaxPassTerms bounds that table (kMaxPassTerms x kBlock
// floats = 512 KiB, within a core's L2); queries with more distinct words
// between them take several passes.
constexpr std::size_t kBlock = 128;
constexpr std::size_t kMaxPassTerms = 1024;
constexpr float kMulEpsilon = 1e-6f;  // gensim's, keeps 3CosMul finite

float dot(const float* a, const float* b, std::size_t stride) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (std::size_t d = 0; d < stride; ++d) sum += a[d] * b[d];
  return sum;
}

// dots[t * kBlock + j] = terms[t] . (candidate row j), for n_terms terms and
// n_cands rows `stride` floats apart. Four terms at a time share each load
// of a candidate row: the four term rows stay in L1 while the block's rows
// stream from L2, one candidate load per four multiply-adds.
WORDVEC_SIMD_CLONES void block_dots(const float* const* terms, std::size_t n_terms, const float* cands,
                                    std::size_t n_cands, std::size_t stride, float* dots) {
  std::size_t t = 0;
  for (; t + 4 <= n_terms; t += 4) {
    const float *t0 = terms[t], *t1 = terms[t + 1], *t2 = terms[t + 2], *t3 = terms[t + 3];
    for (std::size_t j = 0; j < n_cands; ++j) {
      const float* c = cands + j * stride;
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
      for (std::size_t d = 0; d < stride; ++d) {
        s0 += t0[d] * c[d];
        s1 += t1[d] * c[d];
        s2 += t2[d] * c[d];
        s3 += t3[d] * c[d];
      }
      dots[t * kBlock + j] = s0;
      dots[(t + 1) * kBlock + j] = s1;
      dots[(t + 2) * kBlock + j] = s2;
      dots[(t + 3) * kBlock + j] = s3;
    }
  }
  for (; t < n_terms; ++t)
    for (std::size_t j = 0; j < n_cands; ++j) dots[t * kBlock + j] = dot(terms[t], cands + j * stride, stride);
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
  void push(std::uint32_t id, float score) {
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
  std::vector<std::uint32_t> excluded;  // the query's own words
  float scale = 1;                      // Add: 1 / |sum of the weighted unit vectors|
};

// Length of the sum of the query's positive unit vectors minus its negative
// ones: Add's scores are dot products with that sum, divided by this.
float combined_length(const Embeddings& e, const Query& query) {
  std::vector<float> sum(e.unit_vectors().stride(), 0.0f);
  auto add = [&](const std::vector<std::uint32_t>& ids, float weight) {
    for (std::uint32_t id : ids) {
      const float* v = e.unit_vector(id);
      for (std::size_t d = 0; d < sum.size(); ++d) sum[d] += weight * v[d];
    }
  };
  add(query.positive, 1.0f);
  add(query.negative, -1.0f);
  return std::sqrt(dot(sum.data(), sum.data(), sum.size()));
}

// Scores candidates [first, first + n) for query q from the block's dot
// table into `scores`.
void combine(const PassQuery& q, AnalogyMethod method, const float* dots, std::size_t n, float* scores,
             float* denominators) {
  if (method == AnalogyMethod::Add) {
    std::fill(scores, scores + n, 0.0f);
    for (const auto& term : q.terms) {
      const float* row = dots + term.row * kBlock;
#pragma omp simd
      for (std::size_t j = 0; j < n; ++j) scores[j] += term.weight * row[j];
    }
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j) scores[j] *= q.scale;
    return;
  }
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

// Answers queries[begin, end), whose distinct words number at most
// kMaxPassTerms, into results.
void search_pass(const Embeddings& e, const std::vector<Query>& queries, std::size_t begin, std::size_t end,
                 const SearchOptions& options, std::vector<std::vector<Neighbour>>& results) {
  std::vector<const float*> term_rows;
  std::unordered_map<std::uint32_t, std::size_t> row_of_word;
  std::vector<PassQuery> pass(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    PassQuery& q = pass[i - begin];
    auto add_terms = [&](const std::vector<std::uint32_t>& ids, float weight) {
      for (std::uint32_t id : ids) {
        const auto [it, added] = row_of_word.emplace(id, term_rows.size());
        if (added) term_rows.push_back(e.unit_vector(id));
        q.terms.push_back({it->second, weight});
        q.excluded.push_back(id);
      }
    };
    add_terms(queries[i].positive, 1.0f);
    add_terms(queries[i].negative, -1.0f);
    if (options.method == AnalogyMethod::Add) q.scale = 1.0f / combined_length(e, queries[i]);
  }

  const std::size_t n_cands = options.restrict_to ? std::min(options.restrict_to, e.size()) : e.size();
  const std::size_t n_blocks = (n_cands + kBlock - 1) / kBlock;
  const std::size_t stride = e.unit_vectors().stride();
  std::vector<std::vector<TopK>> per_thread(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    // Each thread takes a contiguous range of blocks, so it sees candidates
    // in increasing id order, as TopK's tie rule needs.
    const auto thread = static_cast<std::size_t>(omp_get_thread_num());
    const auto n_threads = static_cast<std::size_t>(omp_get_num_threads());
    std::vector<TopK>& tops = per_thread[thread];
    tops.assign(pass.size(), TopK(options.k));
    std::vector<float> dots(term_rows.size() * kBlock), scores(kBlock), denominators(kBlock);
    for (std::size_t b = n_blocks * thread / n_threads; b < n_blocks * (thread + 1) / n_threads; ++b) {
      const std::size_t first = b * kBlock, n = std::min(kBlock, n_cands - first);
      block_dots(term_rows.data(), term_rows.size(), e.unit_vector(first), n, stride, dots.data());
      for (std::size_t qi = 0; qi < pass.size(); ++qi) {
        combine(pass[qi], options.method, dots.data(), n, scores.data(), denominators.data());
        TopK& top = tops[qi];
        float threshold = top.threshold();
        for (std::size_t j = 0; j < n; ++j) {
          if (!(scores[j] > threshold)) continue;
          const auto id = static_cast<std::uint32_t>(first + j);
          const auto& excluded = pass[qi].excluded;
          if (std::find(excluded.begin(), excluded.end(), id) != excluded.end()) continue;
          top.push(id, scores[j]);
          threshold = top.threshold();
        }
      }
    }
  }

  for (std::size_t qi = 0; qi < pass.size(); ++qi) {
    std::vector<Neighbour>& merged = results[begin + qi];
    for (const auto& tops : per_thread)
      if (!tops.empty()) merged.insert(merged.end(), tops[qi].best().begin(), tops[qi].best().end());
    std::sort(merged.begin(), merged.end(), [](const Neighbour& a, const Neighbour& b) {
      return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    if (merged.size() > options.k) merged.resize(options.k);
  }
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
  if (options.k == 0) return results;
  // Consecutive queries go into one pass until their distinct words would
  // overflow the dot table.
  std::size_t begin = 0;
  std::unordered_set<std::uint32_t> words_in_pass;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::size_t new_words = 0;
    for (const auto* ids : {&queries[i].positive, &queries[i].negative})
      for (std::uint32_t id : *ids) new_words += words_in_pass.count(id) ? 0 : 1;
    if (i > begin && words_in_pass.size() + new_words > kMaxPassTerms) {
      search_pass(embeddings, queries, begin, i, options, results);
      begin = i;
      words_in_pass.clear();
    }
    for (const auto* ids : {&queries[i].positive, &queries[i].negative})
      words_in_pass.insert(ids->begin(), ids->end());
  }
  if (begin < queries.size()) search_pass(embeddings, queries, begin, queries.size(), options, results);
  return results;
}

float cosine_similarity(const Embeddings& embeddings, std::uint32_t a, std::uint32_t b) {
  return dot(embeddings.unit_vector(a), embeddings.unit_vector(b), embeddings.unit_vectors().stride());
}

}  // namespace wordvec

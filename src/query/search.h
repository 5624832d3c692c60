#pragma once
// Owns: k-nearest-neighbour search for blocks of queries (3CosAdd, 3CosMul) and cosine similarity.
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/word_id.h"
#include "query/embeddings.h"

namespace wordvec {

// How a query's words combine into one score per candidate word x, as gensim
// does it (Levy & Goldberg's names):
//   Add (3CosAdd, most_similar): cos(x, sum of the positive unit vectors
//       minus the negative ones);
//   Mul (3CosMul, most_similar_cosmul): the product over positive words p of
//       (1 + cos(x, p)) / 2, divided by the same product over the negative
//       words plus 1e-6.
enum class AnalogyMethod { Add, Mul };

// "add" or "mul"; throws Error for anything else.
AnalogyMethod parse_analogy_method(std::string_view name);
const char* analogy_method_name(AnalogyMethod method);

// Word ids to move towards (positive) and away from (negative). "A is to B
// as C is to ?" is positive {B, C}, negative {A}.
struct Query {
  std::vector<WordId> positive, negative;
};

struct Neighbour {
  WordId id;
  float score;
};

// The most answers a query may ask for: a bound users meet as a clear error
// rather than as an allocation of k entries per query and thread.
inline constexpr std::size_t kMaxNeighbours = 1'000'000;

struct SearchOptions {
  std::size_t k = 10;  // at most kMaxNeighbours
  std::size_t restrict_to = 0;  // candidates are the first N words (the most frequent); 0: all
  AnalogyMethod method = AnalogyMethod::Add;
};

// Throws Error if `query` has no score: no words, no positive word under
// Mul, or words that cancel out to a zero vector under Add.
void check_query(const Embeddings& embeddings, const Query& query, AnalogyMethod method);

// The k best-scoring words for each (checked) query, best first, ties to the
// lower id; a query's own words are never among its answers. All queries are
// answered together, so that each block of the vocabulary is read once for
// all of them: see search.cpp.
std::vector<std::vector<Neighbour>> search(const Embeddings& embeddings, const std::vector<Query>& queries,
                                           const SearchOptions& options);

// A query that is a vector rather than words (a semantic axis, a word's
// vector re-weighted by its context): its answers are the words of highest
// cosine with `vector` (dim() floats; a zero vector scores 0 everywhere),
// other than the `excluded` ones.
struct VectorQuery {
  std::vector<float> vector;
  std::vector<WordId> excluded;
};

// The k best words for each vector query, as search() ranks them (best
// first, ties to the lower id, --restrict honoured), with the same kernel.
std::vector<std::vector<Neighbour>> search_vectors(const Embeddings& embeddings, const std::vector<VectorQuery>& queries,
                                                   const SearchOptions& options);

float cosine_similarity(const Embeddings& embeddings, WordId a, WordId b);

}  // namespace wordvec

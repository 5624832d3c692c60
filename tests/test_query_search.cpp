// Cosine search: known answers on a hand-made model, and the batched search
// against a plain double-precision reference on random vectors.
#include <algorithm>
#include <cmath>
#include <random>

#include "query/embeddings.h"
#include "base/error.h"
#include "query_test_support.h"
#include "query/search.h"

using namespace wordvec;
using namespace wordvec::test;

namespace {

std::vector<std::string> answer_words(const Embeddings& e, const std::vector<Neighbour>& answer) {
  std::vector<std::string> words;
  for (const Neighbour& n : answer) words.emplace_back(e.word(n.id));
  return words;
}

}  // namespace

TEST_CASE("Neighbours and analogies on a model with known answers", "[query][search]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  SearchOptions options;
  options.k = 3;
  const Query king_neighbours{{0}, {}}, royal_analogy{{0, 3}, {2}};  // king; man : king :: woman : ?
  auto found = search(e, {king_neighbours, royal_analogy}, options);
  REQUIRE(found.size() == 2);
  CHECK(answer_words(e, found[0]) == std::vector<std::string>{"prince", "queen", "man"});
  CHECK(found[0][0].score == Approx(cosine_similarity(e, 0, 5)));
  CHECK(found[0][1].score == Approx((1.0 + 0.01) / (std::sqrt(1.01) * std::sqrt(2.01))));
  CHECK(answer_words(e, found[1])[0] == "queen");  // the query's own words are never answers
  for (const auto& n : found[1]) CHECK((n.id != 0 && n.id != 2 && n.id != 3));

  options.method = AnalogyMethod::Mul;
  found = search(e, {royal_analogy}, options);
  CHECK(answer_words(e, found[0])[0] == "queen");
  const double q_king = cosine_similarity(e, 1, 0), q_woman = cosine_similarity(e, 1, 3), q_man = cosine_similarity(e, 1, 2);
  CHECK(found[0][0].score == Approx((1 + q_king) / 2 * (1 + q_woman) / 2 / ((1 + q_man) / 2 + 1e-6)));

  options.method = AnalogyMethod::Add;
  options.restrict_to = 2;  // only king and queen are candidates
  found = search(e, {king_neighbours}, options);
  CHECK(answer_words(e, found[0]) == std::vector<std::string>{"queen"});
  options.restrict_to = 0;
  options.k = 100;  // more than there are words
  found = search(e, {king_neighbours}, options);
  CHECK(found[0].size() == e.size() - 1);
  CHECK(found[0].back().id == 4);  // apple points the other way
}

TEST_CASE("Equal scores rank the lower id first", "[query][search]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(
      write_test_model(dir, "m.wv", {"q", "a", "b", "c"}, {{1, 0}, {0.5f, 0.5f}, {2, 1}, {1, 1}}));
  SearchOptions options;
  options.k = 3;
  const auto found = search(e, {Query{{0}, {}}}, options);
  CHECK(answer_words(e, found[0]) == std::vector<std::string>{"b", "a", "c"});
  CHECK(found[0][1].score == found[0][2].score);
}

TEST_CASE("Queries that have no score are refused", "[query][search]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  CHECK_THROWS_WITH(check_query(e, Query{{0}, {0}}, AnalogyMethod::Add), Catch::Contains("cancel out"));
  CHECK_THROWS_WITH(check_query(e, Query{{}, {0}}, AnalogyMethod::Mul), Catch::Contains("at least one positive"));
  CHECK_THROWS_WITH(check_query(e, Query{}, AnalogyMethod::Add), "empty query");
  CHECK_NOTHROW(check_query(e, Query{{}, {0}}, AnalogyMethod::Add));
}

TEST_CASE("Batched search agrees with a double-precision reference", "[query][search]") {
  // 2000 words of dimension 37 (not a multiple of the SIMD width), 1500
  // queries whose distinct words overflow one pass's dot table.
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  const std::size_t n_words = 2000, dim = 37;
  std::vector<std::string> words;
  std::vector<std::vector<float>> vectors(n_words, std::vector<float>(dim));
  for (std::size_t i = 0; i < n_words; ++i) {
    words.push_back("w" + std::to_string(i));
    for (float& x : vectors[i]) x = normal(rng);
  }
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "r.wv", words, vectors));
  const ReferenceNeighbours reference(words, vectors);
  std::uniform_int_distribution<std::uint32_t> pick(0, n_words - 1);
  std::vector<Query> queries;
  for (int i = 0; i < 1500; ++i) {
    if (i % 3 == 0) queries.push_back({{pick(rng)}, {}});
    else queries.push_back({{pick(rng), pick(rng)}, {pick(rng)}});
  }
  for (AnalogyMethod method : {AnalogyMethod::Add, AnalogyMethod::Mul}) {
    for (std::size_t restrict_to : {std::size_t{0}, std::size_t{777}}) {
      SearchOptions options;
      options.k = 5;
      options.method = method;
      options.restrict_to = restrict_to;
      const auto found = search(e, queries, options);
      for (std::size_t qi = 0; qi < queries.size(); qi += 7) {
        // gensim's most_similar / most_similar_cosmul, in doubles; one more for the rank check.
        const auto expected = reference.nearest(queries[qi].positive, queries[qi].negative, 6,
                                                method == AnalogyMethod::Mul, restrict_to);
        REQUIRE(found[qi].size() == 5);
        for (std::size_t r = 0; r < 5; ++r) {
          CHECK(found[qi][r].score == Approx(expected[r].first).margin(2e-6));
          // Ranks may differ only between near-equal scores.
          if (found[qi][r].id != expected[r].second) CHECK(std::abs(expected[r].first - expected[r + 1].first) < 1e-5);
        }
      }
    }
  }
}

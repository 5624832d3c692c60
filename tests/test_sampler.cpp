// Negative sampling, subsampling and the random generator, checked
// statistically with fixed seeds (so a run is deterministic) and tolerances
// derived from the binomial standard deviation.
#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

#include "base/error.h"
#include "base/random.h"
#include "train/sampler.h"
#include "test_support.h"

using wordvec::NoiseSampler;
using wordvec::Rng;
using wordvec::Subsampler;

namespace {

// Draws `n` samples and checks every word's frequency against its expected
// probability within 5 binomial standard deviations, and the chi-square
// statistic over all words against its degrees of freedom.
void check_draws(const NoiseSampler& sampler, const std::vector<double>& expected, std::uint64_t seed, int n) {
  Rng rng(seed);
  std::vector<long> hits(expected.size(), 0);
  for (int i = 0; i < n; ++i) {
    const auto id = sampler.sample(rng);
    REQUIRE(id != wordvec::kNoWord);
    REQUIRE(static_cast<std::size_t>(id) < expected.size());
    ++hits[static_cast<std::size_t>(id)];
  }
  double chi2 = 0;
  int df = -1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double mean = n * expected[i];
    const double sd = std::sqrt(n * expected[i] * (1 - expected[i]));
    INFO("word " << i << ": expected " << mean << " draws, got " << hits[i]);
    if (expected[i] == 0) {
      CHECK(hits[i] == 0);
      continue;
    }
    CHECK(std::abs(hits[i] - mean) <= 5 * sd + 1);
    chi2 += (hits[i] - mean) * (hits[i] - mean) / mean;
    ++df;
  }
  if (df > 0) {
    INFO("chi-square " << chi2 << " with " << df << " degrees of freedom");
    CHECK(chi2 < df + 6 * std::sqrt(2.0 * df) + 10);
  }
}

std::vector<double> powered(const std::vector<std::uint64_t>& counts, double power) {
  std::vector<double> p;
  for (auto c : counts) p.push_back(std::pow(static_cast<double>(c), power));
  const double total = std::accumulate(p.begin(), p.end(), 0.0);
  for (auto& x : p) x /= total;
  return p;
}

}  // namespace

TEST_CASE("noise sampler probabilities are counts^0.75, normalised", "[sampler]") {
  const std::vector<std::uint64_t> counts{1000, 300, 100, 20, 5, 1, 1, 50, 7};
  NoiseSampler sampler(counts);
  const auto expected = powered(counts, 0.75);
  double sum = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    CHECK(sampler.probability(static_cast<std::int32_t>(i)) == Approx(expected[i]).epsilon(1e-12));
    sum += sampler.probability(static_cast<std::int32_t>(i));
  }
  CHECK(sum == Approx(1.0).epsilon(1e-12));
  // 1000^0.75 / 1^0.75 = 177.8: the flattening that makes rare words likelier than their counts.
  CHECK(sampler.probability(0) / sampler.probability(5) == Approx(std::pow(1000.0, 0.75)));
}

TEST_CASE("noise sampler draws follow counts^0.75", "[sampler]") {
  const std::vector<std::uint64_t> counts{1000, 300, 100, 20, 5, 1, 1, 50, 7};
  check_draws(NoiseSampler(counts), powered(counts, 0.75), 42, 1'000'000);
}

TEST_CASE("noise sampler draws follow a Zipfian vocabulary of 1000 words", "[sampler]") {
  std::vector<std::uint64_t> counts;
  for (int i = 0; i < 1000; ++i) counts.push_back(1'000'000 / static_cast<std::uint64_t>(i + 1));
  check_draws(NoiseSampler(counts), powered(counts, 0.75), 7, 1'000'000);
  // Another power is honoured too.
  check_draws(NoiseSampler(counts, 1.0), powered(counts, 1.0), 8, 1'000'000);
}

TEST_CASE("noise sampler never draws zero-count words and handles one word", "[sampler]") {
  const std::vector<std::uint64_t> counts{0, 10, 0, 5, 0};
  check_draws(NoiseSampler(counts), powered(counts, 0.75), 3, 200'000);

  NoiseSampler single(std::vector<std::uint64_t>{17});
  Rng rng(1);
  for (int i = 0; i < 1000; ++i) REQUIRE(single.sample(rng) == 0);
  CHECK(single.probability(0) == 1.0);

  CHECK_THROWS_AS(NoiseSampler(std::vector<std::uint64_t>{}), wordvec::Error);
}

TEST_CASE("subsampler keep probabilities follow word2vec's formula", "[sampler]") {
  const std::vector<std::uint64_t> counts{1'000'000, 100'000, 10'000, 1'000, 100, 1};
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  for (double t : {1e-3, 1e-4, 1e-5}) {
    Subsampler sub(counts, t);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const double f = static_cast<double>(counts[i]) / total;
      const double expected = std::min(1.0, (std::sqrt(f / t) + 1) * t / f);
      INFO("t = " << t << ", count " << counts[i]);
      CHECK(sub.keep_probability(static_cast<std::int32_t>(i)) == Approx(expected).margin(1e-9));
    }
  }
  // The most frequent word is thinned out a lot, the rarest never.
  Subsampler sub(counts, 1e-4);
  CHECK(sub.keep_probability(0) < 0.02);
  CHECK(sub.keep_probability(5) == 1.0);
}

TEST_CASE("subsampler with threshold 0 keeps every word", "[sampler]") {
  const std::vector<std::uint64_t> counts{1'000'000, 10, 1};
  for (double t : {0.0, -1.0}) {
    Subsampler sub(counts, t);
    Rng rng(5);
    for (std::int32_t id = 0; id < 3; ++id) {
      CHECK(sub.keep_probability(id) == 1.0);
      for (int i = 0; i < 10000; ++i) REQUIRE(sub.keep(id, rng));
    }
  }
}

TEST_CASE("subsampler empirical keep rate matches its probability", "[sampler]") {
  const std::vector<std::uint64_t> counts{1'000'000, 100'000, 10'000, 1'000};
  Subsampler sub(counts, 1e-3);
  Rng rng(99);
  const int n = 500'000;
  for (std::int32_t id = 0; id < 4; ++id) {
    long kept = 0;
    for (int i = 0; i < n; ++i) kept += sub.keep(id, rng);
    const double p = sub.keep_probability(id);
    INFO("word " << id << ": p = " << p << ", kept " << kept << " of " << n);
    CHECK(std::abs(kept - n * p) <= 5 * std::sqrt(n * p * (1 - p)) + 1);
  }
  CHECK(sub.keep_probability(0) < 0.05);  // so the check above is not trivially "keep all"
}

TEST_CASE("rng below(n) stays in range and is uniform", "[random]") {
  Rng rng(2024);
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 1000u, 0x80000001u, 0xFFFFFFFFu})
    for (int i = 0; i < 10000; ++i) REQUIRE(rng.below(n) < n);

  const int buckets = 10, n = 1'000'000;
  std::vector<long> hits(buckets, 0);
  for (int i = 0; i < n; ++i) ++hits[rng.below(buckets)];
  double chi2 = 0;
  const double mean = static_cast<double>(n) / buckets;
  for (long h : hits) {
    CHECK(std::abs(h - mean) <= 5 * std::sqrt(mean * 0.9));
    chi2 += (h - mean) * (h - mean) / mean;
  }
  CHECK(chi2 < 9 + 6 * std::sqrt(18.0));

  // Both halves of a huge range are reached (a modulo or shift bug would not).
  long high = 0;
  for (int i = 0; i < 100000; ++i) high += rng.below(0xFFFFFFFFu) >= 0x80000000u;
  CHECK(std::abs(high - 50000) < 1000);
}

TEST_CASE("rng is reproducible per seed and seeds differ", "[random]") {
  auto draws = [](std::uint64_t seed) {
    Rng rng(seed);
    std::vector<std::uint32_t> v;
    for (int i = 0; i < 16; ++i) v.push_back(rng.next());
    return v;
  };
  CHECK(draws(1) == draws(1));
  CHECK(draws(0) == draws(0));
  CHECK(draws(1) != draws(2));
  CHECK(draws(0) != draws(1));
  // Seed 0 does not give a stuck all-zero generator.
  std::set<std::uint32_t> distinct;
  for (auto x : draws(0)) distinct.insert(x);
  CHECK(distinct.size() > 10);
}

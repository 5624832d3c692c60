#include "train/sampler.h"

#include <cmath>
#include <numeric>

#include "base/error.h"

namespace wordvec {

NoiseSampler::NoiseSampler(const std::vector<std::uint64_t>& counts, double power) {
  const std::size_t n = counts.size();
  if (n == 0) throw Error("cannot build a noise distribution over an empty vocabulary");
  weights_.resize(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += weights_[i] = std::pow(static_cast<double>(counts[i]), power);
  for (auto& w : weights_) w /= total;

  // Vose's construction: pair each under-full bucket with an over-full one.
  std::vector<double> scaled(n);
  std::vector<std::size_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  prob_.assign(n, 0xFFFFFFFFu);
  alias_.resize(n);
  std::iota(alias_.begin(), alias_.end(), 0);
  while (!small.empty() && !large.empty()) {
    std::size_t s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = static_cast<std::uint32_t>(std::min(scaled[s] * 4294967296.0, 4294967295.0));
    alias_[s] = static_cast<WordId>(l);
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are full buckets up to rounding error.
}

Subsampler::Subsampler(const std::vector<std::uint64_t>& counts, double threshold) {
  const double total = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}));
  keep_.resize(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    double p = 1.0;
    if (threshold > 0 && counts[i] > 0) {
      const double f = static_cast<double>(counts[i]) / total;
      p = std::min(1.0, (std::sqrt(f / threshold) + 1.0) * threshold / f);
    }
    keep_[i] = static_cast<std::uint64_t>(p * 4294967296.0);
  }
}

double Subsampler::keep_probability(WordId id) const {
  return static_cast<double>(keep_[id]) / 4294967296.0;
}

}  // namespace wordvec

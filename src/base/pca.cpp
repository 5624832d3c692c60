#include "base/pca.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wordvec {

SymmetricEigen symmetric_eigen(std::vector<double> a, std::size_t n) {
  std::vector<double> v(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) v[i * n + i] = 1.0;
  auto at = [&](std::size_t i, std::size_t j) -> double& { return a[i * n + j]; };
  double norm = 0;
  for (double x : a) norm += x * x;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (std::size_t p = 0; p < n; ++p)
      for (std::size_t q = p + 1; q < n; ++q) off += at(p, q) * at(p, q);
    if (off <= 1e-30 * norm || off == 0) break;
    for (std::size_t p = 0; p < n; ++p)
      for (std::size_t q = p + 1; q < n; ++q) {
        if (at(p, q) == 0) continue;
        // The rotation in the (p, q) plane that zeroes a_pq (A' = J^T A J).
        const double theta = (at(q, q) - at(p, p)) / (2 * at(p, q));
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {
          const double kp = at(k, p), kq = at(k, q);
          at(k, p) = c * kp - s * kq;
          at(k, q) = s * kp + c * kq;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double pk = at(p, k), qk = at(q, k);
          at(p, k) = c * pk - s * qk;
          at(q, k) = s * pk + c * qk;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double kp = v[k * n + p], kq = v[k * n + q];
          v[k * n + p] = c * kp - s * kq;
          v[k * n + q] = s * kp + c * kq;
        }
      }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return at(x, x) > at(y, y); });
  SymmetricEigen result;
  for (std::size_t k : order) {
    result.values.push_back(at(k, k));
    std::vector<double> column(n);
    for (std::size_t i = 0; i < n; ++i) column[i] = v[i * n + k];
    result.vectors.push_back(std::move(column));
  }
  return result;
}

namespace {

using Rows = std::vector<std::vector<double>>;

// The rows minus their mean, and the total of their squares (n times the variance).
Rows centred(const Rows& rows, double& total) {
  const std::size_t n = rows.size(), dim = rows[0].size();
  std::vector<double> mean(dim, 0.0);
  for (const auto& row : rows)
    for (std::size_t d = 0; d < dim; ++d) mean[d] += row[d] / static_cast<double>(n);
  Rows x(rows);
  total = 0;
  for (auto& row : x)
    for (std::size_t d = 0; d < dim; ++d) {
      row[d] -= mean[d];
      total += row[d] * row[d];
    }
  return x;
}

// From the Gram matrix X X^T = U L U^T: the coordinates are U sqrt(L).
void from_gram(const Rows& x, double total, PrincipalCoordinates& result) {
  const std::size_t n = x.size(), dim = x[0].size();
  std::vector<double> gram(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double s = 0;
      for (std::size_t d = 0; d < dim; ++d) s += x[i][d] * x[j][d];
      gram[i * n + j] = gram[j * n + i] = s;
    }
  const SymmetricEigen eigen = symmetric_eigen(std::move(gram), n);
  for (std::size_t k = 0; k < std::min(result.explained.size(), n); ++k) {
    const double lambda = std::max(eigen.values[k], 0.0);
    for (std::size_t i = 0; i < n; ++i) result.coordinates[i][k] = eigen.vectors[k][i] * std::sqrt(lambda);
    result.explained[k] = total > 0 ? lambda / total : 0.0;
  }
}

// From the scatter matrix X^T X = W L W^T: the coordinates are X W.
void from_scatter(const Rows& x, double total, PrincipalCoordinates& result) {
  const std::size_t dim = x[0].size();
  std::vector<double> scatter(dim * dim, 0.0);
  for (const auto& row : x)
    for (std::size_t a = 0; a < dim; ++a)
      for (std::size_t b = 0; b <= a; ++b) scatter[a * dim + b] += row[a] * row[b];
  for (std::size_t a = 0; a < dim; ++a)
    for (std::size_t b = 0; b < a; ++b) scatter[b * dim + a] = scatter[a * dim + b];
  const SymmetricEigen eigen = symmetric_eigen(std::move(scatter), dim);
  for (std::size_t k = 0; k < std::min(result.explained.size(), dim); ++k) {
    for (std::size_t i = 0; i < x.size(); ++i)
      result.coordinates[i][k] = std::inner_product(x[i].begin(), x[i].end(), eigen.vectors[k].begin(), 0.0);
    result.explained[k] = total > 0 ? std::max(eigen.values[k], 0.0) / total : 0.0;
  }
}

// Components beyond the rank (rounding leaves them at ~1e-8, not 0) set to
// 0; each other one's sign fixed so that its largest coordinate is positive.
void tidy(PrincipalCoordinates& result) {
  for (std::size_t k = 0; k < result.explained.size(); ++k) {
    if (result.explained[k] < 1e-12) {
      for (auto& c : result.coordinates) c[k] = 0;
      result.explained[k] = 0;
      continue;
    }
    std::size_t largest = 0;
    for (std::size_t i = 1; i < result.coordinates.size(); ++i)
      if (std::abs(result.coordinates[i][k]) > std::abs(result.coordinates[largest][k])) largest = i;
    if (result.coordinates[largest][k] < 0)
      for (auto& c : result.coordinates) c[k] = -c[k];
  }
}

}  // namespace

PrincipalCoordinates principal_coordinates(const std::vector<std::vector<double>>& rows, std::size_t components) {
  PrincipalCoordinates result;
  result.coordinates.assign(rows.size(), std::vector<double>(components, 0.0));
  result.explained.assign(components, 0.0);
  if (rows.empty()) return result;
  double total;
  const Rows x = centred(rows, total);
  if (x.size() <= x[0].size()) from_gram(x, total, result);
  else from_scatter(x, total, result);
  tidy(result);
  return result;
}

}  // namespace wordvec

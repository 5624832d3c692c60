#pragma once
// Owns: principal components of a few dozen vectors, computed exactly in double precision (no dependency).
#include <cstddef>
#include <vector>

namespace wordvec {

// Eigenvalues of a symmetric n x n matrix (row-major), largest first, and
// their unit eigenvectors (vectors[k] belongs to values[k]), by cyclic
// Jacobi rotations until the off-diagonal part vanishes to rounding. Exact
// and dependable for the matrices wv-query needs (a few dozen to a few
// hundred rows); O(n^3) per sweep, so not for thousands.
struct SymmetricEigen {
  std::vector<double> values;
  std::vector<std::vector<double>> vectors;
};
SymmetricEigen symmetric_eigen(std::vector<double> matrix, std::size_t n);

// The rows' coordinates on their first `components` principal axes (the
// rows centred on their mean), and the share of the total variance each
// axis holds. Computed from whichever is smaller, the rows' Gram matrix
// (n x n) or their scatter matrix (dim x dim). The sign of each axis is
// fixed so that its largest coordinate (in absolute value) is positive.
// Components beyond the data's rank have coordinates 0.
struct PrincipalCoordinates {
  std::vector<std::vector<double>> coordinates;  // [row][component]
  std::vector<double> explained;                  // [component]: its variance / the total (0 when all rows are equal)
};
PrincipalCoordinates principal_coordinates(const std::vector<std::vector<double>>& rows, std::size_t components);

}  // namespace wordvec

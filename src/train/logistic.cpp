#include "train/logistic.h"

#include <cmath>

namespace wordvec {

LogisticTables::LogisticTables() {
  for (int i = 0; i <= kLogisticTableSize; ++i) {
    const double x = i / static_cast<double>(kLogisticTableScale) - kSigmoidRange;
    sigmoid[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
    loss[i] = static_cast<float>(std::log1p(std::exp(-x)));
  }
}

const LogisticTables kLogisticTables;

}  // namespace wordvec

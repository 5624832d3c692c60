#pragma once
// Owns: the training progress line and summary, as word2vec and fastText users expect them.
#include <cstdio>
#include <string>

#include "train/trainer.h"

namespace wordvec {

// Formats training progress the way word2vec/fastText users expect. On a
// terminal one line is redrawn in place; otherwise a plain line is written
// every `plain_interval_seconds`, so logs stay readable.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(std::FILE* out, double plain_interval_seconds = 10.0);
  void update(const TrainProgress& p);

  static std::string format_line(const TrainProgress& p);
  static std::string format_summary(const TrainProgress& p);
  static std::string format_duration(double seconds);

 private:
  std::FILE* out_;
  bool terminal_;
  double plain_interval_, next_plain_ = 0;
};

}  // namespace wordvec

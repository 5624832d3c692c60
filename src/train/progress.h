#pragma once
// Owns: the training progress line and summary, as word2vec and fastText users expect them.
#include <cstdio>
#include <string>

#include "text/corpus.h"
#include "train/trainer.h"

namespace wordvec {

// Formats training progress the way word2vec/fastText users expect, and the
// first pass's before it. On a terminal one line is redrawn in place;
// otherwise a plain line is written every `plain_interval_seconds`, so logs
// stay readable. One display shows one of the two.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(std::FILE* out, double plain_interval_seconds = 10.0);
  void update(const TrainProgress& p);
  void update(const ReadProgress& p);

  static std::string format_line(const TrainProgress& p);
  static std::string format_line(const ReadProgress& p);
  static std::string format_summary(const TrainProgress& p);
  static std::string format_duration(double seconds);

 private:
  void show(const std::string& line, double seconds, bool finished);

  std::FILE* out_;
  bool terminal_;
  double plain_interval_, next_plain_ = 0;
};

}  // namespace wordvec

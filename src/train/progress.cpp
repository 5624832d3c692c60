#include "train/progress.h"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

#include "base/text.h"

namespace wordvec {

ProgressDisplay::ProgressDisplay(std::FILE* out, double plain_interval_seconds)
    : out_(out), terminal_(::isatty(::fileno(out)) != 0), plain_interval_(plain_interval_seconds) {}

std::string ProgressDisplay::format_duration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s >= 3600) return fmt::format("{}h{:02}m{:02}s", s / 3600, s / 60 % 60, s % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

std::string ProgressDisplay::format_line(const TrainProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.words_this_run) / p.seconds : 0.0;
  const double eta = p.fraction > 0 ? p.seconds * (1.0 - p.fraction) / p.fraction : 0.0;
  return fmt::format("Progress: {:5.1f}%  words/sec/thread: {:>9}  lr: {:.6f}  loss: {:.4f}  ETA: {}",
                     100.0 * p.fraction, static_cast<long>(rate / std::max(1, p.threads)), p.lr, p.loss,
                     p.fraction > 0 ? format_duration(eta) : std::string("-"));
}

std::string ProgressDisplay::format_summary(const TrainProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.words_this_run) / p.seconds : 0.0;
  return fmt::format("Trained on {} words in {:.1f} s: {} words/sec ({} threads), final loss {:.4f}", p.words_this_run,
                     p.seconds, static_cast<long>(rate), p.threads, p.loss);
}

std::string ProgressDisplay::format_line(const ReadProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.text_bytes) / p.seconds : 0.0;
  const std::string input = p.input_bytes != p.text_bytes ? fmt::format(" (from {:.0f} MB read)", p.input_bytes / 1e6) : "";
  return fmt::format("Reading: {:.0f} MB of text{}  words: {}  distinct: {}  {:.1f} MB/s", p.text_bytes / 1e6, input,
                     with_thousands(p.tokens), with_thousands(p.distinct), rate / 1e6);
}

void ProgressDisplay::show(const std::string& line, double seconds, bool finished) {
  if (terminal_) {
    fmt::print(out_, "\r\033[K{}{}", line, finished ? "\n" : "");
  } else if (finished || seconds >= next_plain_) {
    fmt::print(out_, "{}\n", line);
    next_plain_ = seconds + plain_interval_;
  }
  std::fflush(out_);
}

void ProgressDisplay::update(const TrainProgress& p) { show(format_line(p), p.seconds, p.finished); }

// In a log, the first pass shows a line every interval from the first
// interval on, and no last line: the summary after it says the same, and a
// short pass (or one that fails) stays quiet.
void ProgressDisplay::update(const ReadProgress& p) {
  if (!terminal_ && next_plain_ == 0) next_plain_ = plain_interval_;
  show(format_line(p), p.seconds, p.finished && terminal_);
}

}  // namespace wordvec

#include "train/progress.h"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

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

void ProgressDisplay::update(const TrainProgress& p) {
  if (terminal_) {
    fmt::print(out_, "\r\033[K{}{}", format_line(p), p.finished ? "\n" : "");
  } else if (p.finished || p.seconds >= next_plain_) {
    fmt::print(out_, "{}\n", format_line(p));
    next_plain_ = p.seconds + plain_interval_;
  }
  std::fflush(out_);
}

}  // namespace wordvec

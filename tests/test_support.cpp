// The listener below needs Catch's reporter interfaces.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <iostream>
#include <random>
#include <stdexcept>

namespace wordvec::test {

// ---- Running the apps ----

namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Reads what is there; closes the descriptor at end of file.
void read_some(int& fd, std::string& into) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0)
    into.append(buf, static_cast<std::size_t>(n));
  else if (n == 0 || errno != EINTR)
    close_fd(fd);
}

}  // namespace

Process::Process(const std::string& program, const std::vector<std::string>& args, const RunOptions& options)
    : input_(options.input.value_or("")) {
  result_.program = std::filesystem::path(program).filename().string();
  // A program that exits without reading all its input must not kill this
  // process with SIGPIPE; the child gets the default action back below.
  static const bool ignore_sigpipe = (::signal(SIGPIPE, SIG_IGN), true);
  (void)ignore_sigpipe;

  // Everything the child needs is made before fork: after it, in a process
  // that may have threads, the child only makes system calls.
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const int null_fd = options.input ? -1 : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  struct rlimit limit {};
  limit.rlim_cur = limit.rlim_max = options.max_file_bytes;
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigset_t no_signals;
  sigemptyset(&no_signals);

  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(options.input ? in[0] : null_fd, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::sigaction(SIGPIPE, &default_action, nullptr);
    ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
    if (options.max_file_bytes) ::setrlimit(RLIMIT_FSIZE, &limit);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (null_fd >= 0) ::close(null_fd);
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  if (pid_ < 0) {
    close_fd(in_), close_fd(out_), close_fd(err_);
    throw std::runtime_error("fork failed");
  }
  ::fcntl(in_, F_SETFL, O_NONBLOCK);
  if (input_.empty()) close_fd(in_);
}

Process::~Process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  close_fd(in_), close_fd(out_), close_fd(err_);
}

bool Process::pump() {
  if (out_ < 0 && err_ < 0) {
    close_fd(in_);  // the rest of the input has no reader
    return false;
  }
  pollfd fds[3] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}, {in_, POLLOUT, 0}};
  if (::poll(fds, 3, -1) < 0) {
    if (errno == EINTR) return true;
    throw std::runtime_error("poll failed");
  }
  if (fds[0].revents) read_some(out_, result_.out);
  if (fds[1].revents) read_some(err_, result_.err);
  if (fds[2].revents) {
    const ssize_t n = ::write(in_, input_.data() + written_, input_.size() - written_);
    if (n > 0) written_ += static_cast<std::size_t>(n);
    if ((n < 0 && errno != EAGAIN && errno != EINTR) || written_ == input_.size()) close_fd(in_);
  }
  return true;
}

bool Process::wait_for_output(const std::string& text) {
  while (result_.out.find(text) == std::string::npos && result_.err.find(text) == std::string::npos)
    if (!pump()) return false;
  return true;
}

void Process::signal(int sig) {
  REQUIRE(pid_ > 0);
  REQUIRE(::kill(pid_, sig) == 0);
}

RunResult Process::wait() {
  while (pump()) {
  }
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid_, &status, 0, &usage) < 0)
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  pid_ = -1;
  result_.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result_.max_rss_kb = usage.ru_maxrss;
  return result_;
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args, const RunOptions& options) {
  return Process(program, args, options).wait();
}

std::vector<std::string> split_args(const std::string& args) {
  std::vector<std::string> out;
  std::istringstream in(args);
  for (std::string arg; in >> arg;) out.push_back(arg);
  return out;
}

void expect_one_line_error(const RunResult& r, int status, const std::string& fragment) {
  INFO(r.program << " exited with " << r.status << "; stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(r.status == status);
  CHECK(r.out.empty());
  const auto lines = lines_of(r.err);
  REQUIRE(lines.size() == 1);
  const bool prefixed = lines[0].rfind(r.program + ": error: ", 0) == 0 || lines[0].rfind(r.program + ": usage error: ", 0) == 0;
  CHECK(prefixed);
  CHECK_THAT(lines[0], Catch::Contains(fragment));
}

// ---- Synthetic corpora ----

std::string topic_word(int topic, int word) { return "t" + std::to_string(topic) + "w" + std::to_string(word); }

std::optional<int> topic_of(std::string_view word) {
  const auto w = word.find('w');
  if (word.empty() || word[0] != 't' || w == std::string_view::npos || w < 2) return std::nullopt;
  const std::string_view digits = word.substr(1, w - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::stoi(std::string(digits));
}

std::string synthetic_corpus(const CorpusSpec& spec) {
  static const char* const kFunctionWords[] = {"the", "a", "of", "and"};
  if (spec.function_words < 0 || spec.function_words > 4 || spec.topics < 1 || spec.words_per_topic < 1 ||
      spec.min_line_words < 1 || spec.max_line_words < spec.min_line_words)
    throw std::invalid_argument("synthetic_corpus: bad spec");
  std::mt19937 gen(spec.seed);
  auto below = [&](int n) { return static_cast<int>(gen() % static_cast<unsigned>(n)); };
  std::string text;
  if (spec.bytes) text.reserve(spec.bytes + 64);
  for (std::size_t line = 0; spec.bytes ? text.size() < spec.bytes : line < spec.lines; ++line) {
    const int topic = below(spec.topics);
    const int len = spec.min_line_words + below(spec.max_line_words - spec.min_line_words + 1);
    for (int i = 0; i < len; ++i) {
      if (spec.function_words > 0 && below(4) == 0)
        text += kFunctionWords[below(spec.function_words)];
      else
        text += topic_word(topic, below(spec.words_per_topic));
      text += i + 1 < len ? ' ' : spec.line_end;
    }
  }
  return text;
}

// ---- Nearest neighbours ----

ReferenceNeighbours::ReferenceNeighbours(std::vector<std::string> words, const float* rows, std::size_t dim,
                                         std::size_t stride)
    : words_(std::move(words)), dim_(dim), unit_(words_.size() * dim) {
  for (std::size_t r = 0; r < words_.size(); ++r) {
    ids_.emplace(words_[r], r);
    const float* row = rows + r * stride;
    double norm = 0;
    for (std::size_t k = 0; k < dim_; ++k) norm += double(row[k]) * row[k];
    norm = std::sqrt(norm);
    for (std::size_t k = 0; k < dim_; ++k) unit_[r * dim_ + k] = norm > 0 ? row[k] / norm : 0.0;
  }
}

namespace {
std::vector<float> flattened(const std::vector<std::vector<float>>& rows) {
  std::vector<float> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  return flat;
}
}  // namespace

ReferenceNeighbours::ReferenceNeighbours(std::vector<std::string> words, const std::vector<std::vector<float>>& rows)
    : ReferenceNeighbours(std::move(words), flattened(rows).data(), rows.at(0).size(), rows.at(0).size()) {}

std::size_t ReferenceNeighbours::id(const std::string& word) const {
  const auto it = ids_.find(word);
  if (it == ids_.end()) throw std::runtime_error("'" + word + "' is not in the vocabulary");
  return it->second;
}

double ReferenceNeighbours::similarity(std::size_t a, std::size_t b) const {
  double s = 0;
  for (std::size_t k = 0; k < dim_; ++k) s += unit_[a * dim_ + k] * unit_[b * dim_ + k];
  return s;
}

std::vector<std::pair<double, std::size_t>> ReferenceNeighbours::nearest(const std::vector<std::size_t>& positive,
                                                                         const std::vector<std::size_t>& negative,
                                                                         std::size_t k, bool multiplicative,
                                                                         std::size_t candidates) const {
  std::vector<double> mean(dim_, 0.0);
  for (auto id : positive)
    for (std::size_t d = 0; d < dim_; ++d) mean[d] += unit_[id * dim_ + d];
  for (auto id : negative)
    for (std::size_t d = 0; d < dim_; ++d) mean[d] -= unit_[id * dim_ + d];
  double mean_norm = 0;
  for (double x : mean) mean_norm += x * x;
  mean_norm = std::sqrt(mean_norm);

  std::vector<std::pair<double, std::size_t>> scored;
  const std::size_t n = candidates ? std::min(candidates, size()) : size();
  for (std::size_t x = 0; x < n; ++x) {
    if (std::count(positive.begin(), positive.end(), x) || std::count(negative.begin(), negative.end(), x)) continue;
    double score;
    if (multiplicative) {
      double num = 1, den = 1;
      for (auto id : positive) num *= (1 + similarity(x, id)) / 2;
      for (auto id : negative) den *= (1 + similarity(x, id)) / 2;
      score = num / (den + 1e-6);
    } else {
      double dot = 0;
      for (std::size_t d = 0; d < dim_; ++d) dot += unit_[x * dim_ + d] * mean[d];
      score = mean_norm > 0 ? dot / mean_norm : 0.0;
    }
    scored.emplace_back(score, x);
  }
  const auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
  const auto end = scored.begin() + static_cast<std::ptrdiff_t>(std::min(k, scored.size()));
  std::partial_sort(scored.begin(), end, scored.end(), better);
  scored.erase(end, scored.end());
  return scored;
}

std::vector<std::string> ReferenceNeighbours::nearest_words(const std::vector<std::string>& positive,
                                                            const std::vector<std::string>& negative,
                                                            std::size_t k) const {
  std::vector<std::size_t> pos, neg;
  for (const auto& w : positive) pos.push_back(id(w));
  for (const auto& w : negative) neg.push_back(id(w));
  std::vector<std::string> out;
  for (const auto& [score, x] : nearest(pos, neg, k)) out.push_back(words_[x]);
  return out;
}

std::size_t ReferenceNeighbours::nearest_in_own_topic() const {
  std::size_t right = 0;
  for (std::size_t i = 0; i < size(); ++i) {
    const auto topic = topic_of(words_[i]);
    if (!topic) continue;
    const auto best = nearest({i}, {}, 1);
    right += !best.empty() && topic_of(words_[best[0].second]) == topic;
  }
  return right;
}

// ---- Skips ----

namespace {

// The skip requested in the running test case, reported when it ends.
std::optional<std::string> g_skip_reason;

struct SkipReporter : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    g_skip_reason.reset();
    TestEventListenerBase::testCaseStarting(info);
  }
  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    if (g_skip_reason) {
      // ctest would report a skip whatever else happened: a failed check
      // must not hide behind it.
      if (stats.totals.assertions.failed == 0)
        std::cout << "SKIPPED: " << *g_skip_reason << std::endl;
      else
        std::cout << "(not reported as skipped, because checks failed: " << *g_skip_reason << ")" << std::endl;
    }
    g_skip_reason.reset();
    TestEventListenerBase::testCaseEnded(stats);
  }
};
CATCH_REGISTER_LISTENER(SkipReporter)

}  // namespace

void mark_skipped(const std::string& reason) { g_skip_reason = reason; }

}  // namespace wordvec::test

// wv-query's command line (see wv_query_cli.h): nearest neighbours,
// analogies, similarities and the standard evaluations on word vectors.
// Usage in README.md. The queries, the reports and their printing are the
// library's (query/commands.h); this front end reads the flags and the input
// and prints what the library returns.
#include <poll.h>
#include <unistd.h>

#include <omp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "wv_query_cli.h"

#include "app_main.h"
#include "flags.h"

#include "base/error.h"
#include "base/text.h"
#include "query/answer.h"
#include "query/commands.h"
#include "query/embeddings.h"
#include "query/report.h"
#include "query/search.h"

namespace {

using namespace wordvec;

// The end of --help, after the commands.
std::string no_command_help() {
  return fmt::format(
      "With no COMMAND: an interactive prompt when stdin is a terminal, otherwise\n"
      "batch from stdin. Exit status: {} ok, {} error (any failed batch line\n"
      "included), {} usage error.",
      kExitOk, kExitError, kExitUsage);
}

struct Options {
  std::string model, command;
  std::vector<std::string> args;
  std::size_t k = 10, restrict_to = 0;
  std::string method = "add", format = "auto";
  bool json = false, no_verify = false, case_sensitive = false;
  int threads = 0;
};

std::vector<std::string> split_words(std::string_view line) {
  const std::vector<std::string_view> views = wordvec::split_words(line);
  return {views.begin(), views.end()};
}

void print(const std::string& text) { fmt::print("{}", text); }

int run_one_query(const Embeddings& e, const Options& opt, const SearchOptions& search_options) {
  std::vector<std::string> words{opt.command};
  words.insert(words.end(), opt.args.begin(), opt.args.end());
  const Answer a = answer_queries(e, {words}, search_options)[0];
  if (opt.json) fmt::print("{}\n", answer_json(e, a));
  if (!a.error.empty()) throw Error(a.error);
  if (!opt.json) print(answer_text(e, a));
  return kExitOk;
}

// Reads lines from a file descriptor, and tells whether more input is
// already there: batch answers queries in blocks of whatever has arrived
// (up to kMaxBlock), so a file is answered 256 queries per search while a
// script that writes one query and waits for its answer gets it at once.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  bool next(std::string& line) {
    while (true) {
      const std::size_t newline = buffer_.find('\n', start_);
      if (newline != std::string::npos || (eof_ && start_ < buffer_.size())) {
        const std::size_t end = newline == std::string::npos ? buffer_.size() : newline;
        line.assign(buffer_, start_, end - start_);
        start_ = end + 1;
        return true;
      }
      if (eof_) return false;
      fill();
    }
  }
  bool ready() const {
    if (eof_ || buffer_.find('\n', start_) != std::string::npos) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

 private:
  void fill() {
    buffer_.erase(0, start_);
    start_ = 0;
    char chunk[1 << 16];
    ssize_t n;
    do n = ::read(fd_, chunk, sizeof chunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw Error(fmt::format("cannot read queries: {}", std::strerror(errno)));
    if (n == 0) eof_ = true;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }

  int fd_;
  std::string buffer_;
  std::size_t start_ = 0;
  bool eof_ = false;
};

int run_batch(const Embeddings& e, const Options& opt, const SearchOptions& search_options, int fd) {
  constexpr std::size_t kMaxBlock = 256;
  LineReader reader(fd);
  std::string line;
  std::size_t line_number = 0, failed = 0, answered = 0;
  std::vector<std::vector<std::string>> block;
  std::vector<std::size_t> block_lines;
  while (true) {
    const bool got_line = reader.next(line);
    if (got_line) {
      ++line_number;
      std::vector<std::string> words = split_words(line);
      if (!words.empty() && words[0][0] != '#') {
        block.push_back(std::move(words));
        block_lines.push_back(line_number);
      }
    }
    if (block.empty() || (got_line && block.size() < kMaxBlock && reader.ready())) {
      if (!got_line) break;
      continue;
    }
    const std::vector<Answer> answers = answer_queries(e, block, search_options);
    for (std::size_t i = 0; i < answers.size(); ++i) {
      failed += answers[i].error.empty() ? 0 : 1;
      fmt::print("{}\n", opt.json ? answer_json(e, answers[i], block_lines[i]) : answer_tsv(e, answers[i], block_lines[i]));
    }
    std::fflush(stdout);
    answered += answers.size();
    block.clear();
    block_lines.clear();
    if (!got_line) break;
  }
  if (failed) throw Error(fmt::format("{} of {} queries failed", failed, answered));
  return kExitOk;
}

int run_interactive(const Embeddings& e, const SearchOptions& search_options) {
  fmt::print("{} words of dimension {}. Enter a word, an expression (king - man + woman), or\n"
             "neighbours/analogy/similarity with their words; EXIT or Ctrl-D to quit.\n",
             e.size(), e.dim());
  std::string line;
  while (true) {
    fmt::print("query> ");
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    const std::vector<std::string> words = split_words(line);
    if (words.empty()) continue;
    if (words.size() == 1 && words[0] == "EXIT") break;
    const Answer a = answer_queries(e, {words}, search_options)[0];
    if (!a.error.empty()) fmt::print("error: {}\n", printable(a.error));
    else print(answer_text(e, a));
  }
  fmt::print("\n");
  return kExitOk;
}

int run(const Options& opt) {
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  LoadOptions load;
  load.format = parse_embedding_format(opt.format);
  load.verify_checksum = !opt.no_verify;
  SearchOptions search_options;
  search_options.k = opt.k;
  search_options.restrict_to = opt.restrict_to;
  search_options.method = parse_analogy_method(opt.method);
  const Embeddings e = Embeddings::load(opt.model, load);
  if (e.repeated_rows() > 0)
    fmt::print(stderr, "wv-query: warning: '{}' repeats words in {} rows (the first is '{}'); the first occurrence of each "
                       "word is used\n",
               printable(opt.model), e.repeated_rows(), printable(e.first_repeated_word()));

  if (opt.command.empty()) {
    if (::isatty(STDIN_FILENO)) return run_interactive(e, search_options);
    return run_batch(e, opt, search_options, STDIN_FILENO);
  }
  const Command* command = find_command(opt.command);
  if (!command || command->is_query()) return run_one_query(e, opt, search_options);
  if (!command->takes(opt.args.size())) throw UsageError(command->arity_message(opt.args.size()));
  if (command->kind == Command::Kind::Batch) {
    if (opt.args.empty() || opt.args[0] == "-") return run_batch(e, opt, search_options, STDIN_FILENO);
    const int fd = ::open(opt.args[0].c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("cannot open '{}': {}", opt.args[0], std::strerror(errno)));
    const int status = run_batch(e, opt, search_options, fd);
    ::close(fd);
    return status;
  }
  ReportOptions report_options;
  report_options.model_path = opt.model;
  report_options.restrict_to = opt.restrict_to;
  report_options.method = search_options.method;
  report_options.case_sensitive = opt.case_sensitive;
  report_options.json = opt.json;
  command->report(e, report_options, opt.args, print);
  return kExitOk;
}

}  // namespace

int wordvec::wv_query_main(int argc, char** argv) {
  CLI::App app{"", "wv-query"};
  app.description("Nearest neighbours, analogies and evaluations on word vectors.");
  app.footer(commands_help() + "\n" + no_command_help());
  Options opt;
  app.add_option("model", opt.model, "wordvec model, word2vec .bin/.txt or fastText .vec file")->required();
  app.add_option("command", opt.command, "command, expression or word (see below)");
  app.add_option("args", opt.args, "the command's arguments");
  app.add_option("-k", opt.k, "answers per query (default 10)")->check(whole_number(1, kMaxNeighbours));
  app.add_option("--method", opt.method, "add (3CosAdd) or mul (3CosMul) (default add)")->check(CLI::IsMember({"add", "mul"}));
  app.add_option("--restrict", opt.restrict_to,
                 "search only the N most frequent words; in evaluations, also count only them as known (0: all)")
      ->check(whole_number(0, std::uint64_t{1} << 40));
  app.add_flag("--json", opt.json, "one JSON object per line");
  app.add_option("--format", opt.format, "model file format (default auto)")->check(CLI::IsMember({"auto", "wv", "w2v-bin", "w2v-text"}));
  app.add_flag("--no-verify", opt.no_verify, "skip the wordvec model checksum");
  app.add_flag("--case-sensitive", opt.case_sensitive, "evaluations: match words exactly (default: ignore ASCII case)");
  app.add_option("--threads", opt.threads, "threads (default: all cores)")->check(whole_number(1, kMaxThreads));
  return app_main(app, argc, argv, {"wv-query", true, ""}, [&] { return run(opt); });
}

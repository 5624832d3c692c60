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
#include "base/file.h"
#include "base/json.h"
#include "base/text.h"
#include "model/atomic_file.h"
#include "query/answer.h"
#include "query/commands.h"
#include "query/embeddings.h"
#include "query/query_expression.h"
#include "query/report.h"
#include "query/search.h"
#include "query/views.h"

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
  bool json = false, no_verify = false, case_sensitive = false, no_oov = false;
  int threads = 0;
  // The view commands' flags (query/views.h).
  std::string output, x_axis, y_axis;
  std::vector<std::string> groups, sentences;
  double temperature = kDefaultTemperature;
  std::vector<std::string> view_flags;  // those of them given
};

// A command and its arguments as one line: arguments holding spaces are
// quoted, so the line reads back (batch) as the same arguments.
std::string command_text(const std::string& command, const std::vector<std::string>& args) {
  std::string text = command;
  for (const std::string& a : args) {
    const bool spaced = std::any_of(a.begin(), a.end(), [](char c) { return is_space(static_cast<unsigned char>(c)); });
    text += spaced || a.empty() ? " \"" + a + "\"" : " " + a;
  }
  return text;
}

// Usage error unless the command takes every view flag given.
void check_view_flags(const Command* command, const Options& opt) {
  const std::string name = command && !command->names.empty() ? command->names[0] : "a query";
  for (const std::string& flag : opt.view_flags)
    if (!command || std::find(command->flags.begin(), command->flags.end(), flag) == command->flags.end()) {
      std::string takers;
      for (const Command& c : commands())
        if (c.kind == Command::Kind::View && std::find(c.flags.begin(), c.flags.end(), flag) != c.flags.end())
          takers += (takers.empty() ? "" : ", ") + c.names[0];
      throw UsageError(fmt::format("{} is not an option of {} (it is for {})", flag, name, takers));
    }
}

ViewOptions view_options(const Options& opt) {
  ViewOptions v;
  v.model_path = opt.model;
  v.k = opt.k;
  v.restrict_to = opt.restrict_to;
  v.x_axis = opt.x_axis;
  v.y_axis = opt.y_axis;
  v.groups = opt.groups;
  v.temperature = opt.temperature;
  v.sentences = opt.sentences;
  return v;
}

// A view command's answer as one JSON object: "line" (batch), "query", then
// its fields, or "error" (and "oov").
std::string view_json(const std::string& query, const ViewAnswer* answer, const std::string& error,
                      const std::vector<std::string>& oov, std::optional<std::size_t> line) {
  nlohmann::ordered_json record = nlohmann::ordered_json::object();
  if (line) record["line"] = *line;
  record["query"] = query;
  if (answer) {
    record.update(answer->json);
  } else {
    record["error"] = error;
    if (!oov.empty()) record["oov"] = oov;
  }
  return dump_json(record);
}

// One view command (the command line's): its picture into -o, or its
// answer on stdout.
int run_view(const Embeddings& e, const Options& opt, const Command& command) {
  ViewOptions options = view_options(opt);
  options.picture = !opt.output.empty();
  const std::string query = command_text(opt.command, opt.args);
  std::optional<AtomicFile> picture;
  if (options.picture) {
    check_distinct_files({{"MODEL", opt.model}}, {{"-o", opt.output}});
    picture.emplace(opt.output);  // fails now for a missing directory; removed unless committed
  }
  ViewAnswer answer;
  try {
    answer = command.view(e, options, opt.args);
  } catch (const Error& error) {
    if (opt.json) {
      const auto* oov = dynamic_cast<const OutOfVocabulary*>(&error);
      fmt::print("{}\n", view_json(query, nullptr, error.what(), oov ? oov->words() : std::vector<std::string>{}, {}));
    }
    throw;
  }
  if (!answer.warning.empty()) fmt::print(stderr, "wv-query: warning: {}\n", printable(answer.warning));
  if (picture) {
    picture->write(answer.svg);
    picture->commit();
  } else if (opt.json) {
    fmt::print("{}\n", view_json(query, &answer, "", {}, {}));
  } else {
    fmt::print("{}", answer.text);
  }
  return kExitOk;
}

// The view command a batch or prompt line starts with, or nullptr.
const Command* view_command_of(const std::vector<std::string>& words) {
  const Command* command = words.empty() ? nullptr : find_command(words[0]);
  return command && command->kind == Command::Kind::View ? command : nullptr;
}

// Answers a batch line of a view command: its record (TSV or JSON); counts a failure.
std::string view_record(const Embeddings& e, const Options& opt, const Command& command, const std::string& line,
                        const std::vector<std::string>& words, std::size_t line_number, bool& failed) {
  std::string query = query_text(words);
  try {
    std::vector<std::string> args = split_arguments(line);
    args.erase(args.begin());
    query = command_text(command.names[0], args);
    if (!command.takes(args.size())) throw Error(command.arity_message(args.size()));
    const ViewAnswer answer = command.view(e, view_options(opt), args);
    if (!answer.warning.empty())
      fmt::print(stderr, "wv-query: warning: line {}: {}\n", line_number, printable(answer.warning));
    failed = false;
    return opt.json ? view_json(query, &answer, "", {}, line_number)
                    : fmt::format("{}\t{}\tok{}", line_number, query, answer.tsv);
  } catch (const Error& error) {
    failed = true;
    const auto* oov = dynamic_cast<const OutOfVocabulary*>(&error);
    return opt.json ? view_json(query, nullptr, error.what(), oov ? oov->words() : std::vector<std::string>{}, line_number)
                    : fmt::format("{}\t{}\terror\t{}", line_number, query, error.what());
  }
}

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
  // The block's queries are answered together; a view command's line is
  // answered alone, after the queries before it.
  const auto answer_block = [&] {
    const std::vector<Answer> answers = answer_queries(e, block, search_options);
    for (std::size_t i = 0; i < answers.size(); ++i) {
      failed += answers[i].error.empty() ? 0 : 1;
      fmt::print("{}\n", opt.json ? answer_json(e, answers[i], block_lines[i]) : answer_tsv(e, answers[i], block_lines[i]));
    }
    answered += answers.size();
    block.clear();
    block_lines.clear();
  };
  while (true) {
    const bool got_line = reader.next(line);
    if (got_line) {
      ++line_number;
      std::vector<std::string> words = split_words(line);
      if (const Command* view = view_command_of(words)) {
        answer_block();
        bool line_failed = false;
        fmt::print("{}\n", view_record(e, opt, *view, line, words, line_number, line_failed));
        std::fflush(stdout);
        failed += line_failed;
        ++answered;
        continue;
      }
      if (!words.empty() && words[0][0] != '#') {
        block.push_back(std::move(words));
        block_lines.push_back(line_number);
      }
    }
    if (block.empty() || (got_line && block.size() < kMaxBlock && reader.ready())) {
      if (!got_line) break;
      continue;
    }
    answer_block();
    std::fflush(stdout);
    if (!got_line) break;
  }
  if (failed) throw Error(fmt::format("{} of {} queries failed", failed, answered));
  return kExitOk;
}

int run_interactive(const Embeddings& e, const Options& opt, const SearchOptions& search_options) {
  fmt::print("{} words of dimension {}. Enter a word, an expression (king - man + woman),\n"
             "neighbours/analogy/similarity with their words, or map/axis/attend/sense;\n"
             "EXIT or Ctrl-D to quit.\n",
             e.size(), e.dim());
  std::string line;
  while (true) {
    fmt::print("query> ");
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    const std::vector<std::string> words = split_words(line);
    if (words.empty()) continue;
    if (words.size() == 1 && words[0] == "EXIT") break;
    if (const Command* view = view_command_of(words)) {
      try {
        std::vector<std::string> args = split_arguments(line);
        args.erase(args.begin());
        if (!view->takes(args.size())) throw Error(view->arity_message(args.size()));
        const ViewAnswer answer = view->view(e, view_options(opt), args);
        if (!answer.warning.empty()) fmt::print("warning: {}\n", printable(answer.warning));
        print(answer.text);
      } catch (const Error& error) {
        fmt::print("error: {}\n", printable(error.what()));
      }
      continue;
    }
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
  load.oov = !opt.no_oov;
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
    check_view_flags(find_command("batch"), opt);
    if (::isatty(STDIN_FILENO)) return run_interactive(e, opt, search_options);
    return run_batch(e, opt, search_options, STDIN_FILENO);
  }
  const Command* command = find_command(opt.command);
  check_view_flags(command && !command->is_query() ? command : nullptr, opt);
  if (!command || command->is_query()) return run_one_query(e, opt, search_options);
  if (!command->takes(opt.args.size())) throw UsageError(command->arity_message(opt.args.size()));
  if (command->kind == Command::Kind::View) return run_view(e, opt, *command);
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
  app.add_option("--format", opt.format, "model file format (default auto)")->check(CLI::IsMember({"auto", "wv", "w2v-bin", "w2v-text", "ft-bin"}));
  app.add_flag("--no-verify", opt.no_verify, "skip the wordvec model checksum");
  app.add_flag("--no-oov", opt.no_oov, "subword models: no vectors from n-grams for words outside the vocabulary");
  app.add_flag("--case-sensitive", opt.case_sensitive, "evaluations: match words exactly (default: ignore ASCII case)");
  app.add_option("--threads", opt.threads, "threads (default: all cores)")->check(whole_number(1, kMaxThreads));
  // The view commands' flags; run() checks that the command takes those given.
  CLI::Option* view_flags[] = {
      app.add_option("-o,--output", opt.output, "map, axis, attend: write the picture to this SVG file"),
      app.add_option("--x", opt.x_axis, "map: the x axis, \"NEG... : POS...\" pole words (with --y)"),
      app.add_option("--y", opt.y_axis, "map: the y axis, \"NEG... : POS...\" pole words (with --x)"),
      app.add_option("--group", opt.groups, "map: \"NAME: WORD...\", a group of words drawn alike (repeatable)")
          ->allow_extra_args(false),
      app.add_option("--temperature", opt.temperature,
                     fmt::format("attend, sense: softmax temperature T (default {})", kDefaultTemperature))
          ->check(finite_number()),
      app.add_option("--in", opt.sentences, "sense: a sentence the word is read in (repeatable: side by side)")
          ->allow_extra_args(false),
  };
  app.callback([&] {
    for (CLI::Option* flag : view_flags)
      if (flag->count() > 0) opt.view_flags.push_back(flag->get_name() == "--output" ? "-o" : flag->get_name());
    if (view_flags[0]->count() > 0 && opt.output.empty())  // -o
      throw CLI::ValidationError("-o", "needs a file name");
    if (!(opt.temperature > 0))
      throw CLI::ValidationError("--temperature", fmt::format("must be a positive number, got {}", opt.temperature));
  });
  return app_main(app, argc, argv, {"wv-query", true, ""}, [&] { return run(opt); });
}

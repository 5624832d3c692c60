// wv-query: nearest neighbours, analogies, similarities and the standard
// evaluations on word vectors (wordvec models, word2vec binary or text files,
// fastText .vec files). Usage in docs/wv-query.md.
#include <poll.h>
#include <unistd.h>

#include <omp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "query/embeddings.h"
#include "base/error.h"
#include "base/text.h"
#include "query/evaluation.h"
#include "query/query_expression.h"
#include "query/search.h"

namespace {

using namespace wordvec;
// ordered: keys print in the order written (query before its answer)
using json = nlohmann::ordered_json;

// Exit statuses: 0 all answered; 1 an error (a model or file that cannot be
// read, an unknown word, or any failed line of a batch); 2 a usage error.
constexpr int kExitFailure = 1, kExitUsage = 2;

const char* const kCommandsHelp = R"(Commands:
  neighbours WORD...       the k words nearest to the words (to their mean)
  analogy A B C            A is to B as C is to ?  (B - A + C)
  similarity W1 W2         cosine similarity of two words
  EXPRESSION | WORD        e.g. "king - man + woman" (spaces around + and -),
                           or one word: its neighbours
  batch [FILE]             one query per line (any of the above) from FILE
                           or stdin; TSV out, or JSON lines with --json
  eval-analogy FILE        accuracy on analogy questions (questions-words.txt
                           format), counted as word2vec's compute-accuracy
  eval-similarity FILE...  Spearman correlation with word-pair scores
  info                     vocabulary size, dimension, format, settings
With no COMMAND: an interactive prompt when stdin is a terminal, otherwise
batch from stdin. Exit status: 0 ok, 1 error (any failed batch line
included), 2 usage error.)";

struct Options {
  std::string model, command;
  std::vector<std::string> args;
  std::size_t k = 10, restrict_to = 0;
  std::string method = "add", format = "auto";
  bool json = false, no_verify = false, case_sensitive = false;
  int threads = 0;
};

class UsageError : public Error {
 public:
  using Error::Error;
};

// The shortest decimal that reads back as the same float, so JSON shows
// 0.71182364 rather than the double 0.7118236422538757.
double json_score(float score) { return std::stod(fmt::format("{}", score)); }

std::optional<double> rounded(std::optional<double> x, int digits) {
  if (!x) return std::nullopt;
  return std::stod(fmt::format("{:.{}f}", *x, digits));
}

json optional_json(std::optional<double> x) { return x ? json(*x) : json(nullptr); }

// ---- Queries ----

struct Answer {
  QueryRequest request;
  std::vector<Neighbour> neighbours;
  float similarity = 0;
  std::string error;
  std::vector<std::string> oov;
};

std::vector<std::string> split_words(std::string_view line) {
  const std::vector<std::string_view> views = wordvec::split_words(line);
  return {views.begin(), views.end()};
}

// Answers a block of queries with one search for all of them; a query that
// fails carries its error and the others go on.
std::vector<Answer> answer_queries(const Embeddings& e, const std::vector<std::vector<std::string>>& queries,
                                   const SearchOptions& options) {
  std::vector<Answer> answers(queries.size());
  std::vector<Query> to_search;
  std::vector<std::size_t> searched;  // answers index of each to_search entry
  for (std::size_t i = 0; i < queries.size(); ++i) {
    Answer& a = answers[i];
    for (const std::string& w : queries[i]) a.request.text += (a.request.text.empty() ? "" : " ") + w;
    try {
      a.request = parse_query_request(queries[i]);
      const Query query = resolve_query(e, a.request);
      if (a.request.kind == QueryRequest::Kind::Similarity) {
        a.similarity = cosine_similarity(e, query.positive[0], query.positive[1]);
      } else {
        check_query(e, query, options.method);
        to_search.push_back(query);
        searched.push_back(i);
      }
    } catch (const OutOfVocabulary& oov) {
      a.error = oov.what();
      a.oov = oov.words();
    } catch (const Error& error) {
      a.error = error.what();
    }
  }
  std::vector<std::vector<Neighbour>> found = search(e, to_search, options);
  for (std::size_t i = 0; i < found.size(); ++i) answers[searched[i]].neighbours = std::move(found[i]);
  return answers;
}

json answer_json(const Embeddings& e, const Answer& a, std::optional<std::size_t> line) {
  json j = json::object();
  if (line) j["line"] = *line;
  j["query"] = a.request.text;
  if (!a.error.empty()) {
    j["error"] = a.error;
    if (!a.oov.empty()) j["oov"] = a.oov;
  } else if (a.request.kind == QueryRequest::Kind::Similarity) {
    j["similarity"] = json_score(a.similarity);
  } else {
    j["neighbours"] = json::array();
    for (const Neighbour& n : a.neighbours) j["neighbours"].push_back({{"word", e.word(n.id)}, {"score", json_score(n.score)}});
  }
  return j;
}

// LINE, QUERY, "ok" or "error", then the answer: word and score pairs, one
// similarity, or the error message.
std::string answer_tsv(const Embeddings& e, const Answer& a, std::size_t line) {
  std::string row = fmt::format("{}\t{}\t", line, a.request.text);
  if (!a.error.empty()) return row + "error\t" + a.error;
  row += "ok";
  if (a.request.kind == QueryRequest::Kind::Similarity) return row + fmt::format("\t{}", a.similarity);
  for (const Neighbour& n : a.neighbours) row += fmt::format("\t{}\t{}", e.word(n.id), n.score);
  return row;
}

void print_answer_table(const Embeddings& e, const Answer& a) {
  if (a.request.kind == QueryRequest::Kind::Similarity) {
    fmt::print("cosine({}, {}) = {:.6f}\n", a.request.positive[0], a.request.positive[1], a.similarity);
    return;
  }
  std::size_t width = 12;
  for (const Neighbour& n : a.neighbours) width = std::max(width, e.word(n.id).size());
  for (std::size_t r = 0; r < a.neighbours.size(); ++r)
    fmt::print("{:>4}  {:<{}}  {:.4f}\n", r + 1, e.word(a.neighbours[r].id), width, a.neighbours[r].score);
}

int run_one_query(const Embeddings& e, const Options& opt, const SearchOptions& search_options) {
  std::vector<std::string> words{opt.command};
  words.insert(words.end(), opt.args.begin(), opt.args.end());
  const Answer a = answer_queries(e, {words}, search_options)[0];
  if (!a.error.empty()) {
    if (opt.json) fmt::print("{}\n", answer_json(e, a, std::nullopt).dump());
    throw Error(a.error);
  }
  if (opt.json) fmt::print("{}\n", answer_json(e, a, std::nullopt).dump());
  else print_answer_table(e, a);
  return 0;
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
      const std::string out = opt.json ? answer_json(e, answers[i], block_lines[i]).dump() : answer_tsv(e, answers[i], block_lines[i]);
      fmt::print("{}\n", out);
    }
    std::fflush(stdout);
    answered += answers.size();
    block.clear();
    block_lines.clear();
    if (!got_line) break;
  }
  if (failed) throw Error(fmt::format("{} of {} queries failed", failed, answered));
  return 0;
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
    if (!a.error.empty()) fmt::print("error: {}\n", a.error);
    else print_answer_table(e, a);
  }
  fmt::print("\n");
  return 0;
}

// ---- info and evaluations ----

int run_info(const Embeddings& e, const Options& opt) {
  json j = {{"file", opt.model},
            {"format", embedding_format_name(e.format())},
            {"words", e.size()},
            {"dim", e.dim()},
            {"counts", e.has_counts()},
            {"context_vectors", e.has_context_vectors()},
            {"checksum_verified", e.checksum_verified()},
            {"settings", json::parse(e.settings().dump())}};
  if (opt.json) {
    fmt::print("{}\n", j.dump());
    return 0;
  }
  fmt::print("file:            {}\n", opt.model);
  fmt::print("format:          {}{}\n", embedding_format_name(e.format()),
             e.format() == EmbeddingFormat::Wordvec ? (e.checksum_verified() ? " (checksum verified)" : " (checksum not verified)") : "");
  fmt::print("words:           {}\n", e.size());
  fmt::print("dimension:       {}\n", e.dim());
  if (e.has_counts()) fmt::print("counts:          {} (most frequent), {} (least)\n", e.count(0), e.count(e.size() - 1));
  if (e.format() == EmbeddingFormat::Wordvec) fmt::print("context vectors: {}\n", e.has_context_vectors() ? "saved" : "not saved");
  if (e.settings().empty()) fmt::print("training settings: none recorded\n");
  else {
    fmt::print("training settings:\n");
    for (const auto& [key, value] : e.settings().items()) fmt::print("  {}: {}\n", key, value.dump());
  }
  return 0;
}

json score_json(const AnalogyScore& s) {
  return {{"correct", s.correct}, {"seen", s.seen}, {"total", s.total}, {"accuracy", optional_json(rounded(s.accuracy(), 4))}};
}

std::string percent(std::optional<double> x) { return x ? fmt::format("{:.2f} %", *x) : "n/a"; }

int run_eval_analogy(const Embeddings& e, const Options& opt) {
  if (opt.args.size() != 1) throw UsageError("eval-analogy needs one questions file");
  AnalogyOptions options;
  options.restrict_to = opt.restrict_to;
  options.method = parse_analogy_method(opt.method);
  options.case_sensitive = opt.case_sensitive;
  const AnalogyResult r = evaluate_analogies(e, read_analogy_file(opt.args[0]), options);
  if (opt.json) {
    json j = score_json(r.overall);
    j["file"] = opt.args[0];
    j["method"] = opt.method;
    j["restrict"] = opt.restrict_to;
    j["semantic"] = score_json(r.semantic);
    j["syntactic"] = score_json(r.syntactic);
    j["sections"] = json::array();
    for (const AnalogyScore& s : r.sections) {
      json section = {{"name", s.name}};
      section.update(score_json(s));
      j["sections"].push_back(section);
    }
    fmt::print("{}\n", j.dump());
    return 0;
  }
  std::size_t width = 10;
  for (const AnalogyScore& s : r.sections) width = std::max(width, s.name.size() + 1);
  for (const AnalogyScore& s : r.sections)
    fmt::print("{:<{}} {:>8}  ({} / {}, {} questions)\n", s.name + ":", width, percent(s.accuracy()), s.correct, s.seen, s.total);
  for (const AnalogyScore* s : {&r.semantic, &r.syntactic, &r.overall})
    fmt::print("{:<{}} {:>8}  ({} / {})\n", s->name + ":", width, percent(s->accuracy()), s->correct, s->seen);
  fmt::print("Questions seen / total: {} / {}  ({})\n", r.overall.seen, r.overall.total,
             percent(r.overall.total ? std::optional<double>(100.0 * r.overall.seen / r.overall.total) : std::nullopt));
  return 0;
}

int run_eval_similarity(const Embeddings& e, const Options& opt) {
  if (opt.args.empty()) throw UsageError("eval-similarity needs at least one word-pair file");
  SimilarityOptions options;
  options.restrict_to = opt.restrict_to;
  options.case_sensitive = opt.case_sensitive;
  for (const std::string& file : opt.args) {
    const SimilarityResult r = evaluate_similarity(e, read_word_pairs(file), options);
    if (opt.json) {
      fmt::print("{}\n", json{{"file", file},
                              {"pairs", r.pairs},
                              {"used", r.used},
                              {"missing", r.pairs - r.used},
                              {"spearman", optional_json(r.spearman)},
                              {"pearson", optional_json(r.pearson)},
                              {"missing_words", r.missing_words}}
                             .dump());
      continue;
    }
    const auto number = [](std::optional<double> x) { return x ? fmt::format("{:.4f}", *x) : std::string("n/a"); };
    fmt::print("{}: Spearman {}, Pearson {}, {} of {} pairs used, {} missing\n", file, number(r.spearman),
               number(r.pearson), r.used, r.pairs, r.pairs - r.used);
  }
  return 0;
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

  if (opt.command.empty()) {
    if (::isatty(STDIN_FILENO)) return run_interactive(e, search_options);
    return run_batch(e, opt, search_options, STDIN_FILENO);
  }
  if (opt.command == "info") return run_info(e, opt);
  if (opt.command == "eval-analogy") return run_eval_analogy(e, opt);
  if (opt.command == "eval-similarity") return run_eval_similarity(e, opt);
  if (opt.command == "batch") {
    if (opt.args.size() > 1) throw UsageError("batch reads one file (or - for stdin)");
    if (opt.args.empty() || opt.args[0] == "-") return run_batch(e, opt, search_options, STDIN_FILENO);
    const int fd = ::open(opt.args[0].c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("cannot open '{}': {}", opt.args[0], std::strerror(errno)));
    const int status = run_batch(e, opt, search_options, fd);
    ::close(fd);
    return status;
  }
  return run_one_query(e, opt, search_options);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"", "wv-query"};
  app.description("Nearest neighbours, analogies and evaluations on word vectors.");
  app.footer(kCommandsHelp);
  Options opt;
  app.add_option("model", opt.model, "wordvec model, word2vec .bin/.txt or fastText .vec file")->required();
  app.add_option("command", opt.command, "command, expression or word (see below)");
  app.add_option("args", opt.args, "the command's arguments");
  app.add_option("-k", opt.k, "answers per query (default 10)")->check(CLI::PositiveNumber);
  app.add_option("--method", opt.method, "add (3CosAdd) or mul (3CosMul) (default add)")->check(CLI::IsMember({"add", "mul"}));
  app.add_option("--restrict", opt.restrict_to,
                 "search only the N most frequent words; in evaluations, also count only them as known (0: all)");
  app.add_flag("--json", opt.json, "one JSON object per line");
  app.add_option("--format", opt.format, "model file format (default auto)")->check(CLI::IsMember({"auto", "wv", "w2v-bin", "w2v-text"}));
  app.add_flag("--no-verify", opt.no_verify, "skip the wordvec model checksum");
  app.add_flag("--case-sensitive", opt.case_sensitive, "evaluations: match words exactly (default: ignore ASCII case)");
  app.add_option("--threads", opt.threads, "threads (default: all cores)")->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "wv-query: usage error: {}\nRun wv-query --help for usage.\n", e.what());
    return kExitUsage;
  }
  try {
    return run(opt);
  } catch (const UsageError& e) {
    fmt::print(stderr, "wv-query: usage error: {}\nRun wv-query --help for usage.\n", e.what());
    return kExitUsage;
  } catch (const Error& e) {
    fmt::print(stderr, "wv-query: error: {}\n", e.what());
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "wv-query: error: out of memory\n");
    return kExitFailure;
  }
}

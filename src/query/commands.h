#pragma once
// Owns: the table of wv-query's commands: their names, arguments and help, and how each is answered and printed.
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

class Embeddings;
struct AnswerFormat;
struct QueryRequest;
struct ReportOptions;
struct ViewAnswer;
struct ViewOptions;

// Takes one finished piece of output (whole lines) to print.
using Print = std::function<void(const std::string&)>;

// One entry of the table. Adding a command is adding an entry in
// commands.cpp (with its printing: an AnswerFormat for a query, text and
// JSON formatters for a report); parsing, dispatch and the help follow it.
struct Command {
  // What the command is, which decides how it is answered:
  //   Neighbours: a query answered with the nearest words (a block of
  //     queries shares one search: answer_queries in query/answer.h);
  //   Similarity: a query answered with the cosine of its two words;
  //   Report: answered by `report`, on the model or the files it names;
  //   Batch: queries one a line, answered by the front end, which reads them;
  //   View: a picture of the space (query/views.h), answered by `view` with
  //     text, TSV, JSON and SVG, on the command line and on batch lines.
  enum class Kind { Neighbours, Similarity, Report, Batch, View };
  using Report = std::function<void(const Embeddings&, const ReportOptions&, const std::vector<std::string>& args,
                                    const Print& print)>;
  using View = ViewAnswer (*)(const Embeddings&, const ViewOptions&, const std::vector<std::string>& args);
  static constexpr std::size_t kAnyCount = std::numeric_limits<std::size_t>::max();

  Kind kind;
  std::vector<std::string> names;  // the first is shown in the help; none: the expression form
  std::string usage;               // its arguments, as the help shows them
  std::string help;                // what it does, in lines separated by '\n'
  std::size_t min_args, max_args;  // how many arguments it takes
  std::string arity_error;         // the message when it gets another number; {} is that number

  // Queries: sets the request's words from the arguments (request.text is set).
  void (*request)(const std::vector<std::string>& args, QueryRequest& request) = nullptr;
  const AnswerFormat* answer_format = nullptr;
  // Reports: answers them, handing print each result as it is ready.
  Report report = nullptr;
  // Views: answers them.
  View view = nullptr;
  // The flags that only some commands take (-o, --x, --y, --group,
  // --temperature, --in) and this one does: giving another is a usage error.
  std::vector<std::string> flags = {};

  bool is_query() const { return kind == Kind::Neighbours || kind == Kind::Similarity; }
  bool takes(std::size_t n_args) const { return n_args >= min_args && n_args <= max_args; }
  std::string arity_message(std::size_t n_args) const;
};

// Every command, in the order the help lists them.
const std::vector<Command>& commands();

// The command called `name`, or nullptr.
const Command* find_command(std::string_view name);

// The query command called `name`, or the expression form: a query whose
// first word names no query command is an expression or a word.
const Command& find_query_command(std::string_view name);

// "Commands:" and a row for each command: its name and arguments, then what it does.
std::string commands_help();

}  // namespace wordvec

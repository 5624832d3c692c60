#include "query/commands.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/json.h"
#include "query/answer.h"
#include "query/query_expression.h"
#include "query/report.h"
#include "query/views.h"

namespace wordvec {

namespace {

using Args = std::vector<std::string>;
constexpr std::size_t kAny = Command::kAnyCount;

template <class Result>
using Answerer = Result (*)(const Embeddings&, const ReportOptions&, const std::string& file);
template <class Result>
using TextFormatter = std::string (*)(const Result&);
template <class Result>
using JsonFormatter = nlohmann::ordered_json (*)(const Result&);

template <class Result>
std::string printed(const Result& result, const ReportOptions& options, TextFormatter<Result> text,
                    JsonFormatter<Result> json) {
  return options.json ? dump_json(json(result)) + "\n" : text(result);
}

// A report on the model file itself.
template <class Result>
Command::Report on_model(Answerer<Result> answer, TextFormatter<Result> text, JsonFormatter<Result> json) {
  return [=](const Embeddings& e, const ReportOptions& options, const Args&, const Print& print) {
    print(printed(answer(e, options, options.model_path), options, text, json));
  };
}

// A report on each file the arguments name, printed before the next file is
// read, so an unreadable file fails after the results of those before it.
template <class Result>
Command::Report on_each_file(Answerer<Result> answer, TextFormatter<Result> text, JsonFormatter<Result> json) {
  return [=](const Embeddings& e, const ReportOptions& options, const Args& files, const Print& print) {
    for (const std::string& file : files) print(printed(answer(e, options, file), options, text, json));
  };
}

// The name and arguments, as the help's first column shows them.
std::string usage_line(const Command& c) {
  if (c.names.empty()) return c.usage;
  return c.usage.empty() ? c.names[0] : c.names[0] + " " + c.usage;
}

}  // namespace

const std::vector<Command>& commands() {
  using Kind = Command::Kind;
  static const std::vector<Command> table = {
      {Kind::Neighbours, {"neighbours", "neighbors"}, "WORD...", "the k words nearest to the words (to their mean)",
       1, kAny, "neighbours needs at least one word",
       [](const Args& words, QueryRequest& r) { r.positive = words; }, &kNeighboursFormat},
      {Kind::Neighbours, {"analogy"}, "A B C", "A is to B as C is to ?  (B - A + C)",
       3, 3, "analogy needs 3 words (A B C: A is to B as C is to ?), got {}",
       [](const Args& abc, QueryRequest& r) {
         r.positive = {abc[1], abc[2]};
         r.negative = {abc[0]};
       },
       &kNeighboursFormat},
      {Kind::Similarity, {"similarity"}, "W1 W2", "cosine similarity of two words",
       2, 2, "similarity needs 2 words, got {}",
       [](const Args& words, QueryRequest& r) { r.positive = words; }, &kSimilarityFormat},
      // The fallback: any other first word starts an expression.
      {Kind::Neighbours, {}, "EXPRESSION | WORD",
       "e.g. \"king - man + woman\" (spaces around + and -),\nor one word: its neighbours",
       1, kAny, "empty query",
       [](const Args&, QueryRequest& r) {
         QueryExpression expression = parse_query_expression(r.text);
         r.positive = std::move(expression.positive);
         r.negative = std::move(expression.negative);
       },
       &kNeighboursFormat},
      {Kind::View, {"map"}, "WORDS... [-o FILE.svg]",
       "the words on a plane: PCA of their vectors, or --x and\n--y semantic axes (\"small : large\"); --group \"NAME:\n"
       "WORDS...\" colours them; coordinates, or a picture with -o",
       0, kAny, "", nullptr, nullptr, nullptr, map_view, {"-o", "--x", "--y", "--group"}},
      {Kind::View, {"axis"}, "\"NEG... : POS...\" [WORDS...]",
       "a semantic axis from pole words: the words ranked\nalong it, or the vocabulary's k extremes; -o draws them",
       1, kAny, "axis needs its poles: axis \"NEG... : POS...\" [WORDS...]", nullptr, nullptr, nullptr, axis_view, {"-o"}},
      {Kind::View, {"attend"}, "SENTENCE",
       "each word's attention over the others (input against\ncontext vectors, --temperature); a heatmap with -o",
       1, kAny, "attend needs a sentence", nullptr, nullptr, nullptr, attend_view, {"-o", "--temperature"}},
      {Kind::View, {"sense"}, "WORD [SENTENCE]",
       "the word's vector re-weighted by its attention over a\nsentence (or --in \"SENTENCE\", twice to compare), and\n"
       "its neighbours",
       1, kAny, "sense needs a word and a sentence", nullptr, nullptr, nullptr, sense_view, {"--in", "--temperature"}},
      {Kind::Batch, {"batch"}, "[FILE]",
       "one query per line (any of the above) from FILE\nor stdin; TSV out, or JSON lines with --json",
       0, 1, "batch reads one file (or - for stdin)", nullptr, nullptr, nullptr, nullptr,
       {"--x", "--y", "--group", "--temperature"}},
      {Kind::Report, {"eval-analogy"}, "FILE",
       "accuracy on analogy questions (questions-words.txt\nformat), counted as word2vec's compute-accuracy",
       1, 1, "eval-analogy needs one questions file", nullptr, nullptr,
       on_each_file(analogy_report, analogy_report_text, analogy_report_json)},
      {Kind::Report, {"eval-similarity"}, "FILE...", "Spearman correlation with word-pair scores",
       1, kAny, "eval-similarity needs at least one word-pair file", nullptr, nullptr,
       on_each_file(similarity_report, similarity_report_text, similarity_report_json)},
      // Takes no arguments; words after it are ignored, as they always were.
      {Kind::Report, {"info"}, "", "vocabulary size, dimension, format, settings",
       0, kAny, "", nullptr, nullptr,
       on_model(model_info, model_info_text, model_info_json)},
  };
  return table;
}

std::string Command::arity_message(std::size_t n_args) const { return fmt::format(fmt::runtime(arity_error), n_args); }

const Command* find_command(std::string_view name) {
  for (const Command& c : commands())
    if (std::find(c.names.begin(), c.names.end(), name) != c.names.end()) return &c;
  return nullptr;
}

const Command& find_query_command(std::string_view name) {
  const Command* named = find_command(name);
  if (named && named->is_query()) return *named;
  // The table's one entry without a name.
  return *std::find_if(commands().begin(), commands().end(), [](const Command& c) { return c.names.empty(); });
}

std::string commands_help() {
  std::size_t width = 0;
  for (const Command& c : commands()) width = std::max(width, usage_line(c).size());
  std::string help = "Commands:";
  for (const Command& c : commands()) {
    std::string first_column = usage_line(c);  // beside the first line of what it does only
    for (std::size_t start = 0;;) {
      const std::size_t end = std::min(c.help.find('\n', start), c.help.size());
      help += fmt::format("\n  {:<{}}  {}", first_column, width, std::string_view(c.help).substr(start, end - start));
      first_column.clear();
      if (end == c.help.size()) break;
      start = end + 1;
    }
  }
  return help;
}

}  // namespace wordvec

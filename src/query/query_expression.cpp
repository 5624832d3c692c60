#include "query/query_expression.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

#include "query/commands.h"
#include "query/embeddings.h"
#include "query/search.h"

namespace wordvec {

QueryExpression parse_query_expression(std::string_view text) {
  QueryExpression expression;
  std::string previous_word;
  char pending_operator = 0;  // '+' or '-' waiting for its word
  for (const std::string_view token : split_words(text)) {
    if (token == "+" || token == "-") {
      if (pending_operator)
        throw Error(fmt::format("'{}' follows '{}' in \"{}\": expected a word between them", token, pending_operator, text));
      pending_operator = token[0];
      continue;
    }
    if (!previous_word.empty() && !pending_operator)
      throw Error(fmt::format("expected + or - between '{}' and '{}' in \"{}\" (for the neighbours of several words "
                              "use: neighbours WORD...)",
                              previous_word, token, text));
    (pending_operator == '-' ? expression.negative : expression.positive).emplace_back(token);
    previous_word = token;
    pending_operator = 0;
  }
  if (pending_operator) throw Error(fmt::format("'{}' at the end of \"{}\" needs a word after it", pending_operator, text));
  if (previous_word.empty()) throw Error("empty query");
  return expression;
}

}  // namespace wordvec

namespace wordvec {

namespace {

std::string oov_message(const std::vector<std::string>& words) {
  std::string names;
  bool spaced_operator_hint = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    names += fmt::format("{}'{}'", i == 0 ? "" : ", ", words[i]);
    spaced_operator_hint |= words[i].size() > 1 && words[i].find_first_of("+-") != std::string::npos;
  }
  return fmt::format("{} {}{} not in the vocabulary{}", words.size() == 1 ? "word" : "words", names,
                     words.size() == 1 ? " is" : " are",
                     spaced_operator_hint ? " (in an expression, put spaces around + and -)" : "");
}

}  // namespace

std::string query_text(const std::vector<std::string>& words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) text += (i > 0 ? " " : "") + words[i];
  return text;
}

QueryRequest parse_query_request(const std::vector<std::string>& words) {
  if (words.empty()) throw Error("empty query");
  QueryRequest request;
  request.text = query_text(words);
  const Command& command = find_query_command(words[0]);
  request.command = &command;
  // A command's words follow its name; an expression is all of the words.
  const std::vector<std::string> args(words.begin() + (command.names.empty() ? 0 : 1), words.end());
  if (!command.takes(args.size())) throw Error(command.arity_message(args.size()));
  command.request(args, request);
  return request;
}

OutOfVocabulary::OutOfVocabulary(std::vector<std::string> words) : Error(oov_message(words)), words_(std::move(words)) {}

Query resolve_query(const Embeddings& embeddings, const QueryRequest& request) {
  Query query;
  std::vector<std::string> missing;
  auto resolve = [&](const std::vector<std::string>& words, std::vector<WordId>& ids) {
    for (const std::string& word : words) {
      const WordId id = embeddings.lookup(word);
      if (id == kNoWord) {
        if (std::find(missing.begin(), missing.end(), word) == missing.end()) missing.push_back(word);
      } else {
        ids.push_back(id);
      }
    }
  };
  resolve(request.positive, query.positive);
  resolve(request.negative, query.negative);
  if (!missing.empty()) throw OutOfVocabulary(std::move(missing));
  return query;
}

}  // namespace wordvec

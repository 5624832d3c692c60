#include "query/query_expression.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

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

std::string join(const std::vector<std::string>& words, std::size_t from) {
  std::string text;
  for (std::size_t i = from; i < words.size(); ++i) text += (i > from ? " " : "") + words[i];
  return text;
}

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

QueryRequest parse_query_request(const std::vector<std::string>& words) {
  if (words.empty()) throw Error("empty query");
  QueryRequest request;
  request.text = join(words, 0);
  const std::string& command = words[0];
  const std::size_t n_args = words.size() - 1;
  if (command == "neighbours" || command == "neighbors") {
    if (n_args == 0) throw Error("neighbours needs at least one word");
    request.positive.assign(words.begin() + 1, words.end());
  } else if (command == "analogy") {
    if (n_args != 3) throw Error(fmt::format("analogy needs 3 words (A B C: A is to B as C is to ?), got {}", n_args));
    request.positive = {words[2], words[3]};
    request.negative = {words[1]};
  } else if (command == "similarity") {
    if (n_args != 2) throw Error(fmt::format("similarity needs 2 words, got {}", n_args));
    request.kind = QueryRequest::Kind::Similarity;
    request.positive = {words[1], words[2]};
  } else {
    QueryExpression expression = parse_query_expression(request.text);
    request.positive = std::move(expression.positive);
    request.negative = std::move(expression.negative);
  }
  return request;
}

OutOfVocabulary::OutOfVocabulary(std::vector<std::string> words) : Error(oov_message(words)), words_(std::move(words)) {}

Query resolve_query(const Embeddings& embeddings, const QueryRequest& request) {
  Query query;
  std::vector<std::string> missing;
  auto resolve = [&](const std::vector<std::string>& words, std::vector<WordId>& ids) {
    for (const std::string& word : words) {
      const WordId id = embeddings.find(word);
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

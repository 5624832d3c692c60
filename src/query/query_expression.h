#pragma once
// Owns: parsing a query (an expression, or a query command and its words) into a request, and resolving its words.
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace wordvec {

// A query in expression form: "king - man + woman" means the words near
// king + woman - man. Words and operators are separated by spaces ("-man"
// is a word, since real vocabularies hold words like "-lrb-" or "e-mail");
// a leading operator is allowed ("- man + woman").
struct QueryExpression {
  std::vector<std::string> positive, negative;
};

// Throws Error naming the problem: an empty query, an operator without a
// word after it, or two words with no operator between them.
QueryExpression parse_query_expression(std::string_view text);

class Embeddings;
struct Command;
struct Query;

// One query as the command line and batch lines write it, split into words:
// a query command and its words ("neighbours W...", "analogy A B C",
// "similarity W1 W2": the table in query/commands.cpp), or anything else as
// an expression ("king - man + woman", or a single word: its neighbours).
struct QueryRequest {
  const Command* command = nullptr;  // its entry in the table: how it is answered and printed
  std::string text;  // the query as written: query_text() of its words
  std::vector<std::string> positive, negative;  // Similarity: the two words in positive
};

// The query's words joined by single spaces.
std::string query_text(const std::vector<std::string>& words);

// Throws Error for a wrong number of words or a malformed expression.
QueryRequest parse_query_request(const std::vector<std::string>& words);

// A query naming words the model does not have; what() names them.
class OutOfVocabulary : public Error {
 public:
  explicit OutOfVocabulary(std::vector<std::string> words);
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
};

// The request's word ids (exact spelling; Embeddings::lookup, so in a
// subword model a word outside the vocabulary gets one from its n-grams);
// throws OutOfVocabulary.
Query resolve_query(const Embeddings& embeddings, const QueryRequest& request);

}  // namespace wordvec

#pragma once
// Owns: answering a block of queries with one search (Answer, answer_queries), and printing answers as JSON, TSV and text.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "query/embeddings.h"
#include "query/query_expression.h"
#include "query/search.h"

namespace wordvec {

struct Answer {
  QueryRequest request;               // only its text if the query did not parse
  std::vector<Neighbour> neighbours;  // Neighbours queries
  float similarity = 0;               // Similarity queries
  std::string error;                  // why there is no answer; empty if there is one
  std::vector<std::string> oov;       // the unknown words, when they are the error
  std::vector<std::string> subword_words;  // query words outside the vocabulary, built from their n-grams
};

// Answers a block of queries, each split into words, with one search for all
// of them; a query that fails carries its error and the others go on.
std::vector<Answer> answer_queries(const Embeddings& embeddings, const std::vector<std::vector<std::string>>& queries,
                                   const SearchOptions& options);

// How a query command's answer prints, after what all answers share; each
// query command's entry in query/commands.cpp names one.
struct AnswerFormat {
  std::string (*text)(const Embeddings&, const Answer&);  // whole lines, as the prompt shows them
  void (*json)(const Embeddings&, const Answer&, nlohmann::ordered_json& record);  // adds the answer's fields
  std::string (*tsv)(const Embeddings&, const Answer&);  // the fields after "ok", each after a tab
};
extern const AnswerFormat kNeighboursFormat;  // rank, word and score
extern const AnswerFormat kSimilarityFormat;  // one cosine

// The shortest decimal that reads back as the same float, so JSON shows
// 0.71182364 rather than the double 0.7118236422538757.
double json_score(float score);

// Ranked words with their scores, as every command prints them: a table
// ("   1  word   0.7118" lines), a JSON array of {"word", "score"}, and TSV
// fields (each word and score after a tab).
std::string neighbours_table(const Embeddings& embeddings, const std::vector<Neighbour>& neighbours);
nlohmann::ordered_json neighbours_json_array(const Embeddings& embeddings, const std::vector<Neighbour>& neighbours);
std::string neighbours_tsv_fields(const Embeddings& embeddings, const std::vector<Neighbour>& neighbours);

// The words of `ids` that were built from subwords (Embeddings::from_subwords),
// distinct, in order; and the line text output marks them with (empty for none).
std::vector<std::string> subword_words(const Embeddings& embeddings, const std::vector<WordId>& ids);
std::string subword_note(const std::vector<std::string>& words);

// One JSON object (no newline): "line" where given (batch records), "query",
// "subword_words" when some were built from n-grams, then the answer's
// fields, or "error" and, when the error is about unknown words, "oov".
std::string answer_json(const Embeddings& embeddings, const Answer& answer, std::optional<std::size_t> line = std::nullopt);

// One TSV record (no newline): LINE, QUERY, "ok" and the answer's fields, or
// "error" and the message.
std::string answer_tsv(const Embeddings& embeddings, const Answer& answer, std::size_t line);

// An answer without an error as text: a table of words, or a line; first a
// line naming the query words built from subwords, if any.
std::string answer_text(const Embeddings& embeddings, const Answer& answer);

}  // namespace wordvec

#include "query/answer.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "base/text.h"
#include "query/commands.h"

namespace wordvec {

namespace {

using json = nlohmann::ordered_json;

std::string neighbours_text(const Embeddings& e, const Answer& a) { return neighbours_table(e, a.neighbours); }

void neighbours_json(const Embeddings& e, const Answer& a, json& record) {
  record["neighbours"] = neighbours_json_array(e, a.neighbours);
}

std::string neighbours_tsv(const Embeddings& e, const Answer& a) { return neighbours_tsv_fields(e, a.neighbours); }

std::string similarity_text(const Embeddings&, const Answer& a) {
  return fmt::format("cosine({}, {}) = {:.6f}\n", printable(a.request.positive[0]), printable(a.request.positive[1]),
                     a.similarity);
}

void similarity_json(const Embeddings&, const Answer& a, json& record) { record["similarity"] = json_score(a.similarity); }

std::string similarity_tsv(const Embeddings&, const Answer& a) { return fmt::format("\t{}", a.similarity); }

}  // namespace

double json_score(float score) { return std::stod(fmt::format("{}", score)); }

std::string neighbours_table(const Embeddings& e, const std::vector<Neighbour>& neighbours) {
  std::size_t width = 12;
  std::vector<std::string> words;
  for (const Neighbour& n : neighbours) words.push_back(printable(e.word(n.id)));
  for (const std::string& word : words) width = std::max(width, utf8_length(word));
  // Scores of both signs (an axis) line up on the decimal point.
  const bool signs = std::any_of(neighbours.begin(), neighbours.end(), [](const Neighbour& n) { return n.score < 0; });
  std::string text;
  for (std::size_t r = 0; r < neighbours.size(); ++r)
    text += fmt::format("{:>4}  {}{:{}}  {:>{}.4f}\n", r + 1, words[r], "", width - utf8_length(words[r]), neighbours[r].score,
                        signs ? 7 : 6);
  return text;
}

nlohmann::ordered_json neighbours_json_array(const Embeddings& e, const std::vector<Neighbour>& neighbours) {
  json array = json::array();
  for (const Neighbour& n : neighbours) array.push_back({{"word", e.word(n.id)}, {"score", json_score(n.score)}});
  return array;
}

std::string neighbours_tsv_fields(const Embeddings& e, const std::vector<Neighbour>& neighbours) {
  std::string fields;
  for (const Neighbour& n : neighbours) fields += fmt::format("\t{}\t{}", e.word(n.id), n.score);
  return fields;
}

const AnswerFormat kNeighboursFormat = {neighbours_text, neighbours_json, neighbours_tsv};
const AnswerFormat kSimilarityFormat = {similarity_text, similarity_json, similarity_tsv};

std::vector<Answer> answer_queries(const Embeddings& e, const std::vector<std::vector<std::string>>& queries,
                                   const SearchOptions& options) {
  std::vector<Answer> answers(queries.size());
  std::vector<Query> to_search;
  std::vector<std::size_t> searched;  // answers index of each to_search entry
  for (std::size_t i = 0; i < queries.size(); ++i) {
    Answer& a = answers[i];
    a.request.text = query_text(queries[i]);  // what an error record shows if the query does not parse
    try {
      a.request = parse_query_request(queries[i]);
      const Query query = resolve_query(e, a.request);
      std::vector<WordId> ids = query.positive;
      ids.insert(ids.end(), query.negative.begin(), query.negative.end());
      a.subword_words = subword_words(e, ids);
      if (a.request.command->kind == Command::Kind::Similarity) {
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

std::vector<std::string> subword_words(const Embeddings& e, const std::vector<WordId>& ids) {
  std::vector<std::string> words;
  for (WordId id : ids)
    if (e.from_subwords(id) && std::find(words.begin(), words.end(), e.word(id)) == words.end()) words.emplace_back(e.word(id));
  return words;
}

std::string subword_note(const std::vector<std::string>& words) {
  std::string names;
  for (const std::string& word : words) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", printable(word));
  return names.empty() ? "" : fmt::format("(from subwords, not in the vocabulary: {})\n", names);
}

std::string answer_json(const Embeddings& e, const Answer& a, std::optional<std::size_t> line) {
  json record = json::object();
  if (line) record["line"] = *line;
  record["query"] = a.request.text;
  if (!a.subword_words.empty()) record["subword_words"] = a.subword_words;
  if (!a.error.empty()) {
    record["error"] = a.error;
    if (!a.oov.empty()) record["oov"] = a.oov;
  } else {
    a.request.command->answer_format->json(e, a, record);
  }
  return dump_json(record);
}

std::string answer_tsv(const Embeddings& e, const Answer& a, std::size_t line) {
  const std::string fields = fmt::format("{}\t{}\t", line, a.request.text);
  if (!a.error.empty()) return fields + "error\t" + a.error;
  return fields + "ok" + a.request.command->answer_format->tsv(e, a);
}

std::string answer_text(const Embeddings& e, const Answer& a) {
  return subword_note(a.subword_words) + a.request.command->answer_format->text(e, a);
}

}  // namespace wordvec

#include "query/semantic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/error.h"
#include "base/text.h"
#include "query/query_expression.h"

namespace wordvec {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

std::vector<double> unit_vector_double(const Embeddings& e, WordId id) {
  const std::vector<float> v = e.unit_vector(id);
  return {v.begin(), v.end()};
}

void check_temperature(double temperature) {
  if (!(temperature > 0) || !std::isfinite(temperature))
    throw Error(fmt::format("the temperature must be a positive number, got {}", temperature));
}

// Softmax over j of (q . k_j) / T for the known words j of `ids` other than
// position `self`; NaN elsewhere. Throws Error if there is no such j.
std::vector<double> attention_row(const Embeddings& e, WordId query, const std::vector<WordId>& ids, std::size_t self,
                                  double temperature) {
  const std::size_t dim = e.dim();
  const float* q = e.input_row(query);
  std::vector<double> row(ids.size(), kNone);
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < ids.size(); ++j) {
    if (j == self || ids[j] == kNoWord) continue;
    const float* k = e.context_row(ids[j]);
    double s = 0;
    for (std::size_t d = 0; d < dim; ++d) s += static_cast<double>(q[d]) * k[d];
    row[j] = s / temperature;
    top = std::max(top, row[j]);
  }
  if (top == -std::numeric_limits<double>::infinity()) throw Error("no other word of the sentence is in the vocabulary");
  double sum = 0;
  for (double& x : row)
    if (!std::isnan(x)) sum += (x = std::exp(x - top));
  for (double& x : row)
    if (!std::isnan(x)) x /= sum;
  return row;
}

std::vector<WordId> sentence_ids(const Embeddings& e, const std::vector<std::string>& words) {
  std::vector<WordId> ids;
  for (const std::string& w : words) ids.push_back(e.find(w));
  return ids;
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  const std::vector<std::string_view> views = split_words(text);
  return {views.begin(), views.end()};
}

std::vector<WordId> known_words(const Embeddings& e, const std::vector<std::string>& words, std::vector<std::string>& unknown) {
  std::vector<WordId> ids;
  for (const std::string& w : words) {
    const WordId id = e.lookup(w);
    if (id == kNoWord) {
      if (std::find(unknown.begin(), unknown.end(), w) == unknown.end()) unknown.push_back(w);
    } else if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(id);
    }
  }
  return ids;
}

WordGroup parse_word_group(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    throw Error(fmt::format("a group is 'NAME: WORD...', got '{}' (no ':')", text));
  WordGroup group;
  const std::vector<std::string> name = words_of(text.substr(0, colon));
  for (std::size_t i = 0; i < name.size(); ++i) group.name += (i ? " " : "") + name[i];
  group.words = words_of(text.substr(colon + 1));
  if (group.name.empty()) throw Error(fmt::format("the group '{}' has no name before its ':'", text));
  if (group.words.empty()) throw Error(fmt::format("the group '{}' has no words after its ':'", group.name));
  return group;
}

AxisPoles parse_axis_poles(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    throw Error(fmt::format("an axis is 'NEGATIVE... : POSITIVE...' with one ':', got '{}'", text));
  AxisPoles poles{words_of(text.substr(0, colon)), words_of(text.substr(colon + 1))};
  if (poles.negative.empty() || poles.positive.empty())
    throw Error(fmt::format("the axis '{}' needs pole words on both sides of its ':'", text));
  return poles;
}

std::string axis_text(const AxisPoles& poles) { return query_text(poles.negative) + " : " + query_text(poles.positive); }

SemanticAxis semantic_axis(const Embeddings& e, const AxisPoles& poles) {
  SemanticAxis axis;
  axis.poles = poles;
  std::vector<std::string> unknown;
  for (const auto* side : {&poles.negative, &poles.positive})
    for (const std::string& w : *side) {
      const WordId id = e.lookup(w);
      if (id == kNoWord) {
        if (std::find(unknown.begin(), unknown.end(), w) == unknown.end()) unknown.push_back(w);
      } else {
        (side == &poles.negative ? axis.negative : axis.positive).push_back(id);
      }
    }
  if (!unknown.empty()) throw OutOfVocabulary(unknown);
  axis.direction.assign(e.dim(), 0.0);
  for (const auto* ids : {&axis.negative, &axis.positive}) {
    const double weight = (ids == &axis.negative ? -1.0 : 1.0) / static_cast<double>(ids->size());
    for (WordId id : *ids) {
      const std::vector<float> u = e.unit_vector(id);
      for (std::size_t d = 0; d < u.size(); ++d) axis.direction[d] += weight * u[d];
    }
  }
  double length = 0;
  for (double x : axis.direction) length += x * x;
  length = std::sqrt(length);
  if (!(length > 1e-9))
    throw Error(fmt::format("the axis '{}' is zero: its two poles have the same mean vector", axis_text(poles)));
  for (double& x : axis.direction) x /= length;
  return axis;
}

double axis_score(const Embeddings& e, const SemanticAxis& axis, WordId word) {
  const std::vector<float> u = e.unit_vector(word);
  double s = 0;
  for (std::size_t d = 0; d < u.size(); ++d) s += axis.direction[d] * u[d];
  return s;  // a cosine: u and the direction have unit length (u is 0 for a zero vector)
}

PrincipalCoordinates word_pca(const Embeddings& e, const std::vector<WordId>& words) {
  std::vector<std::vector<double>> rows;
  rows.reserve(words.size());
  for (WordId id : words) rows.push_back(unit_vector_double(e, id));
  return principal_coordinates(rows, 2);
}

void require_context_vectors(const Embeddings& e, const std::string& model_path, std::string_view command) {
  if (e.has_context_vectors()) return;
  if (e.format() == EmbeddingFormat::Wordvec)
    throw Error(fmt::format("'{}' was saved without context vectors (wv-train --no-context), and {} needs them: train it "
                            "again without --no-context",
                            model_path, command));
  throw Error(fmt::format("'{}' is a {} file, which holds no context vectors, and {} needs them: train a model "
                          "with wv-train (it keeps them unless --no-context)",
                          model_path, e.format() == EmbeddingFormat::FastTextBinary ? "fastText" : "word2vec", command));
}

int Attention::strongest(std::size_t i) const {
  int best = -1;
  for (std::size_t j = 0; j < weights[i].size(); ++j)
    if (!std::isnan(weights[i][j]) && (best < 0 || weights[i][j] > weights[i][static_cast<std::size_t>(best)]))
      best = static_cast<int>(j);
  return best;
}

Attention attention(const Embeddings& e, const std::vector<std::string>& words, double temperature) {
  check_temperature(temperature);
  if (!e.has_context_vectors()) throw Error("attention needs context vectors");
  Attention a;
  a.words = words;
  a.ids = sentence_ids(e, words);
  a.temperature = temperature;
  const auto known = static_cast<std::size_t>(std::count_if(a.ids.begin(), a.ids.end(), [](WordId id) { return id != kNoWord; }));
  if (known < 2)
    throw Error(fmt::format("attention needs a sentence of at least 2 words in the vocabulary, got {} of {} words", known,
                            words.size()));
  for (std::size_t i = 0; i < words.size(); ++i)
    a.weights.push_back(a.ids[i] == kNoWord ? std::vector<double>(words.size(), kNone)
                                            : attention_row(e, a.ids[i], a.ids, i, temperature));
  return a;
}

Sense sense(const Embeddings& e, WordId word, const std::vector<std::string>& sentence, double temperature) {
  check_temperature(temperature);
  if (!e.has_context_vectors()) throw Error("sense needs context vectors");
  Sense s;
  s.word = word;
  s.words = sentence;
  s.ids = sentence_ids(e, sentence);
  const std::size_t self = static_cast<std::size_t>(std::find(s.ids.begin(), s.ids.end(), word) - s.ids.begin());
  try {
    s.weights = attention_row(e, word, s.ids, self, temperature);
  } catch (const Error&) {
    throw Error(fmt::format("the sentence '{}' has no word in the vocabulary besides '{}'", query_text(sentence), e.word(word)));
  }
  std::vector<double> v = unit_vector_double(e, word);
  for (std::size_t j = 0; j < s.ids.size(); ++j) {
    if (std::isnan(s.weights[j])) continue;
    const std::vector<float> u = e.unit_vector(s.ids[j]);
    for (std::size_t d = 0; d < v.size(); ++d) v[d] += s.weights[j] * u[d];
  }
  s.vector.assign(v.begin(), v.end());
  return s;
}

}  // namespace wordvec

#pragma once
// Owns: the numbers behind the pictures: word groups, semantic axes (SemAxis), PCA of words, attention over a sentence, a word's sense in a sentence.
#include <string>
#include <string_view>
#include <vector>

#include "base/pca.h"
#include "base/word_id.h"
#include "query/embeddings.h"

namespace wordvec {

// The words of a text, split at whitespace (a sentence, a list of words).
std::vector<std::string> words_of(std::string_view text);

// The ids of `words` that are in the vocabulary, each once, in order; the
// others, each once, go to `unknown`.
std::vector<WordId> known_words(const Embeddings& embeddings, const std::vector<std::string>& words,
                                std::vector<std::string>& unknown);

// "animals: cat dog shark": a name, a colon, and the group's words.
struct WordGroup {
  std::string name;
  std::vector<std::string> words;
};
WordGroup parse_word_group(std::string_view text);  // throws Error without a name or words

// The pole words of a semantic axis, "NEG... : POS..." ("small tiny :
// large big"; "small:large" works too). Throws Error unless there is
// exactly one ':' with a word on each side.
struct AxisPoles {
  std::vector<std::string> negative, positive;
};
AxisPoles parse_axis_poles(std::string_view text);
std::string axis_text(const AxisPoles& poles);  // "small tiny : large big"

// A semantic axis (SemAxis, An et al. 2018; semantic projection, Grand et
// al. 2022): the mean of the positive poles' unit vectors minus the mean of
// the negative poles'. A word's score is its cosine with the axis:
// positive towards the positive pole.
struct SemanticAxis {
  AxisPoles poles;
  std::vector<WordId> negative, positive;
  std::vector<double> direction;  // unit length
};
// Throws OutOfVocabulary naming every unknown pole word, Error if the axis
// is zero (the same words on both sides).
SemanticAxis semantic_axis(const Embeddings& embeddings, const AxisPoles& poles);
double axis_score(const Embeddings& embeddings, const SemanticAxis& axis, WordId word);

// The words' coordinates on the first two principal axes of their unit
// vectors (centred), in double precision; see principal_coordinates().
PrincipalCoordinates word_pca(const Embeddings& embeddings, const std::vector<WordId>& words);

// The softmax temperature attend and sense use unless told otherwise.
// With T = 1 a weight is proportional to exp(q_i . k_j), and skip-gram
// with k negative samples fits q_i . k_j ~ PMI(i, j) - log k (Levy &
// Goldberg 2014): the weights are then each word's share of how much more
// often than chance it occurs near word i. See README "Seeing the space".
inline constexpr double kDefaultTemperature = 1.0;

// Throws Error, naming the file and how to get a model that has them,
// unless the embeddings hold context vectors; `command` names who needs them.
void require_context_vectors(const Embeddings& embeddings, const std::string& model_path, std::string_view command);

// Attention over a sentence: for each word i and every other word j of the
// sentence, a_ij = softmax over j of (q_i . k_j) / T, with q the input
// vectors and k the context vectors, as trained (not normalised); computed
// in double. Words not in the vocabulary stay in `words` but take no part:
// their rows and columns are NaN, as is the diagonal.
struct Attention {
  std::vector<std::string> words;
  std::vector<WordId> ids;  // kNoWord where not in the vocabulary
  double temperature;
  std::vector<std::vector<double>> weights;  // [i][j]
  // The j of row i's largest weight; -1 for a row without weights.
  int strongest(std::size_t i) const;
};
// Throws Error without context vectors, with fewer than two known words,
// or for a temperature that is not a positive finite number.
Attention attention(const Embeddings& embeddings, const std::vector<std::string>& words, double temperature);

// A word's sense in a sentence: its unit input vector plus the unit input
// vectors of the sentence's other words weighted by its attention over
// them (v' = u_i + sum_j a_ij u_j; unit vectors rather than raw ones, so
// that a frequent word's longer or shorter vector does not outweigh the
// rest). When the word occurs in the sentence, i is its first occurrence
// and the weights are that row of attention(); otherwise the word attends
// over every known word of the sentence.
struct Sense {
  WordId word;
  std::vector<std::string> words;  // the sentence
  std::vector<WordId> ids;         // kNoWord where not in the vocabulary
  std::vector<double> weights;     // a_ij for each word j of the sentence (NaN: the word itself, unknown words)
  std::vector<float> vector;       // v'
};
// Throws Error without context vectors, without another known word in the
// sentence, or for a bad temperature.
Sense sense(const Embeddings& embeddings, WordId word, const std::vector<std::string>& sentence, double temperature);

}  // namespace wordvec

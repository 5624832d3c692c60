#pragma once
// Owns: the standard evaluations: Google analogies as compute-accuracy scores them, word-pair similarity correlations.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "query/embeddings.h"
#include "query/search.h"

namespace wordvec {

// ---- Word analogies (Google's questions-words.txt format) ----

struct AnalogyQuestion {
  std::string a, b, c, d;  // a is to b as c is to d
};

struct AnalogySection {
  std::string name;
  bool has_header = true;  // false for questions before the first ": name" line
  std::vector<AnalogyQuestion> questions;
};

// Reads ": section" header lines and "a b c d" question lines (blank lines
// skipped, CRLF tolerated); throws Error naming the line of anything else.
std::vector<AnalogySection> read_analogy_file(const std::string& path);

struct AnalogyOptions {
  std::size_t restrict_to = 0;  // only the first N words count as known, as answers and as question words
  AnalogyMethod method = AnalogyMethod::Add;
  bool case_sensitive = false;
};

struct AnalogyScore {
  std::string name;
  std::size_t correct = 0, seen = 0, total = 0;  // seen: all four words known
  std::optional<double> accuracy() const;         // percent of seen; none if nothing was seen
};

struct AnalogyResult {
  std::vector<AnalogyScore> sections;
  AnalogyScore semantic{"semantic"}, syntactic{"syntactic"}, overall{"total"};
  std::optional<std::size_t> subword_questions;  // subword models: seen questions with a, b or c built from n-grams
};

// Scores every question as word2vec's compute-accuracy does, and with Add
// gets the same answer to every question (see evaluation.cpp): a question is
// seen when its four words are among the known words (case-folded unless
// case_sensitive, the first spelling in the file winning); the answer is the
// best-scoring known word other than a, b and c; it is correct when it is d
// (ignoring case unless case_sensitive). Questions before the sixth section
// header are semantic, the rest syntactic, as word2vec counts them. In a
// subword model a, b and c may be built from their n-grams; d must be in the
// vocabulary, the only words an answer can be.
AnalogyResult evaluate_analogies(const Embeddings& embeddings, const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& options);

// ---- Word similarity (WordSim-353, MEN, SimLex: "w1 w2 score" lines) ----

struct WordPair {
  std::string first, second;
  double score;
};

// Reads "w1 w2 score" lines, separated by tabs or spaces, CRLF tolerated;
// blank lines, '#' comments and a first line whose score is not a number (a
// column header) are skipped. Any other malformed line throws Error.
std::vector<WordPair> read_word_pairs(const std::string& path);

struct SimilarityOptions {
  std::size_t restrict_to = 0;
  bool case_sensitive = false;
};

struct SimilarityResult {
  std::size_t pairs = 0, used = 0;  // used: both words known; the rest are missing
  std::optional<double> spearman, pearson;  // none with fewer than 2 pairs or constant scores
  std::vector<std::string> missing_words;   // distinct, in file order
  std::optional<std::size_t> subword_pairs;  // subword models: used pairs with a word built from n-grams
};

// Correlates the cosine of each pair's vectors with the pair's score.
SimilarityResult evaluate_similarity(const Embeddings& embeddings, const std::vector<WordPair>& pairs,
                                     const SimilarityOptions& options);

// Ranks from 1, ties given the average of the ranks they span (as
// scipy.stats.rankdata's default).
std::vector<double> average_ranks(const std::vector<double>& values);
std::optional<double> pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);
// Pearson correlation of the average ranks, as scipy.stats.spearmanr.
std::optional<double> spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace wordvec

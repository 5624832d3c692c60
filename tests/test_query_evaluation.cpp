// eval-analogy against a line-by-line port of word2vec's compute-accuracy,
// and eval-similarity's file reading, ranks and correlations (expected
// values from scipy.stats).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "query/embeddings.h"
#include "query/evaluation.h"
#include "base/exact_float.h"
#include "query_test_support.h"

using namespace wordvec;
using namespace wordvec::test;

namespace {

struct ComputeAccuracyResult {
  std::vector<std::pair<int, int>> sections;  // correct, seen
  int seen = 0, total = 0, semantic_correct = 0, semantic_seen = 0;
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// word2vec's compute-accuracy.c, its loops and float arithmetic kept as
// they are (for words shorter than its 50-byte limit).
WORDVEC_EXACT_FLOAT ComputeAccuracyResult compute_accuracy(const std::string& bin, long long threshold,
                                                            const std::string& questions) {
  std::ifstream f(bin, std::ios::binary);
  long long words, size;
  f >> words >> size;
  if (threshold && words > threshold) words = threshold;
  f.get();
  std::vector<std::string> vocab(words);
  std::vector<float> M(words * size);
  for (long long b = 0; b < words; b++) {
    std::string w;
    for (char ch; f.get(ch) && ch != ' ';)
      if (ch != '\n') w += ch;
    vocab[b] = upper(w);
    f.read(reinterpret_cast<char*>(&M[b * size]), size * sizeof(float));
    float len = 0;
    for (long long a = 0; a < size; a++) len += M[a + b * size] * M[a + b * size];
    len = std::sqrt(len);
    for (long long a = 0; a < size; a++) M[a + b * size] /= len;
  }
  ComputeAccuracyResult r;
  std::ifstream q(questions);
  std::string st1, st2, st3, st4;
  int qid = 0, ccn = 0, tcn = 0;
  auto find = [&](const std::string& s) {
    long long b = 0;
    while (b < words && vocab[b] != s) b++;
    return b;
  };
  while (q >> st1) {
    if (st1 == ":") {
      if (qid) r.sections.push_back({ccn, tcn});
      q >> st1;
      qid++;
      ccn = tcn = 0;
      continue;
    }
    q >> st2 >> st3 >> st4;
    st1 = upper(st1), st2 = upper(st2), st3 = upper(st3), st4 = upper(st4);
    const long long b1 = find(st1), b2 = find(st2), b3 = find(st3);
    r.total++;
    if (b1 == words || b2 == words || b3 == words || find(st4) == words) continue;
    std::vector<float> vec(size);
    for (long long a = 0; a < size; a++) vec[a] = (M[a + b2 * size] - M[a + b1 * size]) + M[a + b3 * size];
    float bestd = 0;
    std::string bestw;
    for (long long c = 0; c < words; c++) {
      if (c == b1 || c == b2 || c == b3) continue;
      float dist = 0;
      for (long long a = 0; a < size; a++) dist += vec[a] * M[a + c * size];
      if (dist > bestd) bestd = dist, bestw = vocab[c];
    }
    const bool correct = st4 == bestw;
    ccn += correct;
    tcn++;
    r.seen++;
    if (qid <= 5) r.semantic_correct += correct, r.semantic_seen++;
  }
  r.sections.push_back({ccn, tcn});
  return r;
}

}  // namespace

TEST_CASE("eval-analogy gives compute-accuracy's answer to every question", "[query][evaluation]") {
  // Random vectors, with exact duplicates (ties, one group larger than the
  // re-scoring pool) and a case variant that is a candidate of its own.
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  const std::size_t n_words = 600, dim = 24;
  std::vector<std::string> words;
  std::vector<std::vector<float>> vectors(n_words, std::vector<float>(dim));
  for (std::size_t i = 0; i < n_words; ++i) {
    words.push_back("w" + std::to_string(i));
    for (float& x : vectors[i]) x = normal(rng);
  }
  for (std::size_t i = 400; i < 410; ++i) vectors[i] = vectors[i - 390];
  for (std::size_t i = 320; i < 340; ++i) vectors[i] = vectors[7];
  words[300] = "W5";
  TempDir dir;
  const auto bin = write_test_word2vec(dir, "r.bin", words, vectors, true);

  // Questions that mostly lead near the duplicated vectors, across 7 sections.
  std::ostringstream questions;
  std::uniform_int_distribution<int> pick(0, n_words - 1), near(0, 19);
  for (int s = 0; s < 7; ++s) {
    questions << ": section" << s << "\n";
    for (int i = 0; i < 60; ++i) {
      // b = a makes the query vector c itself, whose duplicates then tie.
      // Then the answer is the first of the tied words: w320 for c = w7.
      const int a = pick(rng), b = i % 3 ? a : pick(rng), c = i % 2 ? 7 : 10 + near(rng) % 10;
      const int d = a == b && c == 7 ? 320 : pick(rng);
      questions << "w" << a << " W" << b << " " << (i % 5 ? "w" : "x") << c << " w" << d << "\n";
    }
    questions << "w1 w2 w3 w5\n";  // w5's case variant W5 can be the answer
  }
  const auto qpath = dir.write("q.txt", questions.str());

  const Embeddings e = Embeddings::load(bin);
  for (long long threshold : {0LL, 350LL}) {
    AnalogyOptions options;
    options.restrict_to = static_cast<std::size_t>(threshold);
    const AnalogyResult ours = evaluate_analogies(e, read_analogy_file(qpath), options);
    const ComputeAccuracyResult theirs = compute_accuracy(bin, threshold, qpath);
    REQUIRE(ours.sections.size() == theirs.sections.size());
    for (std::size_t s = 0; s < ours.sections.size(); ++s) {
      CHECK(ours.sections[s].correct == static_cast<std::size_t>(theirs.sections[s].first));
      CHECK(ours.sections[s].seen == static_cast<std::size_t>(theirs.sections[s].second));
    }
    CHECK(ours.overall.seen == static_cast<std::size_t>(theirs.seen));
    CHECK(ours.overall.total == static_cast<std::size_t>(theirs.total));
    CHECK(ours.semantic.correct == static_cast<std::size_t>(theirs.semantic_correct));
    CHECK(ours.semantic.seen == static_cast<std::size_t>(theirs.semantic_seen));
    CHECK(ours.overall.correct > 0);
  }
}

TEST_CASE("Analogy files: sections, questions before any header, errors", "[query][evaluation]") {
  TempDir dir;
  const auto sections = read_analogy_file(dir.write("q.txt", "a b c d\r\n\n: one\r\ne f g h\n:  two  words\ni j k l\n"));
  REQUIRE(sections.size() == 3);
  CHECK_FALSE(sections[0].has_header);
  CHECK(sections[1].name == "one");
  CHECK(sections[1].questions[0].d == "h");
  CHECK(sections[2].name == "two words");
  CHECK_THROWS_WITH(read_analogy_file(dir.write("bad.txt", ": s\na b c\n")), Catch::Contains("line 2: expected a question of 4 words"));
  CHECK_THROWS_WITH(read_analogy_file(dir.file("none.txt")), Catch::Contains("cannot open"));
}

TEST_CASE("Analogy scores: known answers, case folding, restriction, semantic split", "[query][evaluation]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  std::string text;
  for (int s = 1; s <= 6; ++s) text += ": s" + std::to_string(s) + "\nMan King Woman Queen\nman king woman apple\nman king woman zebra\n";
  const auto q = dir.write("q.txt", text);
  AnalogyResult r = evaluate_analogies(e, read_analogy_file(q), {});
  CHECK(r.sections[0].correct == 1);
  CHECK(r.sections[0].seen == 2);
  CHECK(r.sections[0].total == 3);
  CHECK(*r.sections[0].accuracy() == Approx(50.0));
  CHECK(r.semantic.seen == 10);
  CHECK(r.syntactic.seen == 2);
  CHECK(r.overall.correct == 6);
  CHECK(r.overall.total == 18);

  AnalogyOptions options;
  options.case_sensitive = true;  // "Man King Woman Queen" is then unknown
  r = evaluate_analogies(e, read_analogy_file(q), options);
  CHECK(r.overall.correct == 0);
  CHECK(r.overall.seen == 6);
  options = {};
  options.restrict_to = 4;  // apple is not known any more
  r = evaluate_analogies(e, read_analogy_file(q), options);
  CHECK(r.overall.seen == 6);
  CHECK(r.overall.correct == 6);
  options.restrict_to = 1;
  r = evaluate_analogies(e, read_analogy_file(q), options);
  CHECK(r.overall.seen == 0);
  CHECK_FALSE(r.overall.accuracy());
  options = {};
  options.method = AnalogyMethod::Mul;
  CHECK(evaluate_analogies(e, read_analogy_file(q), options).overall.correct == 6);
}

TEST_CASE("Average ranks and correlations match scipy", "[query][evaluation]") {
  // scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])
  CHECK(average_ranks({3, 1, 4, 1, 5, 9, 2, 6, 5, 3}) == std::vector<double>{4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5});
  CHECK(*spearman_correlation({1, 2, 3, 4, 5, 6}, {2, 1, 4, 3, 6, 5}) == Approx(0.8285714285714287));
  CHECK(*spearman_correlation({0.5, 0.2, 0.2, 0.9, 0.1, 0.7}, {7.0, 3.0, 4.0, 9.5, 3.0, 6.0}) == Approx(0.8970588235294118));
  CHECK(*pearson_correlation({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}) == Approx(0.7745966692414834));
  CHECK_FALSE(spearman_correlation({1, 1, 1}, {1, 2, 3}));
  CHECK_FALSE(spearman_correlation({1}, {2}));
}

TEST_CASE("Word-pair files: tabs or spaces, CRLF, headers and comments", "[query][evaluation]") {
  TempDir dir;
  const auto pairs = read_word_pairs(dir.write("p.txt", "word1\tword2\tscore\r\n# note\r\nking\tqueen\t8.5\r\n\r\nKing man 3\n"));
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[0].first == "king");
  CHECK(pairs[0].score == 8.5);
  CHECK(pairs[1].first == "King");
  CHECK_THROWS_WITH(read_word_pairs(dir.write("bad.txt", "a b 1\nc d\n")), Catch::Contains("line 2: expected \"word1 word2 score\""));
  CHECK_THROWS_WITH(read_word_pairs(dir.write("bad2.txt", "a b 1\nc d x\n")), Catch::Contains("line 2"));
}

TEST_CASE("Similarity evaluation correlates cosines with the scores of known pairs", "[query][evaluation]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  const auto file = dir.write("p.txt", "king queen 8\nking prince 9\nking apple 0\nQueen woman 7\nking zebra 5\nman zebra 1\n");
  SimilarityResult r = evaluate_similarity(e, read_word_pairs(file), {});
  CHECK(r.pairs == 6);
  CHECK(r.used == 4);
  CHECK(r.missing_words == std::vector<std::string>{"zebra"});
  std::vector<double> cosines{cosine_similarity(e, 0, 1), cosine_similarity(e, 0, 5), cosine_similarity(e, 0, 4),
                              cosine_similarity(e, 1, 3)};
  CHECK(*r.spearman == Approx(*spearman_correlation(cosines, {8, 9, 0, 7})));
  CHECK(*r.pearson == Approx(*pearson_correlation(cosines, {8, 9, 0, 7})));
  SimilarityOptions options;
  options.case_sensitive = true;
  CHECK(evaluate_similarity(e, read_word_pairs(file), options).used == 3);
}

TEST_CASE("The Google analogy set reads as 14 sections of 19,544 questions", "[query][evaluation][shared]") {
  WORDVEC_REQUIRE_SHARED("questions-words.txt");
  const auto sections = read_analogy_file(shared_data("questions-words.txt"));
  REQUIRE(sections.size() == 14);
  std::size_t total = 0;
  for (const auto& s : sections) total += s.questions.size();
  CHECK(total == 19544);
  CHECK(sections[4].name == "family");
  CHECK(sections[5].name == "gram1-adjective-to-adverb");
  for (const char* file : {"ws353.txt", "men3k.txt"}) {
    WORDVEC_REQUIRE_SHARED(file);
    CHECK(read_word_pairs(shared_data(file)).size() == (std::string(file) == "ws353.txt" ? 353u : 3000u));
  }
}

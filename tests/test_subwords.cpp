#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/matrix.h"
#include "model/subword_vectors.h"
#include "text/subwords.h"

using namespace wordvec;

namespace {
std::vector<std::string> ngrams_of(const std::string& word, int minn, int maxn) {
  std::vector<std::string> out;
  for_each_ngram(word, SubwordOptions{minn, maxn, 100}, [&](std::string_view g) { out.emplace_back(g); });
  return out;
}
}  // namespace

TEST_CASE("n-grams follow fastText's order and boundary rules", "[subwords]") {
  // As `fasttext print-ngrams` lists them for a -minn 3 -maxn 6 model.
  CHECK(ngrams_of("cat", 3, 6) == std::vector<std::string>{"<ca", "<cat", "<cat>", "cat", "cat>", "at>"});
  // Lengths count UTF-8 characters, not bytes: "ï" is one character.
  CHECK(ngrams_of("naïve", 3, 3) == std::vector<std::string>{"<na", "naï", "aïv", "ïve", "ve>"});
  // A marker alone is never a unigram; the word's own characters are.
  CHECK(ngrams_of("ab", 1, 1) == std::vector<std::string>{"a", "b"});
  CHECK(ngrams_of("cat", 3, 0).empty());
}

TEST_CASE("fastText's hash sign-extends each byte", "[subwords]") {
  // FNV-1a over the bytes as unsigned values would give 0xe40c292c for "a";
  // ASCII is unaffected by the sign extension, a byte >= 0x80 is.
  CHECK(fasttext_hash("a") == 0xe40c292cu);
  std::uint32_t unsigned_fnv = 2166136261u;
  for (unsigned char c : std::string("\xc3\xaf")) unsigned_fnv = (unsigned_fnv ^ c) * 16777619u;
  CHECK(fasttext_hash("\xc3\xaf") != unsigned_fnv);
  std::vector<std::uint32_t> buckets;
  subword_buckets("cat", SubwordOptions{3, 6, 1000}, buckets);
  REQUIRE(buckets.size() == 6);
  CHECK(buckets[0] == fasttext_hash("<ca") % 1000);
}

TEST_CASE("a subword model's word vector is the mean of its own row and its n-gram rows", "[subwords]") {
  const SubwordOptions options{3, 3, 50};
  Matrix words(1, 2), buckets(50, 2);
  for (std::size_t r = 0; r < 50; ++r) buckets.row(r)[0] = static_cast<float>(r), buckets.row(r)[1] = 1.0f;
  words.row(0)[0] = 6.0f, words.row(0)[1] = 3.0f;
  const SubwordVectors vectors(words.view(), buckets.view(), options);
  std::vector<std::uint32_t> b;
  subword_buckets("ab", options, b);  // "<ab", "ab>"
  REQUIRE(b.size() == 2);
  float v[2];
  vectors.word_vector(0, "ab", v);
  CHECK(v[0] == Approx((6.0 + b[0] + b[1]) / 3));
  CHECK(v[1] == Approx(5.0 / 3));
  CHECK(vectors.oov_vector("ab", v) == 2);
  CHECK(v[0] == Approx((b[0] + b[1]) / 2.0));
  CHECK(v[1] == Approx(1.0));
  CHECK(vectors.oov_vector("", v) == 0);  // "<>" is shorter than minn: a zero vector
  CHECK(v[0] == 0.0f);
  CHECK(vectors.oov_vector("x", v) == 1);  // "<x>"
}

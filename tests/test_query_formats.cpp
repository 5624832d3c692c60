// Loading embeddings: wordvec models, word2vec binary and text, fastText
// .vec and headerless (GloVe) text, and the errors for broken files.
#include <cmath>
#include <fstream>

#include "query/embeddings.h"
#include "base/error.h"
#include "query_test_support.h"

using namespace wordvec;
using namespace wordvec::test;

namespace {

float length(const Embeddings& e, std::size_t id) {
  double sum = 0;
  for (std::size_t d = 0; d < e.dim(); ++d) sum += double(e.unit_vector(id)[d]) * e.unit_vector(id)[d];
  return static_cast<float>(std::sqrt(sum));
}

void check_royal(const Embeddings& e) {
  REQUIRE(e.size() == kRoyalWords.size());
  REQUIRE(e.dim() == 3);
  for (std::size_t i = 0; i < kRoyalWords.size(); ++i) {
    CHECK(e.word(i) == kRoyalWords[i]);
    CHECK(e.find(kRoyalWords[i]) == static_cast<std::int64_t>(i));
    CHECK(length(e, i) == Approx(1.0f).epsilon(1e-6));
  }
  // The direction is kept: queen = (1, 1, 0.1) / |.|
  const float n = std::sqrt(1.0f + 1.0f + 0.01f);
  CHECK(e.unit_vector(1)[0] == Approx(1.0f / n));
  CHECK(e.unit_vector(1)[2] == Approx(0.1f / n));
  // Rows past the end of the last panel are zero: kernels may run over whole panels.
  for (std::size_t d = 0; d < e.dim(); ++d) CHECK(e.unit_vectors().row(e.size())[d * PanelMatrix::kWidth] == 0.0f);
  CHECK(e.find("King") == kNoWord);
}

}  // namespace

TEST_CASE("Embeddings load a wordvec model with its counts and settings", "[query][formats]") {
  TempDir dir;
  const auto path = write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors, {{"dim", 3}, {"epochs", 5}});
  const Embeddings e = Embeddings::load(path);
  check_royal(e);
  CHECK(e.format() == EmbeddingFormat::Wordvec);
  CHECK(e.checksum_verified());
  REQUIRE(e.has_counts());
  CHECK(e.count(0) == 1000);
  CHECK(e.settings().at("epochs") == 5);
  CHECK(Embeddings::load(path, {EmbeddingFormat::Wordvec, false}).checksum_verified() == false);
}

TEST_CASE("Embeddings load word2vec binary and text files, detected or named", "[query][formats]") {
  TempDir dir;
  const auto bin = write_test_word2vec(dir, "v.bin", kRoyalWords, kRoyalVectors, true);
  const auto txt = write_test_word2vec(dir, "v.txt", kRoyalWords, kRoyalVectors, false);
  for (const auto& [path, format] : {std::pair{bin, EmbeddingFormat::Word2vecBinary}, std::pair{txt, EmbeddingFormat::Word2vecText}}) {
    const Embeddings detected = Embeddings::load(path);
    check_royal(detected);
    CHECK(detected.format() == format);
    CHECK_FALSE(detected.has_counts());
    CHECK(detected.settings().empty());
    check_royal(Embeddings::load(path, {format, true}));
  }
  // Binary and text give bit-identical unit vectors (text keeps full precision).
  const Embeddings a = Embeddings::load(bin), b = Embeddings::load(txt);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t d = 0; d < a.dim(); ++d) CHECK(a.unit_vector(i)[d] == b.unit_vector(i)[d]);
}

TEST_CASE("Embeddings read fastText .vec (trailing spaces, CRLF) and headerless GloVe text", "[query][formats]") {
  TempDir dir;
  const Embeddings vec = Embeddings::load(dir.write("f.vec", "3 2\r\nthe 0.5 -0.5 \r\nof\t1e-1\t2 \r\n\xc3\xa9t\xc3\xa9 3 4 \r\n"));
  REQUIRE(vec.size() == 3);
  CHECK(vec.word(2) == "\xc3\xa9t\xc3\xa9");
  CHECK(vec.unit_vector(2)[0] == Approx(0.6f));
  CHECK(vec.unit_vector(2)[1] == Approx(0.8f));
  const Embeddings glove = Embeddings::load(dir.write("g.txt", "the 0 3 4\nof 1 0 0\n"));
  REQUIRE(glove.size() == 2);
  CHECK(glove.dim() == 3);
  CHECK(glove.unit_vector(0)[2] == Approx(0.8f));
  CHECK(glove.format() == EmbeddingFormat::Word2vecText);
}

TEST_CASE("A zero vector stays zero and duplicate words resolve to the first", "[query][formats]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(dir.write("z.txt", "3 2\nnil 0 0\ndup 1 0\ndup 0 1\n"));
  CHECK(e.unit_vector(0)[0] == 0.0f);
  CHECK(e.unit_vector(0)[1] == 0.0f);
  CHECK(e.find("dup") == 1);
}

TEST_CASE("Broken word2vec files give an Error naming the problem", "[query][formats]") {
  TempDir dir;
  const auto bin = write_test_word2vec(dir, "v.bin", kRoyalWords, kRoyalVectors, true);
  std::string bytes;
  {
    std::ifstream in(bin, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string body = bytes.substr(bytes.find('\n') + 1);
  auto fails_with = [&](const std::string& contents, const std::string& expected, EmbeddingFormat format = EmbeddingFormat::Auto) {
    const auto path = dir.write("broken", contents);
    CHECK_THROWS_WITH(Embeddings::load(path, {format, true}), Catch::Contains(expected));
  };
  fails_with(bytes.substr(0, bytes.size() - 7), "ends inside the vector of 'prince'");
  fails_with("7 3\n" + body, "ends at word 7 of the 7");
  fails_with("5 3\n" + body, "data after the 5 words");
  fails_with("6 2\n" + body, "header's dimension 2 does not match");
  fails_with("6 4\n" + body, "dimension 4", EmbeddingFormat::Word2vecBinary);
  fails_with("0 3\n", "announces 0 words", EmbeddingFormat::Word2vecBinary);
  fails_with("a b c\n", "no \"<words> <dimension>\" header", EmbeddingFormat::Word2vecBinary);
  fails_with("", "is empty");
  fails_with("3 2\na 1 2\nb 1 2\n", "header announces 3 words but the file has 2");
  fails_with("2 2\na 1 2\nb 1\n", "the vector of 'b' (word 2) has 1 values where the dimension is 2");
  fails_with("2 2\na 1 2\nb 1 2 3\n", "'b' (word 2) has more values than the dimension 2");
  fails_with("2 2\na 1 2\nb 1 x\n", "'b' (word 2) has 'x' where value 2 should be");
  fails_with("2 2\na 1 2\nb 1 nan\n", "the vector of 'b' (word 2) has a value that is not a finite number");
  fails_with("word\n", "first line is a single word");
  CHECK_THROWS_WITH(Embeddings::load(dir.file("missing.bin")), Catch::Contains("cannot open"));
}

TEST_CASE("A wordvec model named with the wrong format, or corrupt, is refused", "[query][formats]") {
  TempDir dir;
  const auto model = write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors);
  CHECK_THROWS_AS(Embeddings::load(model, {EmbeddingFormat::Word2vecBinary, true}), Error);
  const auto txt = write_test_word2vec(dir, "v.txt", kRoyalWords, kRoyalVectors, false);
  CHECK_THROWS_WITH(Embeddings::load(txt, {EmbeddingFormat::Wordvec, true}), Catch::Contains("not a valid wordvec model"));
  {
    std::fstream f(model, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.put('X');
  }
  CHECK_THROWS_WITH(Embeddings::load(model), Catch::Contains("checksum mismatch"));
}

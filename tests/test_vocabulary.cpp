// Vocabulary: counting, pruning, ordering, lookups and word2vec's vocabulary file.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "test_support.h"
#include "text/vocabulary.h"

using wordvec::Vocabulary;
using wordvec::VocabularyOptions;
using wordvec::test::TempDir;
using wordvec::test::lines_of;
using wordvec::test::slurp;

namespace {

Vocabulary sample_vocabulary() {
  Vocabulary v;
  for (int i = 0; i < 3; ++i) v.add("b");
  v.add("a", 3);
  v.add("c", 2);
  v.add("c", 3);
  v.add("d");
  v.add("\xc3\xa9t\xc3\xa9", 4);  // "été"
  return v;
}

}  // namespace

TEST_CASE("vocabulary counts words and finds them by bytes", "[vocabulary]") {
  Vocabulary v = sample_vocabulary();
  REQUIRE(v.size() == 5);
  CHECK(v.total_count() == 3 + 3 + 5 + 1 + 4);
  const auto id = v.find("c");
  REQUIRE(id != wordvec::kNoWord);
  CHECK(v.word(id) == "c");
  CHECK(v.count(id) == 5);
  CHECK(v.count(v.find("\xc3\xa9t\xc3\xa9")) == 4);
  CHECK(v.find("e") == wordvec::kNoWord);
  CHECK(v.find("") == wordvec::kNoWord);
  CHECK(v.find("cc") == wordvec::kNoWord);
  CHECK(v.find("C") == wordvec::kNoWord);  // lookups are exact: no case folding here
  CHECK(Vocabulary().find("a") == wordvec::kNoWord);
  CHECK(Vocabulary().total_count() == 0);
}

TEST_CASE("vocabulary finalize prunes by min_count and sorts by count, ties by bytes", "[vocabulary]") {
  Vocabulary v = sample_vocabulary();
  v.finalize(2, 0);
  CHECK(v.words() == std::vector<std::string>{"c", "\xc3\xa9t\xc3\xa9", "a", "b"});
  CHECK(v.counts() == std::vector<std::uint64_t>{5, 4, 3, 3});
  CHECK(v.find("d") == wordvec::kNoWord);
  // Ids follow the new order.
  for (wordvec::WordId i = 0; i < v.size(); ++i) CHECK(v.find(v.word(i)) == i);
  CHECK(v.total_count() == 15);
}

TEST_CASE("vocabulary max_size keeps the most frequent words", "[vocabulary]") {
  Vocabulary v = sample_vocabulary();
  v.finalize(1, 3);
  CHECK(v.words() == std::vector<std::string>{"c", "\xc3\xa9t\xc3\xa9", "a"});
  CHECK(v.find("b") == wordvec::kNoWord);

  Vocabulary all = sample_vocabulary();
  all.finalize(1, 0);
  CHECK(all.size() == 5);
  CHECK(all.words().back() == "d");
}

TEST_CASE("vocabulary lookups stay right across index growth", "[vocabulary]") {
  Vocabulary v;
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 5000; ++i) v.add("w" + std::to_string(i), static_cast<std::uint64_t>(i % 7 + 1));
  REQUIRE(v.size() == 5000);
  for (int i = 0; i < 5000; ++i) {
    const auto id = v.find("w" + std::to_string(i));
    REQUIRE(id != wordvec::kNoWord);
    REQUIRE(v.count(id) == 3u * static_cast<std::uint64_t>(i % 7 + 1));
  }
  CHECK(v.find("w5000") == wordvec::kNoWord);
  v.finalize(7, 0);  // drops i % 7 == 0 (count 3) and i % 7 == 1 (count 6): 715 words each
  CHECK(v.size() == 5000 - 715 - 715);
  CHECK(v.count(0) == 21);
  CHECK(v.count(static_cast<std::int32_t>(v.size()) - 1) == 9);
}

TEST_CASE("count_corpus counts a file with min_count and max_size", "[vocabulary]") {
  TempDir dir;
  auto path = dir.write("c.txt", "the cat sat\non the mat\r\nthe cat\tran  away\n\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9\n");
  VocabularyOptions opt;
  opt.min_count = 2;
  Vocabulary v = wordvec::count_corpus(path, {}, opt);
  CHECK(v.words() == std::vector<std::string>{"the", "cat", "\xc3\xa9t\xc3\xa9"});
  CHECK(v.counts() == std::vector<std::uint64_t>{3, 2, 2});

  opt.min_count = 1;
  opt.max_size = 2;
  CHECK(wordvec::count_corpus(path, {}, opt).words() == std::vector<std::string>{"the", "cat"});

  wordvec::TokenizerOptions lower;
  lower.lowercase = true;
  auto upper_path = dir.write("u.txt", "The THE the tHe other\n");
  opt.max_size = 0;
  Vocabulary folded = wordvec::count_corpus(upper_path, lower, opt);
  CHECK(folded.count(folded.find("the")) == 4);
  CHECK(folded.size() == 2);
}

TEST_CASE("count_corpus prune_threshold bounds distinct words and keeps frequent counts exact", "[vocabulary]") {
  TempDir dir;
  std::string text;
  // 30000 distinct words that occur once, with frequent words between them.
  for (int i = 0; i < 30000; ++i) {
    text += "rare" + std::to_string(i) + " ";
    if (i % 3 == 0) text += "alpha ";
    if (i % 10 == 0) text += "beta\n";
  }
  auto path = dir.write("c.txt", text);
  VocabularyOptions opt;
  opt.min_count = 1;
  opt.prune_threshold = 1000;
  Vocabulary v = wordvec::count_corpus(path, {}, opt);
  REQUIRE(v.find("alpha") == 0);
  CHECK(v.count(0) == 10000);
  REQUIRE(v.find("beta") == 1);
  CHECK(v.count(1) == 3000);
  // Never more than threshold + 1 distinct words are held.
  CHECK(v.size() <= 1001);
  CHECK(v.size() >= 2);

  // Without pruning every rare word is kept, so the bound above is the pruning's doing.
  opt.prune_threshold = 1u << 30;
  CHECK(wordvec::count_corpus(path, {}, opt).size() == 30002);
}

TEST_CASE("vocabulary save writes word2vec 'word count' lines and load reads them back", "[vocabulary]") {
  TempDir dir;
  Vocabulary v = sample_vocabulary();
  v.finalize(1, 0);
  const auto path = dir.file("vocab.txt");
  v.save(path);
  CHECK(slurp(path) == "c 5\n\xc3\xa9t\xc3\xa9 4\na 3\nb 3\nd 1\n");
  Vocabulary back = Vocabulary::load(path);
  CHECK(back.words() == v.words());
  CHECK(back.counts() == v.counts());
  CHECK(back.find("a") == 2);

  // word2vec's own files: tabs, CRLF, blank lines and huge counts are fine.
  auto other = dir.write("w2v.txt", "</s> 0\r\nthe\t18446744073709551615\n\nof  7\n");
  Vocabulary w = Vocabulary::load(other);
  CHECK(w.words() == std::vector<std::string>{"</s>", "the", "of"});
  CHECK(w.counts() == std::vector<std::uint64_t>{0, 18446744073709551615ull, 7});
}

TEST_CASE("vocabulary load reports malformed lines with file:line", "[vocabulary]") {
  TempDir dir;
  const std::vector<std::string> bad_lines{
      "justaword",                // no count
      "word -3",                  // negative
      "word 12abc",               // trailing garbage
      "word ",                    // missing count after the separator
      "two words 3",              // a word cannot contain a space
      "word 99999999999999999999999",  // overflows u64
      " 5",                       // empty word
  };
  for (const auto& line : bad_lines) {
    INFO("line: '" << line << "'");
    auto path = dir.write("bad.txt", "good 10\n" + line + "\nlater 1\n");
    CHECK_THROWS_AS(Vocabulary::load(path), wordvec::Error);
    CHECK_THROWS_WITH(Vocabulary::load(path), Catch::Contains(path + ":2"));
  }
  CHECK_THROWS_WITH(Vocabulary::load(dir.file("missing.txt")), Catch::Contains("missing.txt"));
}

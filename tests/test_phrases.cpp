// wv-phrases: word2phrase's scores against hand counts, the threshold and
// min-count boundaries, phrases of three words over two passes, the same
// output as word2phrase (when the peer is installed), and bad input.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "base/text.h"
#include "test_support.h"
#include "text/input_file.h"
#include "text/pair_table.h"
#include "text/phrases.h"

using wordvec::WordId;
using wordvec::test::bin;
using wordvec::test::expect_one_line_error;
using wordvec::test::RunResult;
using wordvec::test::slurp;
using wordvec::test::TempDir;

namespace {

RunResult wv_phrases(const std::string& args, const wordvec::test::RunOptions& options = {}) {
  return wordvec::test::run_program(bin("wv-phrases"), wordvec::test::split_args(args), options);
}

// The phrased text of `text` with these flags (through stdin and stdout).
std::string phrased(const std::string& text, const std::string& flags) {
  const RunResult r = wv_phrases("-q -i - -o - " + flags, wordvec::test::with_stdin(text));
  INFO(r.err);
  REQUIRE(r.status == 0);
  return r.out;
}

// Lines as lists of words, whatever the spacing (word2phrase starts each
// token with a space or '_').
std::vector<std::vector<std::string>> words_by_line(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  for (const std::string& line : wordvec::test::lines_of(text)) {
    std::vector<std::string> words;
    for (std::string_view w : wordvec::split_words(line)) words.emplace_back(w);
    lines.push_back(std::move(words));
  }
  return lines;
}

}  // namespace

// 12 tokens; new 3, york 2, is 3; (new, york) 2, (york, is) 2, every other pair once.
const std::string kNewYork = "new york is big new york is old new jersey is small\n";

TEST_CASE("phrase scores are word2phrase's formula over the counts", "[phrases]") {
  // Hand count of kNewYork, min-count 1: (2 - 1) / 3 / 2 * 12 = 2.
  CHECK(wordvec::phrase_score(2, 3, 2, 12, 1) == Approx(2.0));
  CHECK(wordvec::phrase_score(2, 2, 3, 12, 1) == Approx(2.0));
  CHECK(wordvec::phrase_score(1, 3, 1, 12, 1) == 0.0f);  // a pair seen min-count times scores 0
  // word2phrase computes in float: (21 - 5) / 100 / 7 * 1e6 rounds as it does there.
  const float expected = static_cast<float>(16) / 100.0f / 7.0f * 1e6f;
  CHECK(wordvec::phrase_score(21, 100, 7, 1'000'000, 5) == expected);
}

TEST_CASE("a pair is joined when its score is above the threshold, not at it", "[phrases]") {
  // The hand count's score of (new, york) and (york, is) is 2.
  CHECK(phrased(kNewYork, "--min-count 1 --threshold 1.99") ==
        "new_york is big new_york is old new jersey is small\n");  // "is" starts afresh after a join
  CHECK(phrased(kNewYork, "--min-count 1 --threshold 2") == kNewYork);
  // Every other pair is seen once = min-count, so scores 0 and is never joined.
  CHECK(phrased(kNewYork, "--min-count 1 --threshold 0") ==
        "new_york is big new_york is old new jersey is small\n");
}

TEST_CASE("min-count: words and pairs seen fewer times are never joined", "[phrases]") {
  // min-count 2: (new, york) scores (2 - 2) / ... = 0; jersey (1) is out.
  CHECK(phrased(kNewYork, "--min-count 2 --threshold 0") == kNewYork);
  // Twice the text: (new, york) 4 times, new 6, york 4, 24 tokens: (4 - 3) / 6 / 4 * 24 = 1.
  const std::string twice = kNewYork + kNewYork;
  const std::string joined = "new_york is big new_york is old new jersey is small\n";
  CHECK(phrased(twice, "--min-count 3 --threshold 0.99") == joined + joined);
  CHECK(phrased(twice, "--min-count 3 --threshold 1") == twice);
  CHECK(phrased(twice, "--min-count 5 --threshold 0") == twice);  // york (4) is below min-count
}

TEST_CASE("a token a_b and the pair a b are counted as one, as in word2phrase", "[phrases]") {
  // word2phrase keys pairs by their text: (new, york) is "new_york", as is
  // the token new_york, so the pair counts 1 + 2 = 3: (3 - 1) / 1 / 1 * 7 = 14.
  const std::string text = "new_york x new york y new_york z\n";
  CHECK(phrased(text, "--min-count 1 --threshold 13.9") == "new_york x new_york y new_york z\n");
  CHECK(phrased(text, "--min-count 1 --threshold 14") == text);
}

TEST_CASE("pairs are never joined across a line end", "[phrases]") {
  CHECK(phrased("a new\nyork b\nnew york\nnew york\n", "--min-count 1 --threshold 0") ==
        "a new\nyork b\nnew_york\nnew_york\n");
}

TEST_CASE("a second pass joins a phrase and a word into a three-word phrase", "[phrases]") {
  // 10 lines "new york times" between lines of words seen once, 130 tokens:
  // pass 1 scores (new, york) (10 - 5) / 10 / 10 * 130 = 6.5 and joins it
  // ("times" starts afresh); pass 2 scores (new_york, times) (10 - 5) / 10 /
  // 10 * 120 = 6.
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "new york times\n";
    for (char c = 'a'; c <= 'j'; ++c) text += std::string(1, c) + std::to_string(i) + (c == 'j' ? "\n" : " ");
  }
  CHECK(phrased(text, "--min-count 5 --threshold 5").find("\nnew_york times\n") != std::string::npos);
  const std::string two = phrased(text, "--min-count 5 --threshold 5 --passes 2");
  CHECK(two.find("\nnew_york_times\n") != std::string::npos);
  CHECK(phrased(text, "--min-count 5 --threshold 5,6").find("\nnew_york_times\n") == std::string::npos);
  // One threshold per pass: a second pass above every score joins nothing more.
  CHECK(phrased(text, "--min-count 5 --threshold 5,1e9") == phrased(text, "--min-count 5 --threshold 5"));
}

TEST_CASE("the library reports each pass", "[phrases]") {
  TempDir dir;
  const std::string input = dir.write("corpus.txt", kNewYork);
  wordvec::PhraseOptions options;
  options.min_count = 1;
  options.thresholds = {1.5f, 1.7f};  // pass 2 scores (new_york, is) (2 - 1) / 2 / 3 * 10
  options.tmp_dir = dir.file("");
  options.threads = 2;
  std::string out;
  const auto result = wordvec::find_phrases({input}, options, [&](std::string_view s) { out += s; });
  REQUIRE(result);
  const std::vector<wordvec::PhrasePassStats>& passes = *result;
  REQUIRE(passes.size() == 2);
  CHECK(passes[0].tokens == 12);
  CHECK(passes[0].distinct_pairs == 9);
  CHECK(passes[0].phrase_types == 2);  // (new, york) and (york, is) score 2
  CHECK(passes[0].joined == 2);
  CHECK(passes[1].tokens == 10);
  CHECK(out == "new_york is big new_york is old new jersey is small\n");

  const std::atomic<bool> stop{true};
  options.stop = &stop;
  CHECK_FALSE(wordvec::find_phrases({input}, options, [](std::string_view) {}));
}

TEST_CASE("the same phrases as word2phrase, over two passes", "[phrases]") {
  const std::string word2phrase = wordvec::test::source_path("../peers/node_modules/word2vec/src/word2phrase");
  if (!std::filesystem::exists(word2phrase)) WORDVEC_SKIP(word2phrase + " is missing");
  WORDVEC_REQUIRE_SHARED("wiki100m.txt.xz");
  // 1.5 MB of wiki100m in lines of 40 words (line ends must stop joins as
  // they do in word2phrase, and its counting crosses them).
  std::string slice(1'500'000, '\0');
  slice.resize(wordvec::open_input_file(wordvec::test::shared_data("wiki100m.txt.xz"))->read(slice.data(), slice.size()));
  slice.resize(slice.rfind(' '));
  int spaces = 0;
  for (char& c : slice)
    if (c == ' ' && ++spaces % 40 == 0) c = '\n';
  slice += '\n';
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", slice);
  const std::string p0 = dir.file("p0.txt"), p1 = dir.file("p1.txt");
  REQUIRE(wordvec::test::run_program(word2phrase, {"-train", corpus, "-output", p0, "-threshold", "50", "-debug", "0"}).status == 0);
  REQUIRE(wordvec::test::run_program(word2phrase, {"-train", p0, "-output", p1, "-threshold", "25", "-debug", "0"}).status == 0);
  const RunResult ours = wv_phrases("-q -i " + corpus + " -o " + dir.file("ours.txt") + " --threshold 50,25");
  REQUIRE(ours.status == 0);
  const std::string text = slurp(dir.file("ours.txt"));
  CHECK(std::count(text.begin(), text.end(), '_') > 500);  // many phrases, three-word ones among them
  const auto words = wordvec::split_words(text);
  CHECK(std::count_if(words.begin(), words.end(), [](std::string_view w) { return std::count(w.begin(), w.end(), '_') >= 2; }) > 10);
  CHECK(words_by_line(text) == words_by_line(slurp(p1)));
}

TEST_CASE("wv-phrases: bad input fails with one line", "[phrases]") {
  TempDir dir;
  const std::string input = dir.write("in.txt", kNewYork);
  const std::string out = dir.file("out.txt");
  expect_one_line_error(wv_phrases("-i " + dir.file("missing.txt") + " -o " + out), 1, "missing.txt");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --threshold -1"), 2, "at least 0");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --threshold nan"), 2, "finite number");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --threshold 100,x"), 2, "finite number");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --passes 0"), 2, "--passes");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --threshold 1,2,3 --passes 2"), 2,
                        "3 values for 2 passes");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + out + " --min-count -3"), 2, "whole number");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + input), 1, "--output");
  expect_one_line_error(wv_phrases("-i " + input + " -o " + dir.file("no/such/dir/out.txt")), 1, "out.txt");
  expect_one_line_error(wv_phrases("-i " + input), 2, "--output");
  CHECK(slurp(input) == kNewYork);  // never overwritten
  CHECK(!std::filesystem::exists(out));
}

TEST_CASE("PairTable counts pairs, grows, and drops the rarest when pruned", "[phrases]") {
  wordvec::PairTable table;
  for (WordId a = 0; a < 3000; ++a)
    for (WordId b = 0; b < 3; ++b) table.add(wordvec::PairTable::key(a, b), a % 4 + 1);  // counts 1..4
  CHECK(table.size() == 9000);
  CHECK(table.find(wordvec::PairTable::key(7, 2)) == 4);
  CHECK(table.find(wordvec::PairTable::key(2, 7)) == 0);
  table.remove_at_most(2);
  CHECK(table.size() == 4500);
  CHECK(table.find(wordvec::PairTable::key(7, 2)) == 4);
  CHECK(table.find(wordvec::PairTable::key(6, 1)) == 3);
  CHECK(table.find(wordvec::PairTable::key(5, 1)) == 0);
}

TEST_CASE("with few pairs held, the rare ones are pruned and frequent phrases still join", "[phrases]") {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "new york r" + std::to_string(i) + " s" + std::to_string(i) + "\n";
  const RunResult r = wv_phrases("-i - -o - --min-count 5 --threshold 3 --prune-threshold 20 --threads 1",
                                 wordvec::test::with_stdin(text));
  CHECK(r.err.find(" 10 distinct pairs") != std::string::npos);  // of 150
  const std::string pruned = r.out;
  CHECK(pruned == phrased(text, "--min-count 5 --threshold 3"));  // (50 - 5) / 50 / 50 * 200 = 3.6
  CHECK(pruned.find("new_york r49 s49\n") != std::string::npos);
}

TEST_CASE("wv-phrases writes a pipe named by -o in place, never renaming a file over it", "[phrases]") {
  TempDir dir;
  const std::string input = dir.write("in.txt", kNewYork), fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  wordvec::test::Process run(bin("wv-phrases"), {"-q", "-i", input, "-o", fifo, "--min-count", "1", "--threshold", "1.99"});
  const std::string text = slurp(fifo);  // opening blocks until wv-phrases opens it
  CHECK(run.wait().status == 0);
  CHECK(text == "new_york is big new_york is old new jersey is small\n");
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("wv-phrases stopped by SIGINT exits 130 and leaves no file", "[phrases]") {
  TempDir dir;
  const std::string fifo = dir.file("fifo"), out = dir.file("out.txt");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  wordvec::test::Process run(bin("wv-phrases"), {"-q", "-i", fifo, "-o", out});
  const int writer = ::open(fifo.c_str(), O_WRONLY);  // blocks until wv-phrases opens it; then it waits for text
  REQUIRE(writer >= 0);
  REQUIRE(::write(writer, "new york new york ", 18) == 18);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run.signal(SIGINT);
  const RunResult r = run.wait();
  ::close(writer);
  CHECK(r.status == 130);
  CHECK(r.err.find("interrupted") != std::string::npos);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.file("")), std::filesystem::directory_iterator()) == 1);
}

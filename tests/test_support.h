#pragma once
// What the tests share: temporary files, running the built apps, synthetic
// corpora with planted topics, a double-precision nearest-neighbour
// reference, and skips that ctest reports as skipped.
#include <sys/types.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace wordvec::test {

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wordvec-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& contents) const {
    std::ofstream(file(name), std::ios::binary) << contents;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

// The whole contents of a file, as bytes.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string bin(const std::string& app) { return std::string(WORDVEC_BIN_DIR) + "/" + app; }
inline std::string shared_data(const std::string& name) { return std::string(WORDVEC_SHARED_DATA) + "/" + name; }
inline std::string source_path(const std::string& rel) { return std::string(WORDVEC_SOURCE_DIR) + "/" + rel; }

// ---- Running the apps ----

// How a program ran: its exit status and its two output streams, apart.
struct RunResult {
  std::string program;  // the file name it was run by, which its messages start with ("wv-train")
  int status = -1;      // the exit status, or 128 + the signal that ended it
  std::string out, err;
  // Peak resident memory. It includes the pages the child shared with this
  // process between fork and exec, so tests free big buffers before running.
  long max_rss_kb = 0;
};

struct RunOptions {
  std::optional<std::string> input;  // standard input; without it, /dev/null
  std::uint64_t max_file_bytes = 0;  // RLIMIT_FSIZE, as `ulimit -f` sets it; 0: no limit
};
inline RunOptions with_stdin(std::string text) { return RunOptions{std::move(text), 0}; }

// A program started with `args` (no shell between), for tests that act on
// it while it runs (signals); run_program() below is the usual way. Output
// is read as it comes, so a chatty program never blocks on a full pipe.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args, const RunOptions& options = {});
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();  // a process not waited for is killed

  // Reads output until `text` appears on stdout or stderr (true), or the
  // program closes both (false).
  bool wait_for_output(const std::string& text);
  void signal(int sig);
  RunResult wait();

 private:
  bool pump();  // one round of reading and writing; false when both outputs are closed

  RunResult result_;
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string input_;
  std::size_t written_ = 0;
};

RunResult run_program(const std::string& program, const std::vector<std::string>& args, const RunOptions& options = {});

// `args` split at spaces, for arguments without spaces (the temp dirs have
// none); an argument with spaces needs run_program(bin(...), {...}).
std::vector<std::string> split_args(const std::string& args);
inline RunResult wv_train(const std::string& args, const RunOptions& options = {}) {
  return run_program(bin("wv-train"), split_args(args), options);
}
inline RunResult wv_query(const std::string& args, const RunOptions& options = {}) {
  return run_program(bin("wv-query"), split_args(args), options);
}

// A failed run as the apps must fail: exit `status`, nothing on stdout, and
// one line on stderr that starts with the app's name and the kind of error
// ("wv-query: error: ", "wv-train: usage error: ") and contains `fragment`.
void expect_one_line_error(const RunResult& r, int status, const std::string& fragment);

// ---- Synthetic corpora ----

// Lines of words from one topic each ("t3w7": topic 3, word 7), with
// function words shared by all topics mixed in, so a word's nearest
// neighbours should be the words of its own topic.
struct CorpusSpec {
  int topics = 4;
  int words_per_topic = 8;
  int function_words = 4;  // "the", "a", "of", "and": each token is one with probability 1/4
  int min_line_words = 6, max_line_words = 11;
  std::size_t lines = 1000;  // how many lines, unless...
  std::size_t bytes = 0;     // ...nonzero: lines until the text is at least this long
  char line_end = '\n';      // ' ' makes one long line
  unsigned seed = 1;
};
std::string synthetic_corpus(const CorpusSpec& spec);
std::string topic_word(int topic, int word);
// The topic of a topic word; nullopt for a function word.
std::optional<int> topic_of(std::string_view word);

// ---- Nearest neighbours ----

// Cosine similarity and nearest neighbours in double precision, plainly
// computed: the reference for the optimised search, and the judge of what
// a trained model learned.
class ReferenceNeighbours {
 public:
  // Row i of the vectors, `dim` floats, is the vector of words[i].
  ReferenceNeighbours(std::vector<std::string> words, const float* rows, std::size_t dim, std::size_t stride);
  ReferenceNeighbours(std::vector<std::string> words, const std::vector<std::vector<float>>& rows);

  std::size_t size() const { return words_.size(); }
  const std::string& word(std::size_t id) const { return words_.at(id); }
  std::size_t id(const std::string& word) const;  // throws for a word not there
  double similarity(std::size_t a, std::size_t b) const;

  // gensim's most_similar (`multiplicative`: most_similar_cosmul): the k best
  // (score, id) for positive - negative among the first `candidates` rows
  // (0: all), best first and equal scores by id, the query's words excluded.
  std::vector<std::pair<double, std::size_t>> nearest(const std::vector<std::size_t>& positive,
                                                      const std::vector<std::size_t>& negative, std::size_t k,
                                                      bool multiplicative = false, std::size_t candidates = 0) const;
  template <typename Id>
  std::vector<std::pair<double, std::size_t>> nearest(const std::vector<Id>& positive, const std::vector<Id>& negative,
                                                      std::size_t k, bool multiplicative = false,
                                                      std::size_t candidates = 0) const {
    return nearest(std::vector<std::size_t>(positive.begin(), positive.end()),
                   std::vector<std::size_t>(negative.begin(), negative.end()), k, multiplicative, candidates);
  }
  std::vector<std::string> nearest_words(const std::vector<std::string>& positive,
                                         const std::vector<std::string>& negative, std::size_t k) const;

  // How many topic words (topic_of) have a word of their own topic as
  // their nearest neighbour.
  std::size_t nearest_in_own_topic() const;

 private:
  std::vector<std::string> words_;
  std::unordered_map<std::string, std::size_t> ids_;
  std::size_t dim_;
  std::vector<double> unit_;  // unit-length rows
};

// ---- Skips ----

// Ends the test as skipped: prints "SKIPPED: reason" when the test case
// ends, which tests/CMakeLists.txt tells ctest to report as "Skipped". A
// test case that failed a check before or after the skip is still reported
// as failed (the line is then left out). Give the reason as a string.
#define WORDVEC_SKIP(reason)                \
  do {                                      \
    ::wordvec::test::mark_skipped(reason);  \
    return;                                 \
  } while (0)
void mark_skipped(const std::string& reason);

// Shared data lives beside the project; tests that need it skip without it.
#define WORDVEC_REQUIRE_SHARED(name)                                                          \
  do {                                                                                        \
    if (!std::filesystem::exists(::wordvec::test::shared_data(name)))                         \
      WORDVEC_SKIP(::wordvec::test::shared_data(name) + " is missing");                       \
  } while (0)

}  // namespace wordvec::test

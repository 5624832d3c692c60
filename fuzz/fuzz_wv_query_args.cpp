// Fuzzes wv-query's command line: the input is an argument vector (NUL
// separates arguments), run through wv_query_main in a sandbox directory that
// holds a small model in each format (the wordvec one with context vectors),
// an analogy file, a word-pair file and a batch query file (with view lines). Whatever the arguments, the exit status is 0, 1 or 2
// and nothing escapes as a crash, an uncaught exception or a sanitizer report.
#include <omp.h>

#include <fstream>
#include <string>
#include <vector>

#include "cli_harness.h"
#include "fuzz_support.h"
#include "model/model_file.h"
#include "model/word2vec_format.h"
#include "wv_query_cli.h"

namespace {

void write_text(const char* name, const char* text) {
  std::ofstream out(name, std::ios::binary);
  out << text;
}

void write_fixtures() {
  const std::vector<std::string> words = {"the", "king", "queen", "man", "woman", "cat", "dog", "paris", "france"};
  const std::vector<std::uint64_t> counts = {90, 80, 70, 60, 50, 40, 30, 20, 10};
  constexpr std::size_t kDim = 4;
  std::vector<float> vectors(words.size() * kDim);
  for (std::size_t i = 0; i < vectors.size(); ++i) vectors[i] = static_cast<float>((i * 7 + 3) % 11) - 5.0f;
  std::vector<float> context(vectors.size());  // for attend and sense
  for (std::size_t i = 0; i < context.size(); ++i) context[i] = static_cast<float>((i * 5 + 1) % 7) - 3.0f;
  const wordvec::MatrixView view{vectors.data(), words.size(), kDim, kDim};
  wordvec::ModelContents model;
  model.words = &words;
  model.counts = &counts;
  model.input = view;
  model.context = {context.data(), words.size(), kDim, kDim};
  model.settings = {{"dim", kDim}};
  wordvec::write_model("model.wv", model);
  wordvec::export_word2vec("vectors.bin", words, view, true);
  wordvec::export_word2vec("vectors.txt", words, view, false);
  write_text("analogy.txt", ": capital\nparis france king queen\nman woman king queen\nman king woman unknown\n");
  write_text("pairs.txt", "king queen 8.5\nman woman 7\ncat dog 6.25\nthe paris 1\ncat unknown 3\n");
  write_text("queries.txt", "# a comment\nking\nneighbours cat dog\nanalogy man king woman\nsimilarity cat dog\n"
                            "king - man + woman\nunknown\nsimilarity cat\nmap king queen man\n"
                            "axis \"man : woman\" king queen\nattend the king and the queen\nsense king the queen\n");
  write_text("empty.txt", "");
}

wordvec::fuzz::Sandbox* sandbox = nullptr;
int default_threads = 1;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static wordvec::fuzz::Sandbox instance(write_fixtures);
  sandbox = &instance;
  default_threads = omp_get_max_threads();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> args = wordvec::fuzz::split_arguments(data, size);
  if (wordvec::fuzz::names_other_directories(args)) return 0;
  // --threads up to its limit (1024) is accepted, and each run would start
  // that many OpenMP threads on a model of nine words; larger values are
  // rejected before any work and are still tried.
  for (std::uint64_t threads : wordvec::fuzz::whole_number_values(args, "--threads"))
    if (threads > 4 && threads <= 10'000) return 0;
  const int status = sandbox->run(wordvec::wv_query_main, "wv-query", args);
  WORDVEC_FUZZ_CHECK(status == 0 || status == 1 || status == 2);
  // --threads sets the process's OpenMP thread count; the next run starts
  // from the default again.
  omp_set_num_threads(default_threads);
  return 0;
}

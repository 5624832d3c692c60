// Fuzzes wv-train's command line: the input is an argument vector (NUL
// separates arguments), run through wv_train_main in a sandbox directory that
// holds a small corpus, a vocabulary file, a checkpoint of that corpus and an
// empty file. Whatever the arguments, the exit status is 0, 1 or 2 (130, an
// interrupted run, cannot happen here) and nothing escapes as a crash, an
// uncaught exception or a sanitizer report; what a run writes is deleted
// after it.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cli_harness.h"
#include "fuzz_support.h"
#include "text/corpus.h"
#include "text/vocabulary.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "wv_train_cli.h"

namespace {

void write_text(const char* name, const std::string& text) {
  std::ofstream out(name, std::ios::binary);
  out << text;
}

void write_fixtures() {
  // Every word occurs at least 5 times, --min-count's default.
  std::string corpus;
  for (int i = 0; i < 6; ++i)
    corpus += "the king and the queen rule\nthe cat and the dog sleep\nparis is in france\n";
  write_text("corpus.txt", corpus);
  write_text("vocab.txt", "the 24\nand 12\nking 6\nqueen 6\ncat 6\ndog 6\n");
  write_text("empty.txt", "");
  // A run stopped before its first sentence: what --checkpoint writes on Ctrl-C.
  wordvec::TrainOptions options;
  options.dim = 4;
  options.epochs = 2;
  options.threads = 1;
  options.vocab.min_count = 1;
  const wordvec::Vocabulary vocab = wordvec::count_corpus("corpus.txt", options.tokenizer, options.vocab);
  wordvec::Trainer trainer(vocab, options);
  const std::atomic<bool> stop{true};
  wordvec::CorpusOptions spool_options;
  spool_options.tmp_dir = ".";
  spool_options.what_tmp_dir = "the sandbox";
  const auto spooled = wordvec::read_corpus({"corpus.txt"}, spool_options, &vocab);
  trainer.train(spooled->spool, [](const wordvec::TrainProgress&) {}, 1, &stop);
  wordvec::save_checkpoint("checkpoint.wv", vocab, trainer);
}

// The largest whole-number value given to any of `names`, ignoring values
// above 10^4, which are beyond every range validate() accepts for these
// flags and so are rejected before any work; `fallback` if none is given.
std::uint64_t largest_value(const std::vector<std::string>& args, std::initializer_list<std::string_view> names,
                            std::uint64_t fallback) {
  std::uint64_t largest = 0;
  for (std::string_view name : names)
    for (std::uint64_t v : wordvec::fuzz::whole_number_values(args, name))
      if (v <= 10'000 && v > largest) largest = v;
  return largest ? largest : fallback;
}

// Training's work is corpus words x epochs x dim x window x negative, so
// runs whose settings multiply it beyond 16 times the defaults (5 x 100 x 5
// x 5), or that start more than 4 threads, are skipped: each would take a
// good part of a second where the others take milliseconds. The validation
// of these flags is still fuzzed with every value outside that.
bool slow(const std::vector<std::string>& args) {
  const std::uint64_t work = largest_value(args, {"--epochs", "--iter"}, 5) * largest_value(args, {"--dim", "--size"}, 100) *
                             largest_value(args, {"--window"}, 5) * largest_value(args, {"--negative"}, 5);
  return work > 16 * 12'500 || largest_value(args, {"--threads"}, 1) > 4;
}

// Subwords (any of --minn, --maxn, --bucket) allocate and initialise bucket
// x dim floats, 2,000,000 x 100 by default (800 MB and seconds, past the
// fuzzer's memory limit): runs with more than 2^22 of them are skipped.
bool big_subwords(const std::vector<std::string>& args) {
  bool on = false;
  for (const std::string& a : args)
    for (const std::string name : {"--minn", "--maxn", "--bucket"})
      if (a == name || a.rfind(name + "=", 0) == 0) on = true;
  if (!on) return false;
  std::uint64_t bucket = 0;
  for (std::uint64_t v : wordvec::fuzz::whole_number_values(args, "--bucket"))
    if (v <= 0x7FFFFFFF) bucket = std::max(bucket, v);  // larger ones are refused before any work
  return (bucket ? bucket : 2'000'000) * largest_value(args, {"--dim", "--size"}, 100) > (std::uint64_t{1} << 22);
}

wordvec::fuzz::Sandbox* sandbox = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // "-i -" reads stdin: make it empty, never a terminal or a pipe left open.
  if (!std::freopen("/dev/null", "r", stdin)) return 1;
  static wordvec::fuzz::Sandbox instance(write_fixtures);
  sandbox = &instance;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> args = wordvec::fuzz::split_arguments(data, size);
  if (wordvec::fuzz::names_other_directories(args) || slow(args) || big_subwords(args)) return 0;
  const int status = sandbox->run(wordvec::wv_train_main, "wv-train", args);
  WORDVEC_FUZZ_CHECK(status == 0 || status == 1 || status == 2);
  return 0;
}

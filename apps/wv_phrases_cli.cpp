// wv-phrases's command line (see wv_phrases_cli.h).
#include <sys/stat.h>

#include <cerrno>
#include <atomic>
#include <csignal>
#include <optional>
#include <cstdio>
#include <cstring>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "wv_phrases_cli.h"

#include "app_main.h"
#include "corpus_reading.h"
#include "flags.h"

#include "base/error.h"
#include "base/file.h"
#include "base/text.h"
#include "model/atomic_file.h"
#include "text/corpus_input.h"
#include "text/phrases.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

struct Flags {
  std::vector<std::string> inputs;
  std::string output, tmp_dir;
  std::vector<double> thresholds = {100};
  std::size_t passes = 0;  // 0: one per threshold
  wordvec::PhraseOptions phrases;
  bool quiet = false;
};

// One threshold per pass, or one for every pass.
void check_passes(Flags& f) {
  for (double t : f.thresholds)
    if (t < 0) throw CLI::ValidationError(fmt::format("--threshold must be at least 0, got {}", t));
  if (f.passes == 0) f.passes = f.thresholds.size();
  if (f.thresholds.size() != 1 && f.thresholds.size() != f.passes)
    throw CLI::ValidationError(fmt::format("--threshold gives {} values for {} passes: give one, or one per pass",
                                           f.thresholds.size(), f.passes));
  f.phrases.thresholds.assign(f.passes, static_cast<float>(f.thresholds[0]));
  for (std::size_t i = 0; i < f.thresholds.size(); ++i) f.phrases.thresholds[i] = static_cast<float>(f.thresholds[i]);
}

void add_flags(CLI::App& app, Flags& f) {
  app.add_option("-i,--input", f.inputs,
                 "Text to read: files, '-' for stdin, directories (their regular files in name order), one after "
                 "another; gzip, xz, zstd and bzip2 are decompressed. Tokens are separated by whitespace, lines by newlines")
      ->required()
      ->expected(1, CLI::detail::expected_max_vector_size);
  app.add_option("-o,--output", f.output, "Where to write the phrased text ('-' for stdout; a pipe or device is written in place)")->required();
  app.add_option("--threshold", f.thresholds,
                 "Join a pair whose score is above this; one value for every pass or one per pass, comma-separated "
                 "(word2vec's demo: --threshold 200,100)")
      ->delimiter(',')
      ->check(wordvec::finite_number())
      ->capture_default_str();
  app.add_option("--passes", f.passes, "Passes over the text; each can join the previous pass's phrases into longer "
                                       "ones (default: one per --threshold value)")
      ->check(wordvec::whole_number(1, 100));
  app.add_option("--min-count", f.phrases.min_count, "Words and pairs seen fewer times are never joined")
      ->check(wordvec::whole_number())
      ->capture_default_str();
  app.add_flag("--lowercase", f.phrases.tokenizer.lowercase, "Fold ASCII A-Z to lowercase before counting");
  app.add_option("--max-token-bytes", f.phrases.tokenizer.max_token_bytes,
                 "Longer tokens are cut to this many bytes, on a UTF-8 character boundary")
      ->check(wordvec::whole_number(1, 1 << 20))
      ->capture_default_str();
  app.add_option("--prune-threshold", f.phrases.prune_threshold,
                 "While counting, drop the rarest pairs whenever more than this many distinct pairs are held")
      ->check(wordvec::whole_number(1, std::uint64_t{1} << 40))
      ->capture_default_str();
  app.add_option("--threads", f.phrases.threads, "Threads counting pairs (default: all cores)")
      ->check(wordvec::whole_number(1, wordvec::kMaxThreads))
      ->capture_default_str();
  app.add_option("--tmp-dir", f.tmp_dir,
                 "Directory for the temporary spools of the text (4 bytes a word; default: $TMPDIR, else /tmp)");
  app.add_flag("-q,--quiet", f.quiet, "Print nothing but errors");
  app.callback([&f] { check_passes(f); });
}

void log_passes(const std::vector<wordvec::PhrasePassStats>& passes) {
  for (std::size_t i = 0; i < passes.size(); ++i) {
    const wordvec::PhrasePassStats& p = passes[i];
    fmt::print(stderr,
               "Pass {} (threshold {}): {} tokens, {} distinct pairs, {} phrases joined {} times; {:.1f} s, of which "
               "counting {:.1f} s\n",
               i + 1, p.threshold, wordvec::with_thousands(p.tokens), wordvec::with_thousands(p.distinct_pairs),
               wordvec::with_thousands(p.phrase_types), wordvec::with_thousands(p.joined), p.seconds, p.count_seconds);
  }
}

// A pipe or device named by -o (/dev/null, /dev/stdout, a FIFO) is written
// in place: AtomicFile's rename would replace it with a regular file.
bool is_special_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// Writes to stdout or a special file, as `name` says in errors.
class StreamOutput {
 public:
  StreamOutput(FILE* file, std::string name) : file_(file), name_(std::move(name)) {
    if (!file_) fail();
  }
  ~StreamOutput() {
    if (file_ && file_ != stdout) std::fclose(file_);
  }
  StreamOutput(const StreamOutput&) = delete;
  StreamOutput& operator=(const StreamOutput&) = delete;
  void write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail();
  }
  void finish() {
    if (std::fflush(file_) != 0) fail();
  }

 private:
  [[noreturn]] void fail() const { throw wordvec::Error(fmt::format("cannot write to {}: {}", name_, std::strerror(errno))); }
  FILE* file_;
  std::string name_;
};

int run(Flags& f) {
  const std::vector<std::string> inputs = wordvec::expand_inputs(f.inputs);
  const bool to_stdout = f.output == wordvec::kStdinName, in_place = to_stdout || is_special_file(f.output);
  if (!to_stdout) {
    std::vector<wordvec::FlaggedPath> read_paths;
    for (const std::string& input : inputs)
      if (input != wordvec::kStdinName) read_paths.push_back({"--input", input});
    wordvec::check_distinct_files(read_paths, {{"--output", f.output}});
    if (!in_place) wordvec::check_writable(f.output);
  }
  wordvec::PhraseOptions& options = f.phrases;
  const wordvec::SpoolPlace spool = wordvec::spool_place(f.tmp_dir);
  options.tmp_dir = spool.dir;
  options.what_tmp_dir = spool.what;
  options.decoder_threads = wordvec::decoder_threads();
  options.stop = &g_stop;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::optional<std::vector<wordvec::PhrasePassStats>> passes;
  if (in_place) {
    StreamOutput out(to_stdout ? stdout : std::fopen(f.output.c_str(), "wb"),
                     to_stdout ? std::string("stdout") : fmt::format("'{}'", f.output));
    passes = wordvec::find_phrases(inputs, options, [&](std::string_view text) { out.write(text); });
    if (passes) out.finish();
  } else {
    wordvec::AtomicFile out(f.output);
    passes = wordvec::find_phrases(inputs, options, [&](std::string_view text) { out.write(text.data(), text.size()); });
    if (passes) out.commit();
  }
  if (!passes) {
    fmt::print(stderr, "wv-phrases: interrupted; {}\n", in_place ? "the output is incomplete" : "nothing written");
    return wordvec::kExitInterrupted;
  }
  if (!f.quiet) log_passes(*passes);
  return wordvec::kExitOk;
}

}  // namespace

int wordvec::wv_phrases_main(int argc, char** argv) {
  CLI::App app{"wv-phrases: join frequent word pairs into phrases (word2vec's word2phrase), pass after pass"};
  app.option_defaults()->always_capture_default();
  Flags flags;
  flags.phrases.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  add_flags(app, flags);
  return wordvec::app_main(app, argc, argv, {"wv-phrases", false, " (try a smaller --prune-threshold)"},
                           [&] { return run(flags); });
}

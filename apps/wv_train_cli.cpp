// wv-train's command line (see wv_train_cli.h).
#include <csignal>
#include <optional>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "wv_train_cli.h"

#include "app_main.h"
#include "flags.h"

#include "model/atomic_file.h"
#include "train/checkpoint.h"
#include "train/model_writer.h"
#include "base/error.h"
#include "base/file.h"
#include "model/model_file.h"
#include "model/word2vec_format.h"
#include "train/progress.h"
#include "train/train_options.h"
#include "train/trainer.h"
#include "text/vocabulary.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

struct Flags {
  std::string input, output, checkpoint, resume, save_vocab, read_vocab, export_w2v, export_w2v_text, mode = "window";
  wordvec::TrainOptions train;
  bool no_context = false, quiet = false;
};

void add_flags(CLI::App& app, Flags& f) {
  app.add_option("-i,--input", f.input, "Training corpus: a text file, tokens separated by whitespace, sentences by newlines")
      ->required();
  app.add_option("-o,--output", f.output, "Where to write the model (wordvec binary format)");
  app.add_option("--dim,--size", f.train.dim, "Dimension of the word vectors")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--window", f.train.window, "Maximum distance between a word and its context words")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--negative", f.train.negative, "Negative samples per positive example")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--sample", f.train.sample, "Subsampling threshold for frequent words (0 = off)")->check(wordvec::finite_number())->capture_default_str();
  app.add_option("--min-count", f.train.vocab.min_count, "Ignore words that occur fewer times")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--max-vocab", f.train.vocab.max_size, "Keep at most this many of the most frequent words (0 = no limit)")
      ->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--epochs,--iter", f.train.epochs, "Passes over the corpus")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--lr,--alpha", f.train.lr, "Starting learning rate; decays linearly to lr * 1e-4")->check(wordvec::finite_number())->capture_default_str();
  app.add_option("--threads", f.train.threads, "Training threads (default: all cores)")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--seed", f.train.seed, "Random seed; with --threads 1 a run is bit-for-bit reproducible")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--mode", f.mode, "Update scheme: 'window' shares negatives across a window (fast), 'pair' is word2vec's per-pair SGNS")
      ->capture_default_str();
  app.add_flag("--lowercase", f.train.tokenizer.lowercase, "Fold ASCII A-Z to lowercase (other bytes are kept as they are)");
  app.add_option("--max-token-bytes", f.train.tokenizer.max_token_bytes,
                 "Longer tokens are cut to this many bytes, on a UTF-8 character boundary")
      ->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--max-sentence-words", f.train.max_sentence_words, "Lines longer than this are split into several sentences")
      ->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--prune-threshold", f.train.vocab.prune_threshold,
                 "While counting, drop the rarest words whenever more than this many distinct words are held")
      ->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--save-vocab", f.save_vocab, "Also write the vocabulary as 'word count' lines (word2vec format)");
  app.add_option("--read-vocab", f.read_vocab, "Use this 'word count' vocabulary instead of counting the corpus");
  CLI::Option* no_context = app.add_flag("--no-context", f.no_context,
               "Leave the context (output) vectors out of the model: a file half the size, but wv-query's "
               "attend and sense need them");
  // Context vectors are kept by default now; the old opt-in flag still parses.
  app.add_flag("--save-context", "Keep the context vectors (the default; kept for old scripts)")->excludes(no_context);
  app.add_option("--export-w2v", f.export_w2v, "Also write the vectors in word2vec's binary format");
  app.add_option("--export-w2v-text", f.export_w2v_text, "Also write the vectors in word2vec's text format");
  app.add_option("--checkpoint", f.checkpoint,
                 "On Ctrl-C or SIGTERM, save the training state here (instead of discarding it)");
  app.add_option("--resume", f.resume, "Continue a run from a --checkpoint file (its settings override the flags)")
      ->check(CLI::ExistingFile);
  app.add_flag("-q,--quiet", f.quiet, "Print nothing but errors");
  // Once parsing is done, the settings' ranges are checked by the one
  // function that also checks checkpoints; as a ParseError, a bad value
  // exits like any other bad flag.
  app.callback([&f] {
    try {
      f.train.mode = wordvec::parse_update_mode(f.mode);
      wordvec::validate(f.train);
    } catch (const wordvec::Error& e) {
      throw CLI::ValidationError(e.what());
    }
  });
}

// The vocabulary to train with: counted from the corpus, or read from a file.
wordvec::Vocabulary build_vocabulary(const Flags& f) {
  wordvec::Vocabulary vocab;
  if (f.read_vocab.empty()) {
    vocab = wordvec::count_corpus(f.input, f.train.tokenizer, f.train.vocab);
  } else {
    vocab = wordvec::Vocabulary::load(f.read_vocab);
    vocab.finalize(f.train.vocab.min_count, f.train.vocab.max_size);
  }
  if (vocab.size() == 0)
    throw wordvec::Error(fmt::format("no word in '{}' occurs at least {} times (lower --min-count?)",
                                     f.read_vocab.empty() ? f.input : f.read_vocab, f.train.vocab.min_count));
  return vocab;
}

int run(const Flags& f) {
  if (f.output.empty() && f.export_w2v.empty() && f.export_w2v_text.empty() && f.save_vocab.empty() &&
      f.checkpoint.empty())
    throw wordvec::Error("nothing to write: give --output (or --export-w2v, --export-w2v-text, --save-vocab)");
  auto log = [&](const std::string& line) {
    if (!f.quiet) fmt::print(stderr, "{}\n", line);
  };

  // Nothing is touched before every output is known to be distinct from
  // every input and from each other, and creatable.
  wordvec::check_distinct_files({{"--input", f.input}, {"--read-vocab", f.read_vocab}, {"--resume", f.resume}},
                                {{"--output", f.output},
                                 {"--checkpoint", f.checkpoint},
                                 {"--save-vocab", f.save_vocab},
                                 {"--export-w2v", f.export_w2v},
                                 {"--export-w2v-text", f.export_w2v_text}});
  for (const std::string* path : {&f.output, &f.checkpoint, &f.save_vocab, &f.export_w2v, &f.export_w2v_text})
    if (!path->empty()) wordvec::check_writable(*path);
  if (wordvec::corpus_file_size(f.input) == 0) throw wordvec::Error(fmt::format("corpus '{}' is empty", f.input));
  wordvec::TrainOptions options = f.train;
  std::optional<wordvec::Checkpoint> checkpoint;
  wordvec::Vocabulary vocab;
  if (!f.resume.empty()) {
    // A resumed run trains with the checkpoint's settings, whatever the flags say.
    checkpoint.emplace(wordvec::load_checkpoint(f.resume));
    vocab = std::move(checkpoint->vocab);
    options = checkpoint->train;
    log(fmt::format("Resuming from '{}' at {} of {} words", f.resume, checkpoint->state.words_done,
                    vocab.total_count() * static_cast<std::uint64_t>(options.epochs)));
  } else {
    vocab = build_vocabulary(f);
  }
  log(fmt::format("Vocabulary: {} words, {} corpus tokens", vocab.size(), vocab.total_count()));
  if (!f.save_vocab.empty()) vocab.save(f.save_vocab);
  if (f.output.empty() && f.export_w2v.empty() && f.export_w2v_text.empty() && f.checkpoint.empty()) return 0;

  wordvec::Trainer trainer(vocab, options);
  if (checkpoint) {
    trainer.restore(checkpoint->file.input_vectors(), checkpoint->file.context_vectors(), checkpoint->state);
    checkpoint.reset();  // unmaps the file: the checkpoint may now be overwritten
  }
  wordvec::ProgressDisplay display(stderr);
  wordvec::TrainProgress last;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  const bool completed = trainer.train(
      f.input,
      [&](const wordvec::TrainProgress& p) {
        last = p;
        if (!f.quiet) display.update(p);
      },
      0.25, &g_stop);
  if (!completed) {
    if (f.checkpoint.empty()) {
      fmt::print(stderr, "wv-train: interrupted at {:.1f}%; no model written (use --checkpoint to keep progress)\n",
                 100 * last.fraction);
    } else {
      wordvec::save_checkpoint(f.checkpoint, vocab, trainer);
      fmt::print(stderr, "wv-train: interrupted at {:.1f}%; checkpoint written to '{}' (continue with --resume)\n",
                 100 * last.fraction, f.checkpoint);
    }
    return wordvec::kExitInterrupted;
  }
  log(wordvec::ProgressDisplay::format_summary(last));

  if (!f.output.empty()) {
    wordvec::save_model(f.output, vocab, trainer, !f.no_context,
                        {{"tool", "wv-train"},
                         {"version", WORDVEC_VERSION},
                         {"corpus", f.input},
                         {"corpus_words", vocab.total_count()},
                         {"trained_words", last.words},
                         {"train_seconds", last.seconds},
                         {"final_loss", last.loss}});
    log(fmt::format("Wrote {}", f.output));
  }
  if (!f.export_w2v.empty()) wordvec::export_word2vec(f.export_w2v, vocab.words(), trainer.input().view(), true);
  if (!f.export_w2v_text.empty())
    wordvec::export_word2vec(f.export_w2v_text, vocab.words(), trainer.input().view(), false);
  return 0;
}

}  // namespace

int wordvec::wv_train_main(int argc, char** argv) {
  // Past RLIMIT_FSIZE (ulimit -f) the kernel sends SIGXFSZ, whose default
  // action kills the process and leaves the temporary file behind; ignored,
  // write() fails with EFBIG instead and the error path below reports it.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"wv-train: learn word vectors with skip-gram and negative sampling (word2vec's SGNS)"};
  app.option_defaults()->always_capture_default();
  Flags flags;
  flags.train.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  add_flags(app, flags);
  return wordvec::app_main(app, argc, argv, {"wv-train", false, " (try a smaller --dim or --max-vocab)"},
                           [&] { return run(flags); });
}

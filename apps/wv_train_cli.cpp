// wv-train's command line (see wv_train_cli.h).
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "wv_train_cli.h"

#include "app_main.h"
#include "corpus_reading.h"
#include "flags.h"

#include "model/atomic_file.h"
#include "train/checkpoint.h"
#include "cluster/cluster.h"
#include "cluster/model_sync.h"
#include "cluster/vocabulary_agreement.h"
#include "train/continued_training.h"
#include "train/model_writer.h"
#include "base/error.h"
#include "base/file.h"
#include "base/text.h"
#include "model/model_file.h"
#include "train/progress.h"
#include "train/train_options.h"
#include "train/trainer.h"
#include "text/corpus.h"
#include "text/corpus_input.h"
#include "text/vocabulary.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

struct Flags {
  std::vector<std::string> inputs;
  std::string tmp_dir;
  std::string output, checkpoint, resume, save_vocab, read_vocab, export_w2v, export_w2v_text, mode = "window";
  std::string model = "skipgram", loss = "ns";
  std::string init;
  double init_weight = 0;  // when given: the --init model's weight in the final average
  std::vector<std::string> given;  // the flags given, by their first long name: --init's overrides
  wordvec::TrainOptions train;
  // --minn/--maxn/--bucket as given; any of them turns subwords on with
  // fastText's defaults for the others, unless --maxn is 0.
  wordvec::SubwordOptions subwords{wordvec::kDefaultMinn, wordvec::kDefaultMaxn, wordvec::kDefaultBucket};
  bool no_context = false, quiet = false;
  std::uint64_t sync_words = 0;  // under mpirun: words per process between rounds of merging (0: by -np)
};

// The flags that one model or loss has no use for are refused, not
// ignored; and CBOW starts from its own learning rate unless --lr is given.
void check_model_flags(const CLI::App& app, wordvec::TrainOptions& train) {
  if (train.loss == wordvec::LossType::kHierarchicalSoftmax && app.count("--negative"))
    throw wordvec::Error("--loss hs (hierarchical softmax) draws no negative samples: drop --negative");
  if (train.model == wordvec::ModelType::kCbow && app.count("--mode"))
    throw wordvec::Error("--mode chooses skip-gram's update scheme; --model cbow has one (drop --mode)");
  if (train.model == wordvec::ModelType::kCbow && !app.count("--lr")) train.lr = wordvec::kCbowDefaultLr;
}

// The corpus, how it is cut into words, and which words are kept.
// Returns --read-vocab, which --init excludes.
CLI::Option* add_text_flags(CLI::App& app, Flags& f) {
  app.add_option("-i,--input", f.inputs,
                 "Training corpus: text files, '-' for stdin, directories (their regular files in name order), read one "
                 "after another (-i a.txt b.xz, or -i again). gzip, xz, zstd and bzip2 files are decompressed, recognised by their first bytes. "
                 "Tokens are separated by whitespace, sentences by newlines")
      ->required()
      ->expected(1, CLI::detail::expected_max_vector_size);
  app.add_option("--tmp-dir", f.tmp_dir,
                 "Directory for the temporary spool of the corpus (4 bytes a word; default: $TMPDIR, else /tmp)");
  app.add_option("--min-count", f.train.vocab.min_count, "Ignore words that occur fewer times")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--max-vocab", f.train.vocab.max_size, "Keep at most this many of the most frequent words (0 = no limit)")
      ->check(wordvec::whole_number())->capture_default_str();
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
  return app.add_option("--read-vocab", f.read_vocab, "Use this 'word count' vocabulary instead of counting the corpus");
}

// Subwords are on when any of their three flags is given.
struct SubwordFlags {
  CLI::Option *minn = nullptr, *maxn = nullptr, *bucket = nullptr;
};

// The model, the objective and the schedule.
SubwordFlags add_training_flags(CLI::App& app, Flags& f) {
  app.add_option("--dim,--size", f.train.dim, "Dimension of the word vectors")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--window", f.train.window, "Maximum distance between a word and its context words")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--negative", f.train.negative, "Negative samples per positive example")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--sample", f.train.sample, "Subsampling threshold for frequent words (0 = off)")->check(wordvec::finite_number())->capture_default_str();
  app.add_option("--epochs,--iter", f.train.epochs, "Passes over the corpus")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--lr,--alpha", f.train.lr, "Starting learning rate; decays linearly to lr * 1e-4 (default: 0.025 for skip-gram, 0.05 for CBOW)")->check(wordvec::finite_number());
  app.add_option("--threads", f.train.threads, "Training threads (default: all cores)")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--seed", f.train.seed, "Random seed; with --threads 1 a run is bit-for-bit reproducible")->check(wordvec::whole_number())->capture_default_str();
  app.add_option("--mode", f.mode, "Update scheme: 'window' shares negatives across a window (fast), 'pair' is word2vec's per-pair SGNS")
      ->capture_default_str();
  app.add_option("--model", f.model, "'skipgram': each context word predicts the centre word; 'cbow': their mean does (word2vec -cbow 1)")
      ->capture_default_str();
  app.add_option("--loss", f.loss, "'ns': negative sampling; 'hs': hierarchical softmax over a Huffman tree (word2vec -hs 1 -negative 0)")
      ->capture_default_str();
  const std::string subwords =
      " (giving any of --minn, --maxn, --bucket turns fastText's subwords on, the others at their defaults; "
      "--maxn 0 or none of them: off)";
  SubwordFlags flags;
  flags.minn = app.add_option("--minn", f.subwords.minn, "Shortest character n-gram of a word" + subwords)
                          ->check(wordvec::whole_number(0, wordvec::kMaxSubwordChars))->capture_default_str();
  flags.maxn = app.add_option("--maxn", f.subwords.maxn, "Longest character n-gram of a word (0: no subwords)")
                          ->check(wordvec::whole_number(0, wordvec::kMaxSubwordChars))->capture_default_str();
  flags.bucket = app.add_option("--bucket", f.subwords.bucket,
                                       "Rows that the n-grams are hashed into; they dominate memory: bucket x dim x 4 "
                                       "bytes, 800 MB for the default at --dim 100")
                            ->check(wordvec::whole_number(1, 0x7FFFFFFF))->capture_default_str();
  return flags;
}

// What the run writes, and the state or model it starts from.
void add_output_flags(CLI::App& app, Flags& f, CLI::Option* read_vocab) {
  app.add_option("-o,--output", f.output, "Where to write the model (wordvec binary format)");
  CLI::Option* no_context = app.add_flag("--no-context", f.no_context,
               "Leave the context (output) vectors out of the model: a file half the size, but wv-query's "
               "attend and sense need them");
  // Context vectors are kept by default now; the old opt-in flag still parses.
  app.add_flag("--save-context", "Keep the context vectors (the default; kept for old scripts)")->excludes(no_context);
  app.add_option("--export-w2v", f.export_w2v, "Also write the vectors in word2vec's binary format");
  app.add_option("--export-w2v-text", f.export_w2v_text, "Also write the vectors in word2vec's text format");
  app.add_option("--checkpoint", f.checkpoint,
                 "On Ctrl-C or SIGTERM, save the training state here (instead of discarding it)");
  CLI::Option* resume =
      app.add_option("--resume", f.resume, "Continue a run from a --checkpoint file (its settings override the flags)")
          ->check(CLI::ExistingFile);
  app.add_option("--init", f.init,
                 "Continue training this wordvec model (saved with context vectors) on the new text: its words, "
                 "vectors and settings, the flags given overriding them (not --dim), new words that reach --min-count "
                 "added, a fresh --lr schedule")
      ->excludes(resume)
      ->excludes(read_vocab);
  app.add_option("--init-weight", f.init_weight,
                 "The --init model's weight in the average of it and the trained model that ends the run, 0 to 1 "
                 "(default: its share of the words, the model's counts against the new text's; 0: no average)")
      ->default_str("share")
      ->check(wordvec::finite_number())
      ->check(CLI::Range(0.0, 1.0))
      ->needs("--init");
  app.add_flag("-q,--quiet", f.quiet, "Print nothing but errors");
  app.add_option("--sync-words", f.sync_words,
                 "Under mpirun: words each process trains between rounds of merging the processes' models "
                 "(docs/scaling.md)")
      ->check(CLI::Range(std::uint64_t{1000}, std::uint64_t{1} << 40))
      ->default_str("200,000 / processes");
}

void add_flags(CLI::App& app, Flags& f) {
  CLI::Option* read_vocab = add_text_flags(app, f);
  const SubwordFlags subword_flags = add_training_flags(app, f);
  add_output_flags(app, f, read_vocab);
  // Once parsing is done, the settings' ranges are checked by the one
  // function that also checks checkpoints; as a ParseError, a bad value
  // exits like any other bad flag.
  app.callback([&f, &app, subword_flags] {
    for (const CLI::Option* option : app.get_options())
      if (option->count() > 0) f.given.push_back(option->get_name());
    try {
      f.train.mode = wordvec::parse_update_mode(f.mode);
      f.train.model = wordvec::parse_model_type(f.model);
      f.train.loss = wordvec::parse_loss_type(f.loss);
      check_model_flags(app, f.train);
      const bool subwords_asked = subword_flags.minn->count() + subword_flags.maxn->count() + subword_flags.bucket->count() > 0;
      f.train.subwords = subwords_asked && f.subwords.maxn > 0 ? f.subwords : wordvec::SubwordOptions{};
      wordvec::validate(f.train);
    } catch (const wordvec::Error& e) {
      throw CLI::ValidationError(e.what());
    }
  });
}

// Where the spool goes, and how errors name that place.
wordvec::CorpusOptions corpus_options(const Flags& f, const wordvec::TrainOptions& options) {
  wordvec::CorpusOptions c;
  c.tokenizer = options.tokenizer;
  c.vocab = options.vocab;
  c.max_sentence_words = options.max_sentence_words;
  const wordvec::SpoolPlace spool = wordvec::spool_place(f.tmp_dir);
  c.tmp_dir = spool.dir;
  c.what_tmp_dir = spool.what;
  c.decoder_threads = wordvec::decoder_threads();
  return c;
}

using Log = std::function<void(const std::string&)>;

// What the first pass did, in two lines.
void log_corpus(const Log& log, const wordvec::Corpus& c, const wordvec::CorpusOptions& options) {
  const wordvec::CorpusStats& s = c.stats;
  const std::string from = s.input_bytes != s.text_bytes ? fmt::format(" (from {} read)", wordvec::readable_size(s.input_bytes)) : "";
  log(fmt::format("Read {} of text{} once in {:.1f} s ({:.0f} MB/s; {:.1f} s of it waiting for input): {} words",
                  wordvec::readable_size(s.text_bytes), from, s.read_seconds,
                  s.read_seconds > 0 ? s.text_bytes / 1e6 / s.read_seconds : 0.0, s.wait_seconds,
                  wordvec::with_thousands(s.tokens)));
  if (!options.spool) return;
  log(fmt::format("Spool: {} of word ids in '{}' ({} bytes a word, {:.2f} bytes per byte of text; {} at its largest), "
                  "finished in {:.1f} s; removed on exit",
                  wordvec::readable_size(static_cast<double>(c.spool.bytes())), options.tmp_dir, wordvec::kSpoolEntryBytes,
                  s.text_bytes ? static_cast<double>(c.spool.bytes()) / static_cast<double>(s.text_bytes) : 0.0,
                  wordvec::readable_size(static_cast<double>(s.raw_spool_bytes)), s.finish_seconds));
}

void log_sync(const Log& log, const wordvec::SyncStats& s, std::size_t dim) {
  const double bytes = static_cast<double>(s.rows) * static_cast<double>(dim) * sizeof(float);
  log(fmt::format("Merged the models {} times: {} rows, {} from each process, in {:.2f} s", s.rounds,
                  wordvec::with_thousands(s.rows), wordvec::readable_size(bytes), s.seconds));
}

void silence_stderr() {
  const int null = ::open("/dev/null", O_WRONLY);
  if (null < 0) return;
  ::dup2(null, STDERR_FILENO);
  if (null != STDERR_FILENO) ::close(null);
}

bool same_vocabulary(const wordvec::Vocabulary& a, const wordvec::Vocabulary& b) {
  return a.words() == b.words() && a.counts() == b.counts();
}

// A stopped run's checkpoint. Under mpirun every process has the same
// weights by now (the last round merges every row) but its own position in
// its share: rank 0 writes the weights with every process's state.
void write_checkpoint(const std::string& path, const wordvec::Vocabulary& vocab, const wordvec::Trainer& trainer,
                      const nlohmann::json& extra, wordvec::Cluster* cluster) {
  if (!cluster) return wordvec::save_checkpoint(path, vocab, trainer, extra);
  std::vector<wordvec::TrainState> states;
  cluster->meet(false);
  cluster->gather(wordvec::to_json(trainer.state()).dump(), [&](std::string_view bytes) {
    states.push_back(wordvec::train_state_from_json(nlohmann::json::parse(bytes)));
  });
  if (cluster->rank() == 0) wordvec::save_checkpoint(path, vocab, trainer, extra, states);
  cluster->meet(false);  // a failure to write on rank 0 fails every process
}

// Every input is named and opened before anything else, and nothing is
// touched before every output is known to be distinct from every input and
// from each other, and creatable.
void check_paths(const Flags& f, const std::vector<std::string>& inputs, const wordvec::Cluster* cluster) {
  if (cluster && std::find(inputs.begin(), inputs.end(), wordvec::kStdinName) != inputs.end())
    throw wordvec::Error("stdin ('-') cannot be read under mpirun, which gives it to rank 0 alone: give files");
  std::vector<wordvec::FlaggedPath> read_paths = {
      {"--read-vocab", f.read_vocab}, {"--resume", f.resume}, {"--init", f.init}};
  for (const std::string& input : inputs)
    if (input != wordvec::kStdinName) read_paths.push_back({"--input", input});
  wordvec::check_distinct_files(read_paths, {{"--output", f.output},
                                             {"--checkpoint", f.checkpoint},
                                             {"--save-vocab", f.save_vocab},
                                             {"--export-w2v", f.export_w2v},
                                             {"--export-w2v-text", f.export_w2v_text}});
  for (const std::string* path : {&f.output, &f.checkpoint, &f.save_vocab, &f.export_w2v, &f.export_w2v_text})
    if (!path->empty() && (!cluster || cluster->rank() == 0)) wordvec::check_writable(*path);
}

// What a run starts from besides its text: the flags' settings, or a
// checkpoint's (--resume), a vocabulary to keep (--read-vocab, or the
// checkpoint's), and the model it continues (--init).
struct StartingPoint {
  wordvec::TrainOptions options;
  std::optional<wordvec::Checkpoint> checkpoint;
  std::optional<wordvec::Vocabulary> given;  // the vocabulary to keep, when it is not counted
  std::optional<wordvec::InitModel> init;    // --init's, or the one a resumed continued run ends averaged with
};

StartingPoint starting_point(const Flags& f, const wordvec::Cluster* cluster, const Log& log) {
  StartingPoint start{f.train, std::nullopt, std::nullopt, std::nullopt};
  if (!f.resume.empty()) {
    // A resumed run trains with the checkpoint's settings, whatever the flags say.
    start.checkpoint.emplace(wordvec::load_checkpoint(f.resume));
    wordvec::take_process_state(*start.checkpoint, f.resume, cluster ? cluster->rank() : 0, cluster ? cluster->size() : 1);
    start.options = start.checkpoint->train;
    if (start.checkpoint->state.spool.vocabulary_given) start.given = start.checkpoint->vocab;
    log(fmt::format("Resuming from '{}' at {} of {} words", f.resume, start.checkpoint->state.words_done,
                    wordvec::schedule_words(start.checkpoint->vocab, start.checkpoint->state) *
                        static_cast<std::uint64_t>(start.options.epochs)));
  } else if (!f.read_vocab.empty()) {
    start.given = wordvec::Vocabulary::load(f.read_vocab);
    start.given->finalize(start.options.vocab.min_count, start.options.vocab.max_size);
    if (start.given->size() == 0)
      throw wordvec::Error(fmt::format("no word in '{}' occurs at least {} times (lower --min-count?)", f.read_vocab,
                                       start.options.vocab.min_count));
  }
  if (!f.init.empty()) {
    start.init.emplace(wordvec::load_init_model(f.init));
    start.options = wordvec::continued_options(*start.init, f.train, f.given);
    log(fmt::format("Continuing '{}': {} words of {} dimensions", f.init, start.init->vocab.size(), start.options.dim));
  }
  return start;
}

// The first pass: the text is read once, counted and spooled as word ids
// (only counted for --save-vocab alone). Empty when interrupted.
// Under mpirun each process spools its share and the processes agree on
// one vocabulary, or meet once after reading, to stop together.
std::optional<wordvec::Corpus> read_text(const Flags& f, const std::vector<std::string>& inputs,
                                         const StartingPoint& start, bool train, wordvec::Cluster* cluster,
                                         const Log& log) {
  wordvec::CorpusOptions corpus_opts = corpus_options(f, start.options);
  corpus_opts.spool = train;
  bool met = false;  // whether the processes met to agree on the vocabulary
  if (cluster) {
    corpus_opts.share_index = cluster->rank();
    corpus_opts.share_count = cluster->size();
    corpus_opts.agree_vocabulary = [&](const wordvec::Vocabulary& counted) {
      met = true;
      return wordvec::agree_vocabulary(*cluster, counted, start.options.vocab, g_stop.load(),
                                       start.init ? &start.init->vocab : nullptr);
    };
  }
  if (start.init) corpus_opts.base = &start.init->vocab;
  wordvec::check_spool_space(inputs, corpus_opts);
  wordvec::ProgressDisplay reading(stderr);
  std::optional<wordvec::Corpus> corpus = wordvec::read_corpus(
      inputs, corpus_opts, start.given ? &*start.given : nullptr,
      [&](const wordvec::ReadProgress& p) {
        if (!f.quiet) reading.update(p);
      },
      0.25, &g_stop);
  if (cluster && !met && cluster->meet(!corpus)) corpus.reset();
  if (!corpus) return corpus;
  // What the first pass freed (its reading buffers, the counting table's
  // rare words) goes back to the system before the model is allocated, so
  // the peak is the larger of the two phases, not their sum.
  ::malloc_trim(0);
  const wordvec::Vocabulary& vocab = corpus->vocab;
  if (start.checkpoint && !start.given && !same_vocabulary(vocab, start.checkpoint->vocab))
    throw wordvec::Error(fmt::format("the corpus is not the one checkpoint '{}' was made from: its vocabulary differs",
                                     f.resume));
  if (vocab.size() == 0)
    throw wordvec::Error(fmt::format("no word in {} occurs at least {} times (lower --min-count?)",
                                     inputs.size() == 1 ? wordvec::input_display_name(inputs[0]) : "the corpus",
                                     start.options.vocab.min_count));
  log_corpus(log, *corpus, corpus_opts);
  log(fmt::format("Vocabulary: {} words, {} corpus tokens", vocab.size(), vocab.total_count()) +
      (start.init ? fmt::format(" (with the model's; {} words new)", vocab.size() - start.init->vocab.size()) : ""));
  return corpus;
}

// Puts the checkpoint's or the continued model's weights into the trainer;
// returns the weight of the model the run ends averaged with (0: none).
double restore_weights(const Flags& f, StartingPoint& start, const wordvec::Corpus& corpus, wordvec::Trainer& trainer,
                       wordvec::Cluster* cluster) {
  double init_weight = 0;
  if (start.checkpoint) {
    wordvec::Checkpoint& c = *start.checkpoint;
    trainer.restore(c.file.input_vectors(), c.file.context_vectors(), c.state);
    if (c.tree) trainer.restore_tree(std::move(*c.tree));
    if (c.buckets) trainer.restore_buckets(c.buckets);
    start.init = wordvec::model_to_average(c.file.settings(), init_weight);
    start.checkpoint.reset();  // unmaps the file: the checkpoint may now be overwritten
  } else if (start.init) {
    std::uint64_t text_words = corpus.spool.size();  // under mpirun, every process's share
    if (cluster) cluster->sum(&text_words, 1);
    wordvec::carry_over(*start.init, corpus.vocab, text_words, trainer);
    const bool weight_given = std::find(f.given.begin(), f.given.end(), "--init-weight") != f.given.end();
    init_weight = wordvec::model_weight(*start.init, text_words, start.options,
                                        weight_given ? std::optional<double>(f.init_weight) : std::nullopt);
  }
  return init_weight;
}

// After training: the average with the continued model, then every
// output, written by rank 0 alone under mpirun.
void write_outputs(const Flags& f, const wordvec::Vocabulary& vocab, wordvec::Trainer& trainer,
                   std::optional<wordvec::InitModel>& init, double init_weight, const wordvec::TrainProgress& last,
                   bool root, const Log& log) {
  nlohmann::json continued = nlohmann::json::object();  // the model it continued (its counts are in corpus_words)
  if (init) {
    wordvec::average_with_model(*init, vocab, init_weight, trainer);
    if (init_weight > 0) log(fmt::format("Averaged with '{}', its weight {:.3f}", init->path, init_weight));
    continued = wordvec::average_settings(*init, init_weight);
    init.reset();
  }
  if (!root) return;
  if (!f.output.empty()) {
    nlohmann::json about = {{"tool", "wv-train"},
                            {"version", WORDVEC_VERSION},
                            {"corpus", f.inputs.size() == 1 ? nlohmann::json(f.inputs[0]) : nlohmann::json(f.inputs)},
                            {"corpus_words", vocab.total_count()},
                            {"trained_words", last.words},
                            {"train_seconds", last.seconds},
                            {"final_loss", last.loss}};
    about.update(continued);
    wordvec::save_model(f.output, vocab, trainer, !f.no_context, about);
    log(fmt::format("Wrote {}", f.output));
  }
  if (!f.export_w2v.empty()) wordvec::export_vectors(f.export_w2v, vocab, trainer, true);
  if (!f.export_w2v_text.empty()) wordvec::export_vectors(f.export_w2v_text, vocab, trainer, false);
}

// Under mpirun, the rounds that keep the processes' models in step.
std::optional<wordvec::ModelSync> model_sync(const Flags& f, wordvec::Cluster* cluster, const wordvec::Trainer& trainer,
                                             const wordvec::Vocabulary& vocab, const Log& log) {
  if (!cluster) return std::nullopt;
  const std::uint64_t words = f.sync_words ? f.sync_words : wordvec::default_words_per_round(cluster->size());
  std::optional<wordvec::ModelSync> sync(std::in_place, *cluster, words);
  sync->fit(vocab, trainer);
  log(fmt::format("Training in {} processes of {} threads, merging their models every {} words a process",
                  cluster->size(), trainer.options().threads, words));
  return sync;
}

// Under mpirun, `cluster` is the job: every process reads the whole input
// and trains on its share, rank 0 alone writes; see docs/scaling.md.
int run(const Flags& f, wordvec::Cluster* cluster) {
  const bool root = !cluster || cluster->rank() == 0;
  if (f.output.empty() && f.export_w2v.empty() && f.export_w2v_text.empty() && f.save_vocab.empty() &&
      f.checkpoint.empty())
    throw wordvec::Error("nothing to write: give --output (or --export-w2v, --export-w2v-text, --save-vocab)");
  const Log log = [&](const std::string& line) {
    if (!f.quiet) fmt::print(stderr, "{}\n", line);
  };
  const std::vector<std::string> inputs = wordvec::expand_inputs(f.inputs);
  check_paths(f, inputs, cluster);
  StartingPoint start = starting_point(f, cluster, log);
  const bool train = !(f.output.empty() && f.export_w2v.empty() && f.export_w2v_text.empty() && f.checkpoint.empty());
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::optional<wordvec::Corpus> corpus = read_text(f, inputs, start, train, cluster, log);
  if (!corpus) {
    fmt::print(stderr, "wv-train: interrupted while reading the corpus; nothing written\n");
    return wordvec::kExitInterrupted;
  }
  const wordvec::Vocabulary& vocab = corpus->vocab;
  if (!f.save_vocab.empty() && root) vocab.save(f.save_vocab);
  if (!train) return 0;

  wordvec::Trainer trainer(vocab, start.options);
  const double init_weight = restore_weights(f, start, *corpus, trainer, cluster);
  std::optional<wordvec::ModelSync> sync = model_sync(f, cluster, trainer, vocab, log);
  wordvec::ProgressDisplay display(stderr);
  wordvec::TrainProgress last;
  const bool completed = trainer.train(
      corpus->spool,
      [&](const wordvec::TrainProgress& p) {
        last = p;
        if (!f.quiet) display.update(p);
      },
      0.25, &g_stop, sync ? &*sync : nullptr);
  if (!completed) {
    if (f.checkpoint.empty()) {
      fmt::print(stderr, "wv-train: interrupted at {:.1f}%; no model written (use --checkpoint to keep progress)\n",
                 100 * last.fraction);
    } else {
      write_checkpoint(f.checkpoint, vocab, trainer,
                       start.init ? wordvec::average_settings(*start.init, init_weight) : nlohmann::json::object(), cluster);
      fmt::print(stderr, "wv-train: interrupted at {:.1f}%; checkpoint written to '{}' (continue with --resume)\n",
                 100 * last.fraction, f.checkpoint);
    }
    return wordvec::kExitInterrupted;
  }
  log(wordvec::ProgressDisplay::format_summary(last));
  if (sync) log_sync(log, sync->stats(), start.options.dim);
  write_outputs(f, vocab, trainer, start.init, init_weight, last, root, log);
  if (cluster) cluster->meet(false);  // a failure to write on rank 0 fails every process
  return 0;
}

// Any process's failure becomes every process's (Cluster::fail), which
// app_main then reports; only rank 0's stderr is kept (see wv_train_main).
// `cluster` is the caller's, so that MPI_Finalize, a meeting of every
// process, comes after rank 0 has printed the error: a process that exited
// first could otherwise have mpirun end the job with rank 0's line unsent.
int run_in_cluster(const Flags& f, std::unique_ptr<wordvec::Cluster>& cluster) {
  cluster = wordvec::join_mpi_cluster();
  try {
    return run(f, cluster.get());
  } catch (const wordvec::ClusterFailure&) {
    throw;
  } catch (const std::bad_alloc&) {
    cluster->fail("out of memory (try a smaller --dim or --max-vocab)");
  } catch (const std::exception& e) {
    cluster->fail(e.what());
  }
}

}  // namespace

int wordvec::wv_train_main(int argc, char** argv) {
  CLI::App app{"wv-train: learn word vectors with word2vec's skip-gram or CBOW, by negative sampling or hierarchical softmax"};
  app.option_defaults()->always_capture_default();
  Flags flags;
  const std::optional<wordvec::MpiLaunch> launch = wordvec::mpi_launch();
  // Under mpirun the processes on one machine share its cores; only rank 0
  // prints (errors included: every process's failure reaches rank 0).
  const int local_processes = launch ? launch->local_size : 1;
  flags.train.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / local_processes);
  if (launch && launch->rank != 0) silence_stderr();
  std::unique_ptr<wordvec::Cluster> cluster;  // under mpirun: finalized after app_main has reported
  add_flags(app, flags);
  return wordvec::app_main(app, argc, argv, {"wv-train", false, " (try a smaller --dim or --max-vocab)"},
                           [&] { return launch ? run_in_cluster(flags, cluster) : run(flags, nullptr); });
}

// Training across MPI processes (src/cluster): each test starts a small job
// with mpirun (2 processes on this machine) and skips where mpirun or the
// MPI build is missing.
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/merge_scale.h"
#include "cluster/model_sync.h"
#include "model/model_file.h"
#include "test_support.h"
#include "text/word_ngrams.h"
#include "w2v_test_parser.h"
#include "text/input_file.h"
#include "text/vocabulary.h"

using wordvec::test::bin;
using wordvec::test::expect_one_line_error;
using wordvec::test::lines_of;
using wordvec::test::RunOptions;
using wordvec::test::RunResult;
using wordvec::test::run_program;
using wordvec::test::shared_data;
using wordvec::test::slurp;
using wordvec::test::split_args;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// run_program does not search $PATH.
std::string mpirun_path() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin"})
    if (fs::exists(fs::path(dir) / "mpirun")) return (fs::path(dir) / "mpirun").string();
  return "";
}

#ifdef WORDVEC_MPI_PROBE
#define WORDVEC_REQUIRE_MPI() \
  do {                        \
    if (mpirun_path().empty()) WORDVEC_SKIP("mpirun is not installed"); \
  } while (0)
#else
#define WORDVEC_REQUIRE_MPI() WORDVEC_SKIP("this build has no MPI (install libopenmpi-dev)")
#define WORDVEC_MPI_PROBE ""
#endif

// mpirun's own flags: -q keeps its banners off stderr, so a failed job
// prints only rank 0's one line. The rest keep a job from failing or
// hanging for reasons of the machine it runs on: more processes than free
// cores (--oversubscribe, no binding), a container that forbids reading
// another process's memory (Open MPI's single-copy transfers, used for
// messages above 4 KB on one machine, then fail: copy through shared memory
// instead), and a job that hangs anyway (ended after 120 s, and the test
// fails with what it printed).
std::vector<std::string> mpirun_flags(int processes) {
  std::vector<std::string> flags = {"-q",        "-np",  std::to_string(processes),
                                    "--oversubscribe", "--bind-to", "none",
                                    "--mca",     "btl_vader_single_copy_mechanism", "none",
                                    "--timeout", "120"};
  if (::geteuid() == 0) flags.push_back("--allow-run-as-root");
  return flags;
}

// Messages come from wv-train's rank 0, not from mpirun (run with -q).
RunResult as_wv_train(RunResult r) {
  r.program = "wv-train";
  return r;
}

// `program args` in `processes` processes.
RunResult mpirun(int processes, const std::string& program, const std::string& args, const RunOptions& options = {}) {
  std::vector<std::string> argv = mpirun_flags(processes);
  argv.push_back(program);
  for (std::string& a : split_args(args)) argv.push_back(std::move(a));
  return as_wv_train(run_program(mpirun_path(), argv, options));
}

std::string small_corpus() {
  wordvec::test::CorpusSpec spec;
  spec.topics = 3;
  spec.words_per_topic = 6;
  spec.lines = 1200;
  return wordvec::test::synthetic_corpus(spec);
}

}  // namespace

TEST_CASE("merging rows sums every process's change exactly", "[mpi]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  const RunResult r = mpirun(2, WORDVEC_MPI_PROBE, "merge " + dir.file("rows"));
  REQUIRE(r.status == 0);
  const std::vector<std::string> rank0 = lines_of(slurp(dir.file("rows.0"))), rank1 = lines_of(slurp(dir.file("rows.1")));
  REQUIRE(rank0.size() == 3);
  REQUIRE(rank1.size() == 3);
  // 1 + 1/4 (rank 0's change) + 2/4 (rank 1's) = 1.75 = 0x1.cp+0 in the merged rows, on both.
  for (int row = 0; row < 2; ++row) {
    CHECK(rank0[row] == "0x1.cp+0 0x1.cp+0 0x1.cp+0 0x1.cp+0 0x1.cp+0");
    CHECK(rank1[row] == rank0[row]);
  }
  // The row left out of the round keeps each process's own value.
  CHECK(rank0[2] == "0x1.4p+0 0x1.4p+0 0x1.4p+0 0x1.4p+0 0x1.4p+0");
  CHECK(rank1[2] == "0x1.8p+0 0x1.8p+0 0x1.8p+0 0x1.8p+0 0x1.8p+0");
}

TEST_CASE("a merge of 4 processes applies the sum to rows that move little and the average to rows that saturate",
          "[mpi]") {
  // No MPI needed: the factors only. 3 words; the first is 1,000 times as
  // frequent as the last.
  wordvec::TrainOptions options;
  options.dim = 10;
  wordvec::MergeScale scale({1'000'000, 10'000, 1'000}, options, 4);
  wordvec::Matrix input(3, 10), context(3, 10);
  auto fill = [&](float value) {
    for (wordvec::Matrix* m : {&input, &context})
      for (std::size_t r = 0; r < 3; ++r) std::fill(m->row(r), m->row(r) + m->dim(), value);
  };
  fill(0.0f);  // at the start context rows are 0: every update is tiny, the sum applies in full
  scale.measure(input, context);
  scale.prepare(0.025, 100'000);
  for (std::size_t row = 0; row < 3; ++row) {
    CHECK(scale.input(row, 1) == 1.0f);
    CHECK(scale.context(row, 1) == 1.0f);
  }
  fill(1.0f);  // grown vectors, as merged row by row: the frequent rows saturate
  for (std::size_t row = 0; row < 3; ++row) {
    scale.remeasure(false, row, input.row(row));
    scale.remeasure(true, row, context.row(row));
  }
  scale.prepare(0.025, 100'000);
  CHECK(scale.context(0, 1) == Approx(0.25f).margin(1e-3));
  CHECK(scale.input(0, 1) < scale.input(2, 1));
  CHECK(scale.context(2, 1) > scale.context(0, 1));
  for (std::size_t row = 0; row < 3; ++row) {
    CHECK(scale.context(row, 1) >= 0.25f);
    CHECK(scale.context(row, 1) <= 1.0f);
    CHECK(scale.context(row, 4) <= scale.context(row, 1));  // merged less often: more of the way covered
  }
}

TEST_CASE("with hierarchical softmax the tree's root, on every path, saturates first", "[mpi][hs]") {
  // 4 words; inner nodes are created rarest first, so node 2 is the root.
  const std::vector<std::uint64_t> counts = {1'000'000, 100'000, 10'000, 1'000};
  const wordvec::HuffmanTree tree(counts, 64);
  wordvec::TrainOptions options;
  options.dim = 10;
  options.loss = wordvec::LossType::kHierarchicalSoftmax;
  wordvec::MergeScale scale(counts, options, 4, &tree);
  wordvec::Matrix input(4, 10), context(4, 10);
  for (wordvec::Matrix* m : {&input, &context})
    for (std::size_t r = 0; r < 4; ++r) std::fill(m->row(r), m->row(r) + m->dim(), 1.0f);
  scale.measure(input, context);
  scale.prepare(0.025, 100'000);
  CHECK(scale.context(2, 1) < scale.context(1, 1));  // the root against the node below it
  CHECK(scale.context(1, 1) < scale.context(0, 1));  // and that against the deepest
  CHECK(scale.context(2, 1) == Approx(0.25f).margin(1e-3));
  CHECK(scale.input(0, 1) < scale.input(3, 1));
}

TEST_CASE("subword bucket rows are merged busiest first, and only those some word uses", "[mpi][subwords]") {
  wordvec::Vocabulary vocab;
  vocab.add("ab", 10);
  vocab.add("b", 3);
  vocab.finalize(1, 0);
  const wordvec::SubwordOptions options{2, 2, 1000};
  const wordvec::WordNgrams ngrams(vocab.words(), options);  // "<a" "ab" "b>"; "<b" "b>"
  std::vector<std::uint64_t> use(1000, 0);
  for (wordvec::WordId w = 0; w < vocab.size(); ++w)
    for (std::size_t k = 0; k < ngrams.count(w); ++k) use[ngrams.of(w)[k]] += vocab.count(w);
  const std::vector<std::uint32_t> order = wordvec::bucket_rows_by_use(vocab, ngrams, 1000);
  REQUIRE(order.size() == static_cast<std::size_t>(std::count_if(use.begin(), use.end(), [](auto u) { return u > 0; })));
  CHECK(order.size() >= 3);                 // four distinct n-grams, unless two share a bucket
  CHECK(use[order.front()] == 13);          // "b>", used by both words
  for (std::size_t p = 1; p < order.size(); ++p) CHECK(use[order[p - 1]] >= use[order[p]]);
  CHECK(use[order.back()] == 3);            // "<b"
}

// Rounds every 1,000 words a process (about 20 of them), the merge damped
// from 3 processes on. The exported vectors are the words' (with subwords,
// their own rows averaged with their n-gram rows).
TEST_CASE("hierarchical softmax and subwords train across 3 processes to the text's topics", "[mpi][hs][subwords]") {
  WORDVEC_REQUIRE_MPI();
  const std::string flags = GENERATE(as<std::string>{}, "--loss hs", "--minn 2 --maxn 4 --bucket 5000");
  INFO(flags);
  TempDir dir;
  const RunResult r =
      mpirun(3, bin("wv-train"),
             "-i " + dir.write("c.txt", small_corpus()) + " -o " + dir.file("m.wv") + " --export-w2v-text " +
                 dir.file("m.txt") + " " + flags +
                 " --threads 1 --dim 16 --epochs 5 --sample 0 --window 3 --min-count 1 --sync-words 1000");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("Merged the models"));
  const auto text = wordvec::test::parse_w2v_text(slurp(dir.file("m.txt")));
  std::vector<float> vectors;
  for (const auto& v : text.vectors) vectors.insert(vectors.end(), v.begin(), v.end());
  CHECK(wordvec::test::ReferenceNeighbours(text.words, vectors.data(), text.dim, text.dim).nearest_in_own_topic() == 18);
}

TEST_CASE("by default the job merges every 200,000 words, shared among its processes", "[mpi]") {
  CHECK(wordvec::default_words_per_round(2) == 100'000);
  CHECK(wordvec::default_words_per_round(4) == 50'000);
  CHECK(wordvec::default_words_per_round(3) == 66'666);
  CHECK(wordvec::default_words_per_round(1'000) == 1'000);  // --sync-words' least
}

TEST_CASE("processes with different shares agree on byte-identical vocabularies", "[mpi]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  const std::string a = "the cat sat on the mat the end\nrare cat cat\n";
  const std::string b = "the dog sat on a log\ndog dog the mat zebra\n";
  dir.write("text.0", a);
  dir.write("text.1", b);
  REQUIRE(mpirun(2, WORDVEC_MPI_PROBE, "vocab " + dir.file("text") + " " + dir.file("vocab") + " 2").status == 0);
  const std::string agreed = slurp(dir.file("vocab.0"));
  CHECK(slurp(dir.file("vocab.1")) == agreed);
  // As one process counts both texts: summed counts, min-count 2, by count then bytes.
  CHECK(agreed == "the 5\ncat 3\ndog 3\nmat 2\non 2\nsat 2\n");
}

TEST_CASE("wv-train under mpirun counts the vocabulary one process counts, and writes a model", "[mpi]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", small_corpus());
  const RunResult one = wordvec::test::wv_train("-i " + corpus + " --min-count 1 --save-vocab " + dir.file("one.vocab") + " -q");
  REQUIRE(one.status == 0);
  const RunResult two = mpirun(2, bin("wv-train"), "-i " + corpus + " --min-count 1 --epochs 2 --threads 1 --save-vocab " +
                                                    dir.file("two.vocab") + " -o " + dir.file("two.wv") + " -q");
  REQUIRE(two.status == 0);
  CHECK(two.err.empty());
  CHECK(slurp(dir.file("two.vocab")) == slurp(dir.file("one.vocab")));
  const RunResult info = wordvec::test::wv_query(dir.file("two.wv") + " info");
  CHECK(info.status == 0);
}

// The CI check of quality: 2 processes x 1 thread against 1 process x 2
// threads on the first 20 MB of the bundled text (3.4M words, 3 epochs;
// about 10 s of training each on 2 cores). Run to run, each accuracy varies
// by about 0.3 points (Hogwild threads, and rounds of merging that come when
// the cores allow), so one comparison of two runs can stray by up to ~0.7;
// both runs print their log, which the failure shows with the accuracies.
// Rounds every 50k words a process: a run this short has few rounds, and at
// the default 100k the rare tiers (merged every 8th round and less) are
// merged so seldom that 2 processes fall about 0.3 points short (runs here:
// 1 process 5.65-6.12% in 8; 2 processes at 100k 5.31-5.88% in 8, at 50k
// 5.71-6.23% in 4).
TEST_CASE("2 processes learn analogies as well as one process on the bundled text", "[mpi][quality]") {
  WORDVEC_REQUIRE_MPI();
  WORDVEC_REQUIRE_SHARED("questions-words.txt");
  TempDir dir;
  {
    auto input = wordvec::open_input_file(wordvec::test::source_path("data/wiki70m.txt.xz"));
    std::string text(20'000'000, '\0');
    std::size_t got = 0;
    for (std::size_t n; got < text.size() && (n = input->read(text.data() + got, text.size() - got)) > 0;) got += n;
    text.resize(text.find_last_of(' ', got));
    dir.write("slice.txt", text);
  }
  const std::string common = "-i " + dir.file("slice.txt") + " --epochs 3 -o ";
  const RunResult one = wordvec::test::wv_train(common + dir.file("one.wv") + " --threads 2");
  INFO("1 process:\n" << one.err);
  REQUIRE(one.status == 0);
  const RunResult two = mpirun(2, bin("wv-train"), common + dir.file("two.wv") + " --threads 1 --sync-words 50000");
  INFO("2 processes (exit " << two.status << "):\n" << two.out << two.err);
  REQUIRE(two.status == 0);
  auto accuracy = [&](const std::string& model) {
    const RunResult r = wordvec::test::wv_query(model + " eval-analogy " + shared_data("questions-words.txt") +
                                                " --restrict 30000 --json");
    INFO(r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out)["accuracy"].get<double>();
  };
  const double one_accuracy = accuracy(dir.file("one.wv")), two_accuracy = accuracy(dir.file("two.wv"));
  INFO("analogy accuracy: 1 process " << one_accuracy << "%, 2 processes " << two_accuracy << "%");
  CHECK(one_accuracy > 3.0);  // the slice is big enough to learn something
  CHECK(two_accuracy >= one_accuracy - 1.0);
}

TEST_CASE("a failure on any process ends every process with rank 0's one line and no model", "[mpi][bad-input]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  const std::string corpus = dir.write("corpus.txt", small_corpus());
  const std::string model = dir.file("m.wv");
  SECTION("more processes than the text has pieces") {
    dir.write("tiny.txt", "just three words\n");
    expect_one_line_error(mpirun(2, bin("wv-train"), "-i " + dir.file("tiny.txt") + " --min-count 1 -o " + model), 1,
                          "fewer than the 2 processes sharing it");
  }
  SECTION("a process that cannot read its input") {
    // mpirun's ':' gives rank 1 its own command line.
    std::vector<std::string> argv = mpirun_flags(1);
    for (const std::string& a : {bin("wv-train"), std::string("-i"), corpus, std::string("-o"), model, std::string(":"),
                                 std::string("-np"), std::string("1"), bin("wv-train"), std::string("-i"),
                                 dir.file("missing.txt"), std::string("-o"), model})
      argv.push_back(a);
    expect_one_line_error(as_wv_train(run_program(mpirun_path(), argv)), 1, "rank 1: cannot open corpus");
  }
  SECTION("a disk full on rank 0 while it writes the model") {
    // The file size limit is set for the ranks only (mpirun's own files
    // need more): each spools 24 KB, the model is 180 KB.
    std::vector<std::string> argv = mpirun_flags(2);
    for (const std::string& a : {std::string("/bin/sh"), std::string("-c"),
                                 "ulimit -f 100 && exec " + bin("wv-train") + " -i " + corpus + " --min-count 1 --dim 1000 -q -o " + model})
      argv.push_back(a);
    expect_one_line_error(as_wv_train(run_program(mpirun_path(), argv)), 1, "m.wv");
  }
  CHECK_FALSE(fs::exists(model));
}

// Continuing a model in 2 processes: the vocabulary (the model's words,
// its counts added, and the new text's words), the schedule and the
// model's weight in the closing average are the job's, as one process has them.
TEST_CASE("continuing a model with --init under mpirun gives what one process gives", "[mpi][init]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  const std::string settings = " --min-count 2 --dim 16 --epochs 3 --threads 1";
  const std::string old_model = dir.file("a.wv");
  REQUIRE(wordvec::test::wv_train("-i " + dir.write("a.txt", small_corpus()) + " -q -o " + old_model + settings).status ==
          0);
  wordvec::test::CorpusSpec spec;  // a fourth topic's words are new to the model
  spec.topics = 4;
  spec.words_per_topic = 6;
  spec.lines = 1200;
  spec.seed = 7;
  const std::string text = dir.write("b.txt", wordvec::test::synthetic_corpus(spec));
  const std::string args = "-i " + text + " --init " + old_model + settings + " -o ";
  const RunResult one = wordvec::test::wv_train(args + dir.file("one.wv") + " -q");
  INFO(one.err);
  REQUIRE(one.status == 0);
  const RunResult two = mpirun(2, bin("wv-train"), args + dir.file("two.wv"));
  INFO(two.err);
  REQUIRE(two.status == 0);
  CHECK_THAT(two.err, Catch::Contains("Merged the models") && Catch::Contains("Averaged with"));
  const wordvec::ModelFile a = wordvec::ModelFile::open(dir.file("one.wv"));
  const wordvec::ModelFile b = wordvec::ModelFile::open(dir.file("two.wv"));
  REQUIRE(b.vocab_size() == a.vocab_size());
  CHECK(a.vocab_size() == 28);  // 24 topic words and 4 function words
  for (wordvec::WordId w = 0; w < a.vocab_size(); ++w) {
    CHECK(b.word(w) == a.word(w));
    CHECK(b.count(w) == a.count(w));
  }
  CHECK(b.settings().at("init") == old_model);
  CHECK(b.settings().at("init_weight").get<double>() == a.settings().at("init_weight").get<double>());
  CHECK(b.settings().at("init_weight").get<double>() > 0.4);
}

// A stopped job's checkpoint holds the merged weights and every process's
// place in its share; it resumes under as many processes to the end of the
// schedule, and is refused, in one line, under any other number.
TEST_CASE("a job stopped with --checkpoint resumes under the same -np and is refused under another", "[mpi][checkpoint]") {
  WORDVEC_REQUIRE_MPI();
  TempDir dir;
  wordvec::test::CorpusSpec spec;
  spec.topics = 20;
  spec.words_per_topic = 50;
  spec.lines = 20'000;  // 170k words of 1,000 distinct: 20 epochs take 2 processes about 2 s on 2 cores
  const std::string corpus = dir.write("corpus.txt", wordvec::test::synthetic_corpus(spec));
  const std::string ck = dir.file("ck.wv");
  int epochs = 20;
  std::string stopped_err;
  // Stopped once rank 0 reports progress; on a machine fast enough to finish
  // first, again with twice the epochs.
  for (int attempt = 0; attempt < 4 && stopped_err.empty(); ++attempt, epochs *= 2) {
    std::vector<std::string> argv = mpirun_flags(2);
    for (std::string& a : split_args(bin("wv-train") + " -i " + corpus + " --threads 1 --min-count 1 --epochs " +
                                     std::to_string(epochs) + " --checkpoint " + ck + " -o " + dir.file("never.wv")))
      argv.push_back(std::move(a));
    wordvec::test::Process job(mpirun_path(), argv);
    REQUIRE(job.wait_for_output("Progress:"));
    job.signal(SIGINT);
    const RunResult r = job.wait();
    INFO("stderr:\n" << r.err);
    if (fs::exists(dir.file("never.wv"))) {  // finished before the signal came
      fs::remove(dir.file("never.wv"));
      continue;
    }
    REQUIRE(r.status != 0);  // the processes exit 130; mpirun, itself signalled, may say 1
    stopped_err = r.err;
  }
  INFO("stopped: " << stopped_err);
  REQUIRE_FALSE(stopped_err.empty());
  CHECK_THAT(lines_of(stopped_err).back(), Catch::Contains("checkpoint written to '" + ck + "'"));
  CHECK_FALSE(fs::exists(dir.file("never.wv")));
  const auto saved = wordvec::ModelFile::open(ck).settings();
  REQUIRE(saved.at("processes").size() == 2);
  std::uint64_t done = 0;
  for (const auto& state : saved.at("processes")) done += state.at("words_done").get<std::uint64_t>();

  const std::string resume = "-i " + corpus + " --threads 1 --resume " + ck + " -q -o ";
  expect_one_line_error(mpirun(3, bin("wv-train"), resume + dir.file("three.wv")), 1,
                        "was made by 2 processes, not 3: resume it with mpirun -np 2");
  expect_one_line_error(wordvec::test::wv_train(resume + dir.file("one.wv")), 1,
                        "was made by 2 processes, not 1: resume it with mpirun -np 2");
  CHECK_FALSE(fs::exists(dir.file("three.wv")));
  const RunResult resumed = mpirun(2, bin("wv-train"), resume + dir.file("two.wv"));
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  // Every word of every epoch, in both processes, counted once: the words
  // before the stop and after it.
  const auto model = wordvec::ModelFile::open(dir.file("two.wv")).settings();
  const std::uint64_t total = model.at("corpus_words").get<std::uint64_t>() * model.at("epochs").get<std::uint64_t>();
  CHECK(done > 0);
  CHECK(done < total);
  CHECK(model.at("trained_words").get<std::uint64_t>() == total);
}

// Bad input, faults and reproducibility, end to end: the built wv-train and
// wv-query run on hostile corpora and broken files, under a file-size limit,
// and under SIGINT/SIGTERM. Nothing may crash, every failure is one line
// with a nonzero exit, and no failure loses or damages a file that was there.
#include <signal.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "test_support.h"
#include "text/tokenizer.h"

using wordvec::ModelFile;
using wordvec::test::bin;
using wordvec::test::CorpusSpec;
using wordvec::test::expect_one_line_error;
using wordvec::test::lines_of;
using wordvec::test::Process;
using wordvec::test::ReferenceNeighbours;
using wordvec::test::RunOptions;
using wordvec::test::slurp;
using wordvec::test::split_args;
using wordvec::test::TempDir;
using wordvec::test::wv_query;
using wordvec::test::wv_train;
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
// ASan builds run the apps several times slower and with a larger resident
// set: workloads shrink and absolute memory bounds are not checked.
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// A string of the bytes of a literal, NULs included.
template <std::size_t N>
std::string bytes_of(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

// Lines of 8-12 words drawn from one of `topics` groups of 10 words
// ("t3w7"), so a word's nearest neighbour should be in its own group.
std::string clustered_corpus(std::size_t bytes, unsigned seed, int topics = 20, char line_end = '\n') {
  CorpusSpec spec;
  spec.topics = topics;
  spec.words_per_topic = 10;
  spec.function_words = 0;
  spec.min_line_words = 8;
  spec.max_line_words = 12;
  spec.bytes = bytes;
  spec.line_end = line_end;
  spec.seed = seed;
  return wordvec::test::synthetic_corpus(spec);
}

std::size_t count_tokens(const std::string& text) {
  std::size_t n = 0;
  bool in_token = false;
  for (char c : text) {
    const bool sep = wordvec::is_space(static_cast<unsigned char>(c));
    if (!sep && !in_token) ++n;
    in_token = !sep;
  }
  return n;
}

// Fraction of words whose nearest neighbour (cosine, input vectors) is in
// the same topic of clustered_corpus.
double cluster_accuracy(const ModelFile& m) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < m.vocab_size(); ++i) words.emplace_back(m.word(i));
  const ReferenceNeighbours nn(words, m.input_vectors(), m.dim(), m.dim());
  return static_cast<double>(nn.nearest_in_own_topic()) / static_cast<double>(nn.size());
}

std::uint64_t setting_u64(const ModelFile& m, const char* key) { return m.settings().at(key).get<std::uint64_t>(); }

std::vector<std::string> leftover_temp_files(const TempDir& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir.file("")))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) found.push_back(e.path().string());
  return found;
}

}  // namespace

// ---- Hostile corpora ----

TEST_CASE("wv-train keeps binary, NUL and invalid UTF-8 words byte-exact and never makes an empty word", "[robustness]") {
  TempDir dir;
  // Words that are not text: a NUL inside, control bytes, stray and
  // truncated UTF-8, an overlong '/', a lone surrogate, 0xFF, 0xFE.
  const std::vector<std::string> odd = {std::string("nul\0word", 8), "\x01\x02\x1b", "\xff\xfe", "\xc3\x28",
                                        "\xe2\x82",                 "\xc0\xaf",      "\xed\xa0\x80", "\x80\x80\x80"};
  std::mt19937 gen(5);
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += i % 3 == 0 ? odd[gen() % odd.size()] : "w" + std::to_string(gen() % 50);
    // Random bytes as well (mostly unique tokens, which min-count drops).
    if (i % 7 == 0) {
      text += ' ';
      for (int k = 0; k < 20; ++k) text += static_cast<char>(gen() % 256);
    }
    text += i % 11 == 10 ? '\n' : ' ';
  }
  const auto corpus = dir.write("binary.txt", text);
  const auto r = wv_train("-q -i " + corpus + " -o " + dir.file("m.wv") + " --export-w2v " + dir.file("m.bin") +
                                      " --min-count 3 --epochs 1 --dim 8 --threads 2");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const ModelFile m = ModelFile::open(dir.file("m.wv"));
  std::size_t odd_found = 0;
  for (std::size_t i = 0; i < m.vocab_size(); ++i) {
    const auto w = m.word(i);
    CHECK(!w.empty());
    CHECK(w.size() <= 100);
    for (char c : w) CHECK_FALSE(wordvec::is_space(static_cast<unsigned char>(c)));
    for (const auto& o : odd) odd_found += w == o;
  }
  CHECK(odd_found == odd.size());  // all eight, byte for byte
  // The word2vec export holds the same words, bytes as they are.
  const std::string exported = slurp(dir.file("m.bin"));
  for (const auto& o : odd) CHECK(exported.find("\n" + o + " ") != std::string::npos);

  // A limit shorter than a character: CJK text at --max-token-bytes 2 has no
  // whole character to keep, so nothing is a word (not "" for every token).
  const auto cjk = dir.write("cjk.txt", "\xe6\x97\xa5\xe6\x9c\xac \xe8\xaa\x9e ab\n\xe6\x97\xa5 ab cd\n");
  const auto r2 = wv_train("-q -i " + cjk + " --save-vocab " + dir.file("v.txt") + " --min-count 1 --max-token-bytes 2");
  INFO(r2.err);
  REQUIRE(r2.status == 0);
  CHECK(slurp(dir.file("v.txt")) == "ab 2\ncd 1\n");
}

TEST_CASE("a CRLF corpus trains exactly like the same corpus with LF: no CR inside words", "[robustness]") {
  TempDir dir;
  const std::string lf = clustered_corpus(60'000, 3);
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto a = dir.write("lf.txt", lf), b = dir.write("crlf.txt", crlf);
  const std::string flags = " -q --threads 1 --seed 4 --dim 16 --epochs 1 --min-count 1";
  REQUIRE(wv_train("-i " + a + " -o " + dir.file("lf.wv") + flags).status == 0);
  REQUIRE(wv_train("-i " + b + " -o " + dir.file("crlf.wv") + flags).status == 0);
  const ModelFile ma = ModelFile::open(dir.file("lf.wv")), mb = ModelFile::open(dir.file("crlf.wv"));
  REQUIRE(ma.vocab_size() == mb.vocab_size());
  for (std::size_t i = 0; i < mb.vocab_size(); ++i) {
    CHECK(mb.word(i).find('\r') == std::string_view::npos);
    CHECK(ma.word(i) == mb.word(i));
    CHECK(ma.count(i) == mb.count(i));
  }
  // Same tokens, same sentences, one thread: the same vectors, bit for bit.
  CHECK(std::memcmp(ma.input_vectors(), mb.input_vectors(), ma.vocab_size() * ma.dim() * sizeof(float)) == 0);
}

TEST_CASE("a 10 MB token costs wv-train no memory and becomes one truncated word", "[robustness]") {
  TempDir dir;
  const std::string words = clustered_corpus(20'000, 6);
  const auto plain = dir.write("plain.txt", words + words);
  const auto with_token = dir.write("token.txt", words + std::string(10u << 20, 'x') + " " + words);
  const std::string flags = " -q --min-count 1 --epochs 1 --dim 8 --threads 2";
  const auto base = wv_train("-i " + plain + " -o " + dir.file("plain.wv") + flags);
  const auto big = wv_train("-i " + with_token + " -o " + dir.file("token.wv") + flags);
  INFO(base.err << big.err);
  REQUIRE(base.status == 0);
  REQUIRE(big.status == 0);
  const ModelFile m = ModelFile::open(dir.file("token.wv"));
  bool found = false;
  for (std::size_t i = 0; i < m.vocab_size(); ++i)
    if (m.word(i) == std::string(100, 'x')) found = m.count(i) == 1;
  CHECK(found);
  // Holding the token would cost 10 MB or more; each thread reads through a 1 MB buffer.
  INFO("peak RSS " << base.max_rss_kb << " KiB without the token, " << big.max_rss_kb << " KiB with it");
  CHECK(big.max_rss_kb - base.max_rss_kb < 6 * 1024);
}

TEST_CASE("a single multi-MB line without a newline trains fully: every token, every epoch", "[robustness]") {
  TempDir dir;
  // No newline anywhere: the line is cut into --max-sentence-words sentences
  // and split between the threads in the middle of the line.
  const std::string text = clustered_corpus(kSanitized ? 1'000'000 : 3'000'000, 7, 20, ' ');
  const std::size_t tokens = count_tokens(text);
  const auto corpus = dir.write("line.txt", text);
  const auto r = wv_train("-q -i " + corpus + " -o " + dir.file("m.wv") +
                                      " --min-count 1 --epochs 2 --dim 8 --threads 2 --sample 0");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const ModelFile m = ModelFile::open(dir.file("m.wv"));
  CHECK(setting_u64(m, "corpus_words") == tokens);
  CHECK(setting_u64(m, "trained_words") == 2 * tokens);
  CHECK(m.vocab_size() == 200);
}

TEST_CASE("2 million distinct tokens count in bounded memory with --prune-threshold, frequent counts exact", "[robustness]") {
  TempDir dir;
  const std::size_t distinct = 2'000'000;
  std::string text;
  text.reserve(distinct * 13);
  for (std::size_t i = 0; i < distinct; ++i) {
    text += "u" + std::to_string(i * 7919 % distinct);  // every one once, in scrambled order
    text += i % 2 == 0 ? " the " : " of ";
    if (i % 4 == 0) text += "and\n";
  }
  const auto corpus = dir.write("distinct.txt", text);
  text.clear();
  text.shrink_to_fit();
  const auto f = wv_train("-q -i " + corpus + " --save-vocab " + dir.file("v.txt") + " --min-count 1 --prune-threshold 10000");
  INFO(f.err);
  REQUIRE(f.status == 0);
  const auto vocab = lines_of(slurp(dir.file("v.txt")));
  CHECK(vocab.size() <= 10'000);
  REQUIRE(vocab.size() >= 3);
  // Pruning only ever drops rare words: the frequent ones keep exact counts.
  CHECK(vocab[0] == "of 1000000");  // ties in bytes order
  CHECK(vocab[1] == "the 1000000");
  CHECK(vocab[2] == "and 500000");
  // Measured: about 10 MB; unpruned, the 2M words take about 200 MB.
  INFO("peak RSS " << f.max_rss_kb << " KiB");
  if (!kSanitized) CHECK(f.max_rss_kb < 48 * 1024);
}

// ---- Faults while writing ----

TEST_CASE("a full disk (ulimit -f) fails with one line and exit 1, leaves no file, and keeps the old model", "[robustness]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", clustered_corpus(30'000, 8));
  const std::string out = dir.file("m.wv");
  // 200 words x dim 400 floats is a 320 KB model; the limit is 64 KiB.
  const std::string train = "-q -i " + corpus + " -o " + out + " --min-count 1 --epochs 1 --dim 400 --threads 1";
  RunOptions full_disk;
  full_disk.max_file_bytes = 64 * 1024;
  SECTION("no model there before") {
    const auto r = wv_train(train, full_disk);
    expect_one_line_error(r, 1, "cannot write '" + out + "'");
    CHECK_THAT(r.err, Catch::Contains("File too large"));
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("a good model there before is untouched") {
    REQUIRE(wv_train(train).status == 0);
    const std::string before = slurp(out);
    expect_one_line_error(wv_train(train + " --seed 9", full_disk), 1, "cannot write '" + out + "'");
    CHECK(slurp(out) == before);
    CHECK_NOTHROW(ModelFile::open(out));
  }
  SECTION("a word2vec export that does not fit fails the run too") {
    const auto r = wv_train("-q -i " + corpus + " --export-w2v-text " + dir.file("v.txt") +
                                " --min-count 1 --epochs 1 --dim 400 --threads 1",
                            full_disk);
    expect_one_line_error(r, 1, "cannot write '" + dir.file("v.txt") + "'");
    CHECK_FALSE(fs::exists(dir.file("v.txt")));
  }
  CHECK(leftover_temp_files(dir).empty());
}

// ---- Broken files given to wv-query ----

TEST_CASE("truncated, corrupted, wrong-version and foreign-endian models make wv-query fail with one line", "[robustness]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", clustered_corpus(20'000, 9));
  REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("good.wv") +
                               " --min-count 1 --epochs 1 --dim 8 --threads 1 --save-context")
              .status == 0);
  const std::string good = slurp(dir.file("good.wv"));
  REQUIRE(good.size() > 1000);
  REQUIRE(wv_query(dir.file("good.wv") + " t1w1 -k 3").status == 0);

  auto with = [&](std::size_t offset, std::uint64_t value, std::size_t bytes) {
    std::string s = good;
    std::memcpy(&s[offset], &value, bytes);
    return s;
  };
  struct Case {
    std::string name, bytes;
    bool no_verify;  // past the checksum, to reach the structural checks
  };
  std::vector<Case> cases;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{8}, std::size_t{127}, std::size_t{128}, std::size_t{300},
                        good.size() / 2, good.size() - 1})
    cases.push_back({"truncated to " + std::to_string(n), good.substr(0, n), true});
  cases.push_back({"appended to", good + "extra", true});
  cases.push_back({"bad magic", "X" + good.substr(1), true});
  cases.push_back({"version 3", with(8, 3, 4), true});
  cases.push_back({"foreign byte order", with(12, 0x04030201, 4), true});
  cases.push_back({"corrupt byte-order tag", with(12, 0x12345678, 4), true});
  cases.push_back({"vocabulary 2^62", with(16, std::uint64_t{1} << 62, 8), true});
  cases.push_back({"vocabulary 0", with(16, 0, 8), true});
  cases.push_back({"dimension 2^31", with(24, 1u << 31, 4), true});
  cases.push_back({"dimension 0", with(24, 0, 4), true});
  for (std::size_t field = 32; field < 96; field += 8) {
    cases.push_back({"offset field " + std::to_string(field) + " past the end", with(field, good.size() + 64, 8), true});
    cases.push_back({"offset field " + std::to_string(field) + " = 2^63", with(field, std::uint64_t{1} << 63, 8), true});
  }
  {
    // The word table: u64[V+1] right after the counts; make entry 1 huge.
    const std::uint64_t V = *reinterpret_cast<const std::uint64_t*>(good.data() + 16);
    cases.push_back({"word offset beyond the word bytes", with(128 + 8 * V + 8, 1u << 30, 8), true});
    cases.push_back({"word offsets decreasing", with(128 + 8 * V + 16, 0, 8), true});
  }
  cases.push_back({"settings not JSON", [&] {
                     std::string s = good;
                     const std::uint64_t off = *reinterpret_cast<const std::uint64_t*>(good.data() + 80);
                     s[off] = '!';
                     return s;
                   }(),
                   true});
  cases.push_back({"a flipped matrix byte (checksum)", [&] {
                     std::string s = good;
                     s[s.size() / 2] ^= 0x40;
                     return s;
                   }(),
                   false});
  for (const auto& c : cases) {
    INFO(c.name);
    const auto path = dir.write("bad.wv", c.bytes);
    const auto r = wv_query(path + " --format wv t1w1 -k 3" + (c.no_verify ? " --no-verify" : ""));
    expect_one_line_error(r, 1, "error: ");
  }
  // A directory or a device is not a model either.
  expect_one_line_error(wv_query(dir.file("") + " t1w1"), 1, "error: ");
  expect_one_line_error(wv_query("/dev/null t1w1"), 1, "error: ");
}

TEST_CASE("word2vec files whose header disagrees with the body make wv-query fail with one line", "[robustness]") {
  TempDir dir;
  std::string body_bin, body_txt = "a 1 2 3\nb 4 5 6\nc 7 8 9\n";
  for (const char* w : {"a", "b", "c"}) {
    const float v[3] = {1, 2, 3};
    body_bin += std::string(w) + " " + std::string(reinterpret_cast<const char*>(v), sizeof v) + "\n";
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"more words than the body (binary)", "4 3\n" + body_bin},
      {"fewer words than the body (binary)", "2 3\n" + body_bin},
      {"smaller dimension (binary)", "3 2\n" + body_bin},
      {"larger dimension (binary)", "3 4\n" + body_bin},
      {"more words than the body (text)", "4 3\n" + body_txt},
      {"fewer words than the body (text)", "2 3\n" + body_txt},
      {"smaller dimension (text)", "3 2\n" + body_txt},
      {"larger dimension (text)", "3 4\n" + body_txt},
      {"huge counts", "18446744073709551615 18446744073709551615\n" + body_txt},
      {"huge dimension", "3 4000000000\n" + body_bin},
      {"negative counts", "-3 3\n" + body_txt},
      {"zero words", "0 3\n"},
      {"header only", "3 3\n"},
      {"binary garbage", bytes_of("\x00\xff\x13\x37 \x01\n\x80")},
  };
  for (const auto& [name, bytes] : cases) {
    INFO(name);
    const auto path = dir.write("v.w2v", bytes);
    expect_one_line_error(wv_query(path + " a -k 1"), 1, "error: ");
  }
  // The good files read.
  CHECK(wv_query(dir.write("ok.bin", "3 3\n" + body_bin) + " a -k 1").status == 0);
  CHECK(wv_query(dir.write("ok.txt", "3 3\n" + body_txt) + " a -k 1").status == 0);
}

TEST_CASE("malformed analogy and similarity files make wv-query fail with one line naming the line", "[robustness]") {
  TempDir dir;
  const std::string model = dir.write("v.txt", "3 3\na 1 2 3\nb 4 5 6\nc 7 8 9\n");
  struct Case {
    const char* command;
    std::string name, text, fragment;
  };
  const std::vector<Case> cases = {
      {"eval-analogy", "three words", ": s\na b c d\na b c\n", "line"},
      {"eval-analogy", "five words", "a b c d e\n", "line"},
      {"eval-analogy", "binary", bytes_of("\x00\x01\x02 \xff\n\x80\x81"), "line"},
      {"eval-similarity", "two words", "a b 1\na c\n", "line 2"},
      {"eval-similarity", "score not a number", "a b 1\na c high\n", "line 2"},
      {"eval-similarity", "score not finite", "a b 1\na c inf\n", "line 2"},
      {"eval-similarity", "four fields", "a b 1\na c 2 3\n", "line 2"},
      {"eval-similarity", "binary", bytes_of("a b 1\n\x00\x01\x02 \xff \x80\x81\n"), "line 2"},
  };
  for (const auto& c : cases) {
    INFO(c.command << ", " << c.name);
    expect_one_line_error(wv_query(model + " " + c.command + " " + dir.write("in.txt", c.text)), 1, c.fragment);
  }
  for (const char* command : {"eval-analogy", "eval-similarity"}) {
    INFO(command);
    expect_one_line_error(wv_query(model + " " + command + " " + dir.file("missing.txt")), 1, "error: ");
  }
}

// ---- Signals, checkpoints and reproducibility ----

TEST_CASE("SIGTERM and SIGINT stop training mid-run with a checkpoint that resumes to the full schedule", "[robustness]") {
  TempDir dir;
  // About 1.5 s of training on 2 idle cores (ASan runs 4-5 times slower: a
  // quarter of the corpus).
  const auto corpus = dir.write("c.txt", clustered_corpus(kSanitized ? 75'000 : 300'000, 10));
  int epochs = 60;
  auto settings = [&] {
    return " --dim 48 --sample 0 --epochs " + std::to_string(epochs) + " --threads 2 --min-count 1 --seed 3";
  };
  const std::string ck = dir.file("ck.wv");

  // Signals training once it has reported progress (0.25 s in) and checks
  // that it stops before the end with a checkpoint. On a machine fast
  // enough to finish first, it retries with more epochs.
  auto interrupt = [&](int sig) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      fs::remove(ck);
      Process train(bin("wv-train"), split_args("-i " + corpus + " --checkpoint " + ck + " -o " + dir.file("never.wv") + settings()));
      REQUIRE(train.wait_for_output("Progress:"));
      train.signal(sig);
      const auto signalled = std::chrono::steady_clock::now();
      const auto f = train.wait();
      const double stop_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
      INFO("signal " << sig << "; stderr:\n" << f.err << "stopped " << stop_seconds << " s after the signal");
      if (f.status == 0) {
        WARN("training finished before the signal came; again with twice the epochs");
        fs::remove(dir.file("never.wv"));
        epochs *= 2;
        continue;
      }
      REQUIRE(f.status == 130);
      REQUIRE_FALSE(lines_of(f.err).empty());
      const std::string last = lines_of(f.err).back();
      CHECK_THAT(last, Catch::StartsWith("wv-train: interrupted at ") && Catch::Contains("checkpoint written to '" + ck + "'"));
      const double percent = std::stod(last.substr(std::string("wv-train: interrupted at ").size()));
      CHECK(percent < 100.0);
      CHECK(fs::exists(ck));
      CHECK_FALSE(fs::exists(dir.file("never.wv")));
      return;
    }
    FAIL("training always finished before the signal");
  };
  interrupt(SIGTERM);
  interrupt(SIGINT);

  // The last checkpoint (SIGINT's) resumes and completes the schedule.
  const ModelFile checkpoint = ModelFile::open(ck);
  const std::uint64_t done = checkpoint.settings().at("checkpoint").at("words_done").get<std::uint64_t>();
  const auto r = wv_train("-i " + corpus + " --resume " + ck + " -o " + dir.file("resumed.wv") + " -q");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const ModelFile resumed = ModelFile::open(dir.file("resumed.wv"));
  const std::uint64_t total = setting_u64(resumed, "corpus_words") * resumed.settings().at("epochs").get<std::uint64_t>();
  CHECK(done > 0);
  CHECK(done < total);
  // trained_words counts the interrupted part too: together, every word of every epoch.
  CHECK(setting_u64(resumed, "trained_words") == total);

  // Quality as without the interruption.
  REQUIRE(wv_train("-q -i " + corpus + " -o " + dir.file("straight.wv") + settings()).status == 0);
  const ModelFile straight = ModelFile::open(dir.file("straight.wv"));
  CHECK(setting_u64(straight, "trained_words") == total);
  const double acc_resumed = cluster_accuracy(resumed), acc_straight = cluster_accuracy(straight);
  const double loss_resumed = resumed.settings().at("final_loss").get<double>();
  const double loss_straight = straight.settings().at("final_loss").get<double>();
  const double part = 1.0 - static_cast<double>(done) / static_cast<double>(total);
  WARN("interrupted at " << 100 * (1 - part) << "%; nearest-neighbour accuracy " << acc_resumed << " resumed, "
                         << acc_straight << " uninterrupted; final loss " << loss_resumed
                         << " resumed (its last " << 100 * part << "% only), " << loss_straight << " uninterrupted");
  CHECK(acc_resumed >= acc_straight - 0.05);
  CHECK(acc_resumed > 0.9);
  // The resumed run's loss is the mean over its part only, the later and
  // easier one, so it is at most the whole uninterrupted run's mean, and not
  // far below it.
  CHECK(loss_resumed <= loss_straight * 1.02);
  CHECK(loss_resumed >= loss_straight * 0.8);
}

TEST_CASE("one-thread runs with a seed give bit-identical models, 2-thread runs the same vocabulary and schedule", "[robustness]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", clustered_corpus(100'000, 11));
  auto train = [&](const std::string& name, const std::string& flags) {
    const auto r = wv_train("-q -i " + corpus + " -o " + dir.file(name) + " --min-count 1 --dim 24 --epochs 2 " + flags);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return ModelFile::open(dir.file(name));
  };
  // The file up to the settings (counts, words, vectors), and the header
  // up to the settings' place: the settings hold the run's duration, which
  // also changes their length, the file size and the checksum.
  auto content = [&](const std::string& name) {
    const std::string bytes = slurp(dir.file(name));
    const std::uint64_t settings_offset = *reinterpret_cast<const std::uint64_t*>(bytes.data() + 80);
    return bytes.substr(0, 88) + bytes.substr(128, settings_offset - 128);
  };
  for (const char* mode : {"window", "pair"}) {
    INFO(mode);
    const std::string flags = std::string(" --threads 1 --mode ") + mode;
    const ModelFile a = train("a.wv", flags + " --seed 17"), b = train("b.wv", flags + " --seed 17"),
                    c = train("c.wv", flags + " --seed 18");
    CHECK(content("a.wv") == content("b.wv"));
    CHECK(content("a.wv") != content("c.wv"));
    CHECK(std::memcmp(a.input_vectors(), b.input_vectors(), a.vocab_size() * a.dim() * sizeof(float)) == 0);
    CHECK(std::memcmp(a.input_vectors(), c.input_vectors(), a.vocab_size() * a.dim() * sizeof(float)) != 0);
  }
  // With 2 threads, Hogwild updates race, so the vectors may differ from run
  // to run; what holds is everything decided before training and the amount
  // of training: vocabulary, counts, order, and words trained.
  const ModelFile p = train("p.wv", "--threads 2 --seed 17"), q = train("q.wv", "--threads 2 --seed 17");
  REQUIRE(p.vocab_size() == q.vocab_size());
  for (std::size_t i = 0; i < p.vocab_size(); ++i) {
    CHECK(p.word(i) == q.word(i));
    CHECK(p.count(i) == q.count(i));
  }
  CHECK(setting_u64(p, "trained_words") == setting_u64(q, "trained_words"));
}

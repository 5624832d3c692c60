// Reading the corpus: compressed formats told by their magic bytes, stdin,
// directories and several files; the first pass's spool (its sentences, its
// temporary file, its disk checks); and wv-train on every kind of bad input.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/error.h"
#include "model/model_file.h"
#include "test_support.h"
#include "text/corpus.h"
#include "text/corpus_input.h"
#include "text/input_file.h"
#include "text/spool.h"
#include "text/vocabulary.h"
#include "train/progress.h"

using wordvec::Compression;
using wordvec::test::bin;
using wordvec::test::lines_of;
using wordvec::test::slurp;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// What a shell command printed (stdout and stderr together) and its status.
// These cases need a shell's features (ulimit, timeout, pipes into stdin,
// environment assignments, a private mount namespace), which the shared
// run_program deliberately avoids.
struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// ---- Compressing in the test, through the same libraries ----

std::string gzip(const std::string& text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string xz(const std::string& text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  std::size_t pos = 0;
  REQUIRE(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                                  text.size(), reinterpret_cast<std::uint8_t*>(out.data()), &pos, out.size()) == LZMA_OK);
  out.resize(pos);
  return out;
}

std::string zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string bzip2(const std::string& text) {
  std::string out(text.size() + text.size() / 100 + 1024, '\0');
  unsigned int n = static_cast<unsigned int>(out.size());
  REQUIRE(BZ2_bzBuffToBuffCompress(out.data(), &n, const_cast<char*>(text.data()), static_cast<unsigned int>(text.size()),
                                   9, 0, 0) == BZ_OK);
  out.resize(n);
  return out;
}

struct Format {
  const char* name;
  std::string (*compress)(const std::string&);
};
const Format kFormats[] = {{"gz", gzip}, {"xz", xz}, {"zst", zstd}, {"bz2", bzip2}};

// Everything a source gives, read in small pieces.
std::string read_all(wordvec::ByteSource& source, std::size_t piece = 777) {
  std::string text, buf(piece, '\0');
  for (std::size_t n; (n = source.read(buf.data(), buf.size())) > 0;) text.append(buf.data(), n);
  return text;
}

std::string decoded(const std::string& path) { return read_all(*wordvec::open_input_file(path)); }

// Zipf-like words over lines of varied length, a few of them long (cut by
// --max-sentence-words 50), with runs of spaces and blank lines.
std::string corpus_text(unsigned seed = 5, int lines = 1500) {
  std::mt19937 gen(seed);
  std::string text;
  for (int l = 0; l < lines; ++l) {
    const int len = l % 97 == 0 ? 180 : 3 + static_cast<int>(gen() % 20);
    for (int i = 0; i < len; ++i) {
      const unsigned r = gen() % 1000;
      text += "w" + std::to_string(r * r / 4000);
      text += gen() % 50 == 0 ? "  " : " ";
    }
    text += gen() % 30 == 0 ? "\n\n" : "\n";
  }
  return text;
}

const std::string kTrain = " -q --threads 1 --seed 1 --dim 16 --epochs 1 --min-count 2 --max-sentence-words 50";

CommandResult wv_train(const std::string& args) { return run_command(bin("wv-train") + " " + args); }

// A failed run: nonzero exit, one line, naming each of `needles`.
void expect_one_line_error(const CommandResult& r, const std::vector<std::string>& needles) {
  INFO("output:\n" << r.output);
  CHECK(r.status == 1);
  const auto lines = lines_of(r.output);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("wv-train: error: ", 0) == 0);
  for (const auto& needle : needles) CHECK_THAT(lines[0], Catch::Contains(needle));
}

bool empty_dir(const std::string& dir) { return fs::is_empty(dir); }

// Whether this machine lets the tests mount a small tmpfs in a private mount
// namespace (root with CAP_SYS_ADMIN), for a disk that really fills up.
bool can_mount_tmpfs(const TempDir& dir) {
  fs::create_directories(dir.file("probe"));
  return run_command("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs " + dir.file("probe") + "' </dev/null").status == 0;
}

// `command` with a 256 kB tmpfs mounted on `mount_point` for its duration only.
std::string with_small_disk(const std::string& mount_point, const std::string& command) {
  return "unshare -m sh -c 'mount -t tmpfs -o size=256k tmpfs " + mount_point + " && " + command + "'";
}

}  // namespace

// ---- Formats ----

TEST_CASE("compression is told by the magic bytes, never by the name", "[input]") {
  CHECK(wordvec::detect_compression("\x1f\x8b\x08\0\0\0") == Compression::kGzip);
  CHECK(wordvec::detect_compression(std::string_view("\xfd" "7zXZ\0", 6)) == Compression::kXz);
  CHECK(wordvec::detect_compression("\x28\xb5\x2f\xfd\0\0") == Compression::kZstd);
  CHECK(wordvec::detect_compression("BZh91AY") == Compression::kBzip2);
  CHECK(wordvec::detect_compression("BZh is a word") == Compression::kNone);
  CHECK(wordvec::detect_compression("\x1f") == Compression::kNone);
  CHECK(wordvec::detect_compression("") == Compression::kNone);
  CHECK(wordvec::detect_compression("the cat") == Compression::kNone);

  TempDir dir;
  const std::string text = corpus_text(1, 50);
  // Named for another format than they hold, both read right.
  CHECK(decoded(dir.write("plain.gz", text)) == text);
  CHECK(decoded(dir.write("packed.txt", xz(text))) == text);
}

TEST_CASE("gzip, xz, zstd and bzip2 decode to the text, several streams in one file included", "[input]") {
  TempDir dir;
  const std::string text = corpus_text(2, 3000);  // ~200 kB: more than one input buffer
  for (const Format& f : kFormats) {
    INFO(f.name);
    CHECK(decoded(dir.write(std::string("c.") + f.name, f.compress(text))) == text);
    // Two streams back to back (pigz, pixz, zstd -T and lbzip2 write such files; so does cat a.gz b.gz).
    const std::string half = text.substr(0, text.size() / 2), rest = text.substr(text.size() / 2);
    CHECK(decoded(dir.write(std::string("two.") + f.name, f.compress(half) + f.compress(rest))) == text);
    // A compressed empty text is an empty text.
    CHECK(decoded(dir.write(std::string("empty.") + f.name, f.compress(""))).empty());
  }
}

TEST_CASE("a damaged compressed file fails naming the file and the byte where decoding stopped", "[input]") {
  TempDir dir;
  const std::string text = corpus_text(3, 3000);
  for (const Format& f : kFormats) {
    INFO(f.name);
    const std::string packed = f.compress(text);
    const std::string cut = dir.write(std::string("cut.") + f.name, packed.substr(0, packed.size() / 2));
    CHECK_THROWS_WITH(decoded(cut), Catch::Contains("cut.") && Catch::Contains("is truncated") &&
                                        Catch::Contains("byte " + wordvec::with_thousands(packed.size() / 2)));
    std::string flipped = packed;
    for (std::size_t i = packed.size() / 3; i < packed.size() / 3 + 64; ++i) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    CHECK_THROWS_WITH(decoded(dir.write(std::string("bad.") + f.name, flipped)),
                      Catch::Contains("bad.") && Catch::Contains("is corrupt") && Catch::Contains("at byte"));
    // Bytes after the last stream that are no stream of the format.
    CHECK_THROWS_WITH(decoded(dir.write(std::string("tail.") + f.name, packed + "garbage!")),
                      Catch::Contains("tail.") && Catch::Contains("byte"));
  }
}

// ---- Naming the inputs ----

TEST_CASE("inputs: files in order, directories as their regular files by name, stdin once", "[input]") {
  TempDir dir;
  fs::create_directories(dir.file("shards/sub"));
  dir.write("shards/b.txt", "b");
  dir.write("shards/a.txt", "a");
  dir.write("shards/c.xz", xz("c"));
  dir.write("shards/sub/d.txt", "not read: subdirectories are not entered");
  const auto one = dir.write("one.txt", "1");
  const auto inputs = wordvec::expand_inputs({one, dir.file("shards")});
  CHECK(inputs == std::vector<std::string>{one, dir.file("shards/a.txt"), dir.file("shards/b.txt"), dir.file("shards/c.xz")});

  fs::create_directories(dir.file("empty/sub"));
  CHECK_THROWS_WITH(wordvec::expand_inputs({dir.file("empty")}), Catch::Contains("empty") && Catch::Contains("no regular file"));
  CHECK_THROWS_WITH(wordvec::expand_inputs({one, dir.file("missing.txt")}), Catch::Contains("missing.txt"));
  CHECK_THROWS_WITH(wordvec::expand_inputs({"-", one, "-"}), Catch::Contains("twice"));
}

TEST_CASE("several inputs read as one text; a file's end ends a token, not a sentence", "[input]") {
  TempDir dir;
  const auto a = dir.write("a.txt", "one two");   // no newline at its end
  const auto b = dir.write("b.gz", gzip("three\nfour"));
  const auto c = dir.write("c.txt", "");
  const auto d = dir.write("d.txt", "five\n");
  wordvec::CorpusInput input({a, b, c, d});
  CHECK(read_all(input, 3) == "one two three\nfour  five\n");  // between files, a space
  CHECK(input.counters().text_bytes.load() == 22);
}

// ---- The spool ----

namespace {

std::vector<std::vector<wordvec::WordId>> sentences_of(const wordvec::Spool& spool, std::uint64_t begin, std::uint64_t end) {
  std::vector<std::vector<wordvec::WordId>> all;
  wordvec::SpoolSentences reader(spool, begin, end);
  for (std::vector<wordvec::WordId> s; reader.next(s);) all.push_back(s);
  return all;
}

wordvec::CorpusOptions spool_options(const TempDir& dir, std::size_t max_words) {
  wordvec::CorpusOptions o;
  o.tmp_dir = dir.file("");
  o.what_tmp_dir = "the test's directory";
  o.max_sentence_words = max_words;
  o.vocab.min_count = 2;
  return o;
}

}  // namespace

TEST_CASE("the spool cuts sentences where the text reader did: newlines and max-sentence-words known words", "[input]") {
  TempDir dir;
  // Counts: a 6, b 4, c 3, d 2; w, x, y, z once (below min-count 2: dropped).
  const auto path = dir.write("c.txt", "a b x a\n\n  y\nz\nc a b d a\nb c c w\nd a b a\n");
  auto corpus = wordvec::read_corpus({path}, spool_options(dir, 3));
  REQUIRE(corpus);
  const wordvec::Vocabulary& v = corpus->vocab;
  REQUIRE(v.words() == std::vector<std::string>{"a", "b", "c", "d"});
  const wordvec::WordId a = 0, b = 1, c = 2, d = 3;
  using S = std::vector<wordvec::WordId>;
  // A line of unknown words makes no sentence; a newline before an unknown
  // word still ends the sentence; lines longer than 3 known words are cut
  // every 3 of them.
  const std::vector<S> expected = {{a, b, a}, {c, a, b}, {d, a}, {b, c, c}, {d, a, b}, {a}};
  CHECK(sentences_of(corpus->spool, 0, corpus->spool.size()) == expected);
  CHECK(corpus->spool.size() == v.total_count());
  CHECK(corpus->stats.tokens == 19);
  CHECK(corpus->stats.raw_spool_bytes == 19 * wordvec::kSpoolEntryBytes);
  CHECK(corpus->spool.bytes() == 15 * wordvec::kSpoolEntryBytes);
  CHECK(corpus->spool.identity().entries == 15);
  // Ranges that start at sentence starts see whole sentences.
  const std::uint64_t third = corpus->spool.sentence_start_from(7);
  CHECK(third == 8);
  CHECK(corpus->spool.starts_sentence(8));
  CHECK_FALSE(corpus->spool.starts_sentence(7));
  CHECK(sentences_of(corpus->spool, third, corpus->spool.size()) == std::vector<S>(expected.begin() + 3, expected.end()));

  // The same text through a given vocabulary (as --read-vocab and a resume
  // read it) gives the same spool, checksum included.
  auto again = wordvec::read_corpus({path}, spool_options(dir, 3), &v);
  REQUIRE(again);
  CHECK(again->spool.identity() == corpus->spool.identity());
  CHECK(again->spool.identity().vocabulary_given);
  // Another text does not.
  auto other = wordvec::read_corpus({dir.write("d.txt", "a b x a\n\n  y\nz\nc a b d a\nb c c w\nd a b b\n")},
                                    spool_options(dir, 3), &v);
  REQUIRE(other);
  CHECK_FALSE(other->spool.identity() == corpus->spool.identity());
  // The spool files have no name: nothing is left in the directory.
  CHECK(std::vector<fs::path>(fs::directory_iterator(dir.file("")), fs::directory_iterator()).size() == 2);
}

TEST_CASE("words dropped by --prune-threshold while counting are dropped from the spool", "[input]") {
  wordvec::VocabularyOptions o;
  o.min_count = 1;
  o.prune_threshold = 3;
  wordvec::VocabularyCounter counter(o);
  std::vector<std::uint32_t> ids;
  for (const char* t : {"a", "a", "b", "c", "a", "d", "b", "e", "a", "b"}) ids.push_back(counter.add(t));
  // a, b, c get 0, 1, 2; d makes four distinct words, and pruning drops the
  // words of count 1 (b, c, d) and keeps a; b comes back with a new id.
  CHECK(ids == std::vector<std::uint32_t>{0, 0, 1, 2, 0, 3, 4, 5, 0, 4});
  std::vector<wordvec::WordId> final_ids;
  const wordvec::Vocabulary v = counter.finish(&final_ids);
  CHECK(v.words() == std::vector<std::string>{"a", "b", "e"});
  CHECK(final_ids == std::vector<wordvec::WordId>{0, wordvec::kNoWord, wordvec::kNoWord, wordvec::kNoWord, 1, 2});
}

TEST_CASE("the reading progress line says bytes, words and rate", "[input]") {
  wordvec::ReadProgress p;
  p.input_bytes = 25'000'000;
  p.text_bytes = 100'000'000;
  p.tokens = 17'005'207;
  p.distinct = 253'854;
  p.seconds = 2.0;
  CHECK(wordvec::ProgressDisplay::format_line(p) ==
        "Reading: 100 MB of text (from 25 MB read)  words: 17,005,207  distinct: 253,854  50.0 MB/s");
}

// ---- wv-train on every kind of input ----

TEST_CASE("wv-train makes the same model from the text, its gz, xz, zst and bz2, stdin, and the text in three files", "[input][cli]") {
  TempDir dir;
  fs::create_directories(dir.file("tmp"));
  const std::string text = corpus_text(7, 4000);
  const auto plain = dir.write("c.txt", text);
  const std::string tmp = " --tmp-dir " + dir.file("tmp");
  auto train = [&](const std::string& name, const std::string& input) {
    const auto r = wv_train(input + " --export-w2v " + dir.file(name) + kTrain + tmp);
    INFO(name << ": " << r.output);
    REQUIRE(r.status == 0);
    CHECK(empty_dir(dir.file("tmp")));  // the spool is gone
    return slurp(dir.file(name));
  };
  const std::string reference = train("plain.bin", "-i " + plain);
  REQUIRE(reference.size() > 1000);
  for (const Format& f : kFormats) {
    INFO(f.name);
    const auto packed = dir.write(std::string("c.") + f.name, f.compress(text));
    CHECK(train(std::string(f.name) + ".bin", "-i " + packed) == reference);
  }
  CHECK(train("stdin.bin", "-i - < " + plain) == reference);
  CHECK(train("pipe.bin", "-i - < " + dir.file("c.xz")) == reference);  // stdin may be compressed too
  // Cut at two spaces (one inside a line, one at a line's end), the text
  // itself in three files: as one file, since a file's end ends a token.
  const std::size_t cut1 = text.find(' ', text.size() / 3), cut2 = text.find('\n', 2 * text.size() / 3);
  fs::create_directories(dir.file("shards"));
  const auto a = dir.write("shards/1.txt", text.substr(0, cut1));
  const auto b = dir.write("shards/2.gz", gzip(text.substr(cut1 + 1, cut2 - cut1 - 1)));
  const auto c = dir.write("shards/3.txt", text.substr(cut2));
  CHECK(train("three.bin", "-i " + a + " -i " + b + " -i " + c) == reference);
  CHECK(train("three-one-flag.bin", "-i " + a + " " + b + " " + c) == reference);
  CHECK(train("dir.bin", "-i " + dir.file("shards")) == reference);
  CHECK(train("dir-stdin.bin", "-i " + a + " - " + c + " < " + b) == reference);
  // A model records what it was trained on.
  REQUIRE(wv_train("-i " + a + " -i " + b + " -o " + dir.file("m.wv") + kTrain + tmp).status == 0);
  CHECK(wordvec::ModelFile::open(dir.file("m.wv")).settings().at("corpus") == nlohmann::json::array({a, b}));
}

TEST_CASE("wv-train rejects bad input with one line, writes no model and leaves no spool", "[input][cli]") {
  TempDir dir;
  fs::create_directories(dir.file("tmp"));
  const std::string text = corpus_text(8, 2000);
  const auto good = dir.write("good.txt", text);
  const auto out = dir.file("m.wv");
  const std::string common = " -o " + out + kTrain + " --tmp-dir " + dir.file("tmp");
  auto check = [&](const std::string& input, const std::vector<std::string>& needles) {
    expect_one_line_error(wv_train(input + common), needles);
    CHECK_FALSE(fs::exists(out));
    CHECK(empty_dir(dir.file("tmp")));
  };

  SECTION("truncated or corrupted compressed files") {
    for (const Format& f : kFormats) {
      INFO(f.name);
      const std::string packed = f.compress(text);
      const auto cut = dir.write(std::string("cut.") + f.name, packed.substr(0, packed.size() * 2 / 3));
      check("-i " + good + " -i " + cut, {cut, "truncated", "byte " + wordvec::with_thousands(packed.size() * 2 / 3)});
      std::string flipped = packed;
      for (std::size_t i = packed.size() / 2; i < packed.size() / 2 + 32; ++i) flipped[i] = static_cast<char>(~flipped[i]);
      const auto bad = dir.write(std::string("bad.") + f.name, flipped);
      check("-i " + bad, {bad, "corrupt", "at byte"});
    }
  }
  SECTION("stdin that is empty") {
    check("-i - < /dev/null", {"stdin", "empty"});
    check("-i - < " + dir.write("empty.gz", gzip("")), {"stdin", "empty"});
  }
  SECTION("a directory with no regular file") {
    fs::create_directories(dir.file("hollow/sub"));
    check("-i " + dir.file("hollow"), {"hollow", "no regular file"});
  }
  SECTION("a file that cannot be read among several") {
    check("-i " + good + " -i " + dir.file("missing.txt"), {"missing.txt", "No such file"});
    fs::create_symlink(dir.file("nowhere.txt"), dir.file("dangling.txt"));
    check("-i " + good + " " + dir.file("dangling.txt"), {"dangling.txt"});
    const auto locked = dir.write("locked.txt", text);
    ::chmod(locked.c_str(), 0);
    // Root reads any file unless it gives up CAP_DAC_OVERRIDE.
    const bool root = ::geteuid() == 0;
    if (root && run_command("command -v setpriv").status != 0) {
      WARN("SKIPPED: a file without read permission (root, and no setpriv to drop CAP_DAC_OVERRIDE)");
      return;
    }
    const std::string as_user = root ? "setpriv --bounding-set -dac_override,-dac_read_search " : "";
    expect_one_line_error(run_command(as_user + bin("wv-train") + " -i " + good + " -i " + locked + common),
                          {"locked.txt", "Permission denied"});
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("--tmp-dir that does not exist") {
    expect_one_line_error(wv_train("-i " + good + " -o " + out + kTrain + " --tmp-dir " + dir.file("nodir")),
                          {"--tmp-dir", "nodir", "No such file"});
    expect_one_line_error(run_command("TMPDIR=" + dir.file("nodir") + " " + bin("wv-train") + " -i " + good + " -o " + out + kTrain),
                          {"$TMPDIR", "nodir"});
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("a spool that outgrows the file size limit") {
    expect_one_line_error(run_command("ulimit -f 64; " + bin("wv-train") + " -i " + good + common),
                          {"spool", dir.file("tmp"), "ulimit -f"});
    CHECK_FALSE(fs::exists(out));
    CHECK(empty_dir(dir.file("tmp")));
  }
  SECTION("a disk that fills up while spooling, and one too small from the start") {
    if (!can_mount_tmpfs(dir)) {
      WARN("SKIPPED: cannot mount a tmpfs here (needs root in a mount namespace); the ulimit -f section covers the write error");
      return;
    }
    // 600k words of a compressed input estimated at 3x its 8 kB: the check
    // up front passes and the 256 kB disk fills at 64k words.
    std::string repeated;
    for (int i = 0; i < 100'000; ++i) repeated += "a b c d e f\n";
    const auto packed = dir.write("repeated.gz", gzip(repeated));
    const std::string small = dir.file("tmp");
    // ls shows what the failed run left on the disk: nothing, or a second line.
    auto r = run_command(with_small_disk(small, bin("wv-train") + " -i " + packed + common + "; s=$?; ls -A " + small +
                                                    "; exit $s"));
    expect_one_line_error(r, {"spool", small, "No space left on device", "--tmp-dir"});
    // Refused before reading: 100 kB of text for a spool of 2/3 its size,
    // on a disk whose 256 kB are taken by a file.
    r = run_command(with_small_disk(small, "head -c 200000 /dev/zero > " + small + "/full; " + bin("wv-train") + " -i " +
                                               good + common));
    expect_one_line_error(r, {"needs a spool of about", small, "free"});
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("wv-train --save-vocab alone only counts: it writes no spool", "[input][cli]") {
  TempDir dir;
  const auto corpus = dir.write("c.txt", corpus_text(11, 2000));  // a spool of about 100 kB
  // 16 kB of file size (ulimit -f counts 512-byte blocks in sh): room for the vocabulary, not a spool.
  const auto r = run_command("ulimit -f 32; " + bin("wv-train") + " -i " + corpus + " --save-vocab " + dir.file("v.txt"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, !Catch::Contains("Spool:"));
  CHECK(lines_of(slurp(dir.file("v.txt"))).size() > 100);
}

TEST_CASE("wv-train removes its spool when interrupted while reading or training", "[input][cli]") {
  TempDir dir;
  fs::create_directories(dir.file("tmp"));
  const auto corpus = dir.write("c.txt", corpus_text(9, 3000));
  const std::string tmp = " --tmp-dir " + dir.file("tmp");
  // Reading: stdin that gives nothing for 2 s.
  auto r = run_command("(sleep 2) | timeout -s INT --preserve-status 0.5 " + bin("wv-train") + " -i - -o " +
                       dir.file("m.wv") + tmp);
  INFO(r.output);
  CHECK(r.status == 130);
  CHECK_THAT(r.output, Catch::Contains("interrupted while reading"));
  CHECK(empty_dir(dir.file("tmp")));
  // Training: 1000 epochs.
  r = run_command("timeout -s INT --preserve-status 0.5 " + bin("wv-train") + " -i " + corpus + " -o " + dir.file("m.wv") +
                  tmp + " --threads 2 --dim 32 --min-count 1 --epochs 1000 -q");
  INFO(r.output);
  CHECK(r.status == 130);
  CHECK(empty_dir(dir.file("tmp")));
  CHECK_FALSE(fs::exists(dir.file("m.wv")));
}

TEST_CASE("a checkpoint resumes from the same text in another form and refuses another corpus", "[input][cli]") {
  TempDir dir;
  const std::string text = corpus_text(10, 6000);
  const auto plain = dir.write("c.txt", text);
  const auto packed = dir.write("c.zst", zstd(text));
  const auto ck = dir.file("ck.wv");
  // A checkpoint written at the very start (SIGTERM before any epoch ends).
  const std::string settings = " --threads 2 --dim 16 --min-count 2 --epochs 1000 --seed 4";
  for (const bool read_vocab : {false, true}) {
    INFO((read_vocab ? "--read-vocab" : "counted vocabulary"));
    std::string vocab_flag;
    if (read_vocab) {
      REQUIRE(wv_train("-q -i " + plain + " --save-vocab " + dir.file("v.txt") + " --min-count 2").status == 0);
      vocab_flag = " --read-vocab " + dir.file("v.txt");
    }
    fs::remove(ck);
    fs::remove(dir.file("r.wv"));
    const auto r = run_command("timeout -s TERM --preserve-status 1 " + bin("wv-train") + " -q -i " + plain + " --checkpoint " +
                               ck + " -o " + dir.file("never.wv") + settings + vocab_flag);
    INFO(r.output);
    REQUIRE(r.status == 130);
    REQUIRE(fs::exists(ck));
    const auto spool = wordvec::ModelFile::open(ck).settings().at("checkpoint").at("spool");
    CHECK(spool.at("vocabulary") == (read_vocab ? "given" : "counted"));

    // Another corpus: refused, whether its vocabulary or only its text differs.
    std::string other = text;
    std::swap(other[other.find(' ')], other[other.find('\n')]);  // same words, another sentence cut
    expect_one_line_error(wv_train("-q -i " + dir.write("other.txt", other) + " --resume " + ck + " -o " + dir.file("r.wv")),
                          {"not the one"});
    expect_one_line_error(wv_train("-q -i " + dir.write("fewer.txt", text.substr(0, text.size() / 2)) + " --resume " + ck +
                                   " -o " + dir.file("r.wv")),
                          {"not the one"});
    CHECK_FALSE(fs::exists(dir.file("r.wv")));
    // The same text, compressed: resumes (a few epochs are enough to see it go on).
    const auto resumed = run_command("timeout -s TERM --preserve-status 2 " + bin("wv-train") + " -q -i " + packed +
                                     " --resume " + ck + " --checkpoint " + dir.file("ck2.wv") + " -o " + dir.file("r.wv"));
    INFO(resumed.output);
    CHECK((resumed.status == 0 || resumed.status == 130));
    CHECK_THAT(resumed.output, !Catch::Contains("error"));
  }
}

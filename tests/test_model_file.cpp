// The model file: round trips, the on-disk layout the header documents,
// atomic writes, corruption detection, and word2vec exports.
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/matrix.h"
#include "model/atomic_file.h"
#include "model/model_file.h"
#include "model/word2vec_format.h"
#include "test_support.h"
#include "w2v_test_parser.h"

using wordvec::Matrix;
using wordvec::ModelContents;
using wordvec::ModelFile;
using wordvec::test::TempDir;
using wordvec::test::lines_of;
using wordvec::test::slurp;
using wordvec::test::parse_w2v_binary;
using wordvec::test::parse_w2v_text;
using wordvec::test::W2V;
namespace fs = std::filesystem;

namespace {

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

template <typename T>
T read_at(const std::string& bytes, std::size_t offset) {
  T v;
  REQUIRE(offset + sizeof(T) <= bytes.size());
  std::memcpy(&v, bytes.data() + offset, sizeof(T));
  return v;
}

template <typename T>
void write_at(std::string& bytes, std::size_t offset, T v) {
  std::memcpy(&bytes[offset], &v, sizeof(T));
}

// A small model: words with UTF-8, rows padded (dim 20 -> stride 32) with
// garbage in the padding that must not reach the file.
struct Fixture {
  std::vector<std::string> words{"the", "of", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "x"};
  std::vector<std::uint64_t> counts{500, 300, 20, 7, 5};
  static constexpr std::size_t kDim = 20;
  Matrix input{5, kDim}, context{5, kDim};

  Fixture() {
    std::mt19937 gen(3);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (std::size_t r = 0; r < 5; ++r)
      for (std::size_t k = 0; k < input.stride(); ++k) {
        input.row(r)[k] = k < kDim ? n(gen) : 12345.0f;
        context.row(r)[k] = k < kDim ? n(gen) : -999.0f;
      }
    // Values that a sloppy text format would not round-trip.
    input.row(0)[0] = 1.0f / 3.0f;
    input.row(0)[1] = -0.0f;
    input.row(0)[2] = std::numeric_limits<float>::denorm_min();
    input.row(0)[3] = std::numeric_limits<float>::max();
    input.row(0)[4] = -std::numeric_limits<float>::min();
    input.row(0)[5] = 1e-7f;
    input.row(0)[6] = 123456789.0f;
  }

  ModelContents contents(bool with_context) const {
    ModelContents c;
    c.words = &words;
    c.counts = &counts;
    c.input = input.view();
    if (with_context) c.context = context.view();
    c.settings = {{"dim", kDim}, {"tool", "test"}, {"lr", 0.025}, {"corpus", "caf\xc3\xa9.txt"}};
    return c;
  }
};

bool same_rows(const float* file_rows, const Matrix& m) {
  for (std::size_t r = 0; r < m.rows(); ++r)
    if (std::memcmp(file_rows + r * m.dim(), m.row(r), m.dim() * sizeof(float)) != 0) return false;
  return true;
}

std::vector<std::string> dir_entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Offsets of the header fields, as model_file.h documents them.
constexpr std::size_t kVersion = 8, kByteOrder = 12, kVocab = 16, kDimField = 24, kFlags = 28, kCounts = 32,
                      kWordOffsets = 40, kWords = 48, kWordsSize = 56, kInput = 64, kContext = 72, kSettings = 80,
                      kSettingsSize = 88, kFileSize = 96, kChecksum = 104;

std::string written_model(const TempDir& dir, bool with_context = true) {
  Fixture f;
  const auto path = dir.file("m.wv");
  wordvec::write_model(path, f.contents(with_context));
  return path;
}

}  // namespace

TEST_CASE("write_model and ModelFile::open round-trip words, counts, vectors and settings", "[model_file]") {
  TempDir dir;
  Fixture f;
  for (bool with_context : {true, false}) {
    INFO((with_context ? "with context vectors" : "without context vectors"));
    const auto path = dir.file(with_context ? "ctx.wv" : "plain.wv");
    wordvec::write_model(path, f.contents(with_context));
    ModelFile m = ModelFile::open(path);
    REQUIRE(m.vocab_size() == 5);
    REQUIRE(m.dim() == Fixture::kDim);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(m.word(i) == f.words[i]);
      CHECK(m.count(i) == f.counts[i]);
    }
    CHECK(same_rows(m.input_vectors(), f.input));
    if (with_context) {
      REQUIRE(m.context_vectors() != nullptr);
      CHECK(same_rows(m.context_vectors(), f.context));
    } else {
      CHECK(m.context_vectors() == nullptr);
    }
    CHECK(m.settings() == f.contents(false).settings);
    CHECK(m.file_size() == fs::file_size(path));
    // Vectors are mmap-ready: 64-byte aligned in the file (and so in memory).
    CHECK(reinterpret_cast<std::uintptr_t>(m.input_vectors()) % 64 == 0);

    // A moved-from ModelFile hands over its mapping.
    ModelFile moved = std::move(m);
    CHECK(moved.word(2) == "caf\xc3\xa9");
  }
  CHECK(fs::file_size(dir.file("ctx.wv")) >= fs::file_size(dir.file("plain.wv")) + 5 * Fixture::kDim * 4);
}

TEST_CASE("the model file is exactly what its header describes", "[model_file]") {
  TempDir dir;
  Fixture f;
  const auto bytes = slurp(written_model(dir));
  REQUIRE(bytes.size() >= wordvec::kModelHeaderSize);
  CHECK(std::memcmp(bytes.data(), "WORDVEC\0", 8) == 0);
  CHECK(read_at<std::uint32_t>(bytes, kVersion) == 1);
  CHECK(read_at<std::uint32_t>(bytes, kByteOrder) == 0x01020304);
  CHECK(std::string(bytes.data() + kByteOrder, 4) == std::string("\x04\x03\x02\x01", 4));  // little-endian on disk
  const auto V = read_at<std::uint64_t>(bytes, kVocab);
  const auto D = read_at<std::uint32_t>(bytes, kDimField);
  REQUIRE(V == 5);
  REQUIRE(D == Fixture::kDim);
  CHECK(read_at<std::uint32_t>(bytes, kFlags) == 1);
  for (std::size_t i = 112; i < 128; ++i) CHECK(bytes[i] == 0);  // reserved

  // Sections in the documented order, back to back except for alignment padding.
  const auto counts_off = read_at<std::uint64_t>(bytes, kCounts);
  const auto offsets_off = read_at<std::uint64_t>(bytes, kWordOffsets);
  const auto words_off = read_at<std::uint64_t>(bytes, kWords);
  const auto words_size = read_at<std::uint64_t>(bytes, kWordsSize);
  const auto input_off = read_at<std::uint64_t>(bytes, kInput);
  const auto context_off = read_at<std::uint64_t>(bytes, kContext);
  const auto settings_off = read_at<std::uint64_t>(bytes, kSettings);
  const auto settings_size = read_at<std::uint64_t>(bytes, kSettingsSize);
  CHECK(counts_off == 128);
  CHECK(offsets_off == counts_off + 8 * V);
  CHECK(words_off == offsets_off + 8 * (V + 1));
  CHECK(input_off % 64 == 0);
  CHECK(input_off >= words_off + words_size);
  CHECK(input_off < words_off + words_size + 64);
  CHECK(context_off % 64 == 0);
  CHECK(context_off == (input_off + V * D * 4 + 63) / 64 * 64);  // 5 * 20 * 4 = 400 bytes: padded
  CHECK(settings_off == context_off + V * D * 4);
  CHECK(settings_off + settings_size == bytes.size());
  CHECK(read_at<std::uint64_t>(bytes, kFileSize) == bytes.size());
  for (auto off = words_off + words_size; off < input_off; ++off) CHECK(bytes[off] == 0);
  for (auto off = input_off + V * D * 4; off < context_off; ++off) CHECK(bytes[off] == 0);

  for (std::size_t i = 0; i < V; ++i) CHECK(read_at<std::uint64_t>(bytes, counts_off + 8 * i) == f.counts[i]);
  std::string all_words;
  for (std::size_t i = 0; i < V; ++i) {
    const auto a = read_at<std::uint64_t>(bytes, offsets_off + 8 * i);
    const auto b = read_at<std::uint64_t>(bytes, offsets_off + 8 * (i + 1));
    CHECK(bytes.substr(words_off + a, b - a) == f.words[i]);
    all_words += f.words[i];
  }
  CHECK(words_size == all_words.size());
  CHECK(same_rows(reinterpret_cast<const float*>(bytes.data() + input_off), f.input));
  CHECK(same_rows(reinterpret_cast<const float*>(bytes.data() + context_off), f.context));
  CHECK(nlohmann::json::parse(bytes.substr(settings_off, settings_size)) == f.contents(true).settings);

  // XXH3-64 of [0, 104) and [128, end).
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, bytes.data(), kChecksum);
  XXH3_64bits_update(state, bytes.data() + 128, bytes.size() - 128);
  CHECK(read_at<std::uint64_t>(bytes, kChecksum) == XXH3_64bits_digest(state));
  XXH3_freeState(state);
}

TEST_CASE("model file layout without context vectors", "[model_file]") {
  TempDir dir;
  const auto bytes = slurp(written_model(dir, false));
  CHECK(read_at<std::uint32_t>(bytes, kFlags) == 0);
  CHECK(read_at<std::uint64_t>(bytes, kContext) == 0);
  CHECK(read_at<std::uint64_t>(bytes, kSettings) == read_at<std::uint64_t>(bytes, kInput) + 5 * Fixture::kDim * 4);
  CHECK(read_at<std::uint64_t>(bytes, kFileSize) == bytes.size());
}

TEST_CASE("write_model is atomic: no temp file left, failures leave the old model", "[model_file]") {
  TempDir dir;
  Fixture f;
  const auto path = dir.file("m.wv");
  wordvec::write_model(path, f.contents(true));
  CHECK(dir_entries(dir.file("")) == std::vector<std::string>{"m.wv"});
  const std::string original = slurp(path);

  // Overwriting works and replaces the whole file.
  wordvec::write_model(path, f.contents(false));
  CHECK(dir_entries(dir.file("")) == std::vector<std::string>{"m.wv"});
  CHECK(slurp(path).size() < original.size());
  wordvec::write_model(path, f.contents(true));
  REQUIRE(slurp(path) == original);

  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  SECTION("the temporary file cannot be created") {
    fs::create_directory(temp);  // also defeats root, unlike a chmod
    CHECK_THROWS_WITH(wordvec::write_model(path, f.contents(true)), Catch::Contains("m.wv"));
    CHECK(slurp(path) == original);
    fs::remove(temp);
  }
  SECTION("the directory does not exist") {
    CHECK_THROWS_AS(wordvec::write_model(dir.file("nowhere/m.wv"), f.contents(true)), wordvec::Error);
    CHECK_FALSE(fs::exists(dir.file("nowhere")));
  }
  SECTION("the target is a directory") {
    fs::create_directory(dir.file("d.wv"));
    CHECK_THROWS_AS(wordvec::write_model(dir.file("d.wv"), f.contents(true)), wordvec::Error);
    CHECK(fs::is_directory(dir.file("d.wv")));
  }
  SECTION("the target is a pipe or device: refused, never replaced by a regular file") {
    REQUIRE(::mkfifo(dir.file("fifo.wv").c_str(), 0644) == 0);
    CHECK_THROWS_WITH(wordvec::write_model(dir.file("fifo.wv"), f.contents(true)), Catch::Contains("not a regular file"));
    CHECK(fs::is_fifo(dir.file("fifo.wv")));
    CHECK_THROWS_WITH(wordvec::check_writable("/dev/null"), Catch::Contains("not a regular file"));
    CHECK(fs::is_character_file("/dev/null"));
    fs::remove(dir.file("fifo.wv"));
  }
  if (::geteuid() != 0) {
    SECTION("the directory is read-only") {
      fs::create_directory(dir.file("ro"));
      wordvec::write_model(dir.file("ro/m.wv"), f.contents(true));
      ::chmod(dir.file("ro").c_str(), 0555);
      CHECK_THROWS_AS(wordvec::write_model(dir.file("ro/m.wv"), f.contents(false)), wordvec::Error);
      ::chmod(dir.file("ro").c_str(), 0755);
      CHECK(slurp(dir.file("ro/m.wv")) == original);
    }
  }
  for (const auto& name : dir_entries(dir.file("")))
    if (name != "m.wv" && name != "d.wv" && name != "ro") FAIL("left behind: " << name);
}

TEST_CASE("write_model on a full disk fails, keeps the old model and cleans up the temporary name", "[model_file]") {
  if (!fs::exists("/dev/full")) WORDVEC_SKIP("no /dev/full to fill the disk with");
  TempDir dir;
  Fixture f;
  const auto path = dir.file("m.wv");
  wordvec::write_model(path, f.contents(true));
  const std::string original = slurp(path);
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  fs::create_symlink("/dev/full", temp);
  CHECK_THROWS_WITH(wordvec::write_model(path, f.contents(true)), Catch::Contains("No space left"));
  CHECK(slurp(path) == original);
  CHECK_FALSE(fs::exists(fs::symlink_status(temp)));
  CHECK(dir_entries(dir.file("")) == std::vector<std::string>{"m.wv"});
}

TEST_CASE("ModelFile::open detects corruption and says what is wrong", "[model_file]") {
  TempDir dir;
  const auto path = written_model(dir);
  const std::string good = slurp(path);
  const auto input_off = read_at<std::uint64_t>(good, kInput);
  auto open_error = [&](const std::string& bytes, bool verify = true) -> std::string {
    spit(path, bytes);
    try {
      ModelFile::open(path, verify);
    } catch (const wordvec::Error& e) {
      return e.what();
    }
    return "";
  };
  REQUIRE(open_error(good).empty());

  std::string bad = good;
  bad[input_off + 37] ^= 0x10;
  CHECK_THAT(open_error(bad), Catch::Contains("checksum"));
  // Each section is covered by the checksum: counts, words, settings, and the checksum itself.
  const auto words_off = read_at<std::uint64_t>(good, kWords);
  for (std::size_t off : {std::size_t{128}, std::size_t{words_off + 1}, std::size_t{good.size() - 2}, kChecksum}) {
    bad = good;
    bad[off] ^= 0x01;
    INFO("byte " << off);
    CHECK_THAT(open_error(bad), Catch::Contains("checksum"));
  }
  // ...but not the reserved bytes.
  bad = good;
  bad[120] = 7;
  CHECK(open_error(bad).empty());

  CHECK_THAT(open_error(good.substr(0, good.size() - 10)), Catch::Contains("truncated"));
  CHECK_THAT(open_error(good + "extra"), Catch::Contains("truncated or appended"));
  CHECK_THAT(open_error(good.substr(0, 50)), Catch::Contains("shorter than"));
  CHECK_THAT(open_error(""), Catch::Contains("shorter than"));

  bad = good;
  bad[0] = 'X';
  CHECK_THAT(open_error(bad), Catch::Contains("magic"));
  CHECK_THAT(open_error("4 3\nword " + std::string(200, 'x')), Catch::Contains("magic"));

  bad = good;
  write_at<std::uint32_t>(bad, kVersion, 3);
  CHECK_THAT(open_error(bad), Catch::Contains("version 3"));

  bad = good;
  write_at<std::uint32_t>(bad, kByteOrder, 0x04030201);
  CHECK_THAT(open_error(bad), Catch::Contains("byte order"));
  bad = good;
  write_at<std::uint32_t>(bad, kByteOrder, 0xdeadbeef);
  CHECK_THAT(open_error(bad), Catch::Contains("byte-order"));

  // Sections pointing outside the file are caught even without the checksum.
  bad = good;
  write_at<std::uint64_t>(bad, kInput, good.size() + 64 * 100);
  CHECK_THAT(open_error(bad, false), Catch::Contains("outside the file"));
  bad = good;
  write_at<std::uint64_t>(bad, kVocab, std::uint64_t{1} << 61);
  CHECK_THAT(open_error(bad, false), Catch::Contains("outside the file"));

  CHECK_THROWS_WITH(ModelFile::open(dir.file("missing.wv")), Catch::Contains("missing.wv"));
  CHECK_THROWS_WITH(ModelFile::open(dir.file("")), Catch::Contains("not a regular file"));
}

TEST_CASE("ModelFile::open with verify=false opens a file with a corrupted matrix", "[model_file]") {
  TempDir dir;
  const auto path = written_model(dir);
  std::string bytes = slurp(path);
  const auto input_off = read_at<std::uint64_t>(bytes, kInput);
  write_at<float>(bytes, input_off + 4 * 7, 42.5f);  // row 0, column 7
  spit(path, bytes);
  CHECK_THROWS_WITH(ModelFile::open(path), Catch::Contains("checksum"));
  ModelFile m = ModelFile::open(path, false);
  CHECK(m.input_vectors()[7] == 42.5f);
  CHECK(m.word(0) == "the");
}

TEST_CASE("export_word2vec writes word2vec's binary and text formats exactly", "[model_file]") {
  TempDir dir;
  Fixture f;
  wordvec::export_word2vec(dir.file("v.bin"), f.words, f.input.view(), true);
  wordvec::export_word2vec(dir.file("v.txt"), f.words, f.input.view(), false);
  CHECK(dir_entries(dir.file("")) == std::vector<std::string>{"v.bin", "v.txt"});

  const std::string bin = slurp(dir.file("v.bin"));
  CHECK(bin.rfind("5 20\n", 0) == 0);
  const std::string txt = slurp(dir.file("v.txt"));
  CHECK(txt.rfind("5 20\n", 0) == 0);
  for (const W2V& w : {parse_w2v_binary(bin), parse_w2v_text(txt)}) {
    REQUIRE(w.rows == 5);
    REQUIRE(w.dim == Fixture::kDim);
    CHECK(w.words == f.words);
    for (std::size_t r = 0; r < 5; ++r) {
      INFO("row " << r);
      // Bit-exact, so -0.0 and denormals must survive the text format too.
      CHECK(std::memcmp(w.vectors[r].data(), f.input.row(r), Fixture::kDim * sizeof(float)) == 0);
    }
  }

  CHECK_THROWS_AS(wordvec::export_word2vec(dir.file("nowhere/v.bin"), f.words, f.input.view(), true), wordvec::Error);
}

TEST_CASE("version 2 carries named extra sections, checksummed; files without them stay version 1", "[model_file]") {
  TempDir dir;
  Fixture f;
  Matrix buckets(7, Fixture::kDim);
  for (std::size_t r = 0; r < 7; ++r)
    for (std::size_t k = 0; k < Fixture::kDim; ++k) buckets.row(r)[k] = static_cast<float>(r * 100 + k);
  const std::uint32_t tree[3] = {4, 5, 6};
  ModelContents c = f.contents(true);
  c.sections.push_back({"buckets", buckets.view(), nullptr, 0});
  c.sections.push_back({"tree", {}, tree, sizeof tree});
  const auto path = dir.file("v2.wv");
  wordvec::write_model(path, c);

  auto m = wordvec::ModelFile::open(path);
  CHECK(m.version() == 2);
  CHECK(same_rows(m.input_vectors(), f.input));
  CHECK(same_rows(m.matrix_section("buckets", 7, Fixture::kDim), buckets));
  const auto* t = m.section("tree");
  REQUIRE(t != nullptr);
  CHECK(reinterpret_cast<std::uintptr_t>(t->data) % 64 == 0);
  CHECK(std::vector<unsigned char>(t->data, t->data + t->size) ==
        std::vector<unsigned char>(reinterpret_cast<const unsigned char*>(tree), reinterpret_cast<const unsigned char*>(tree) + sizeof tree));
  CHECK(m.section("absent") == nullptr);
  CHECK_THROWS_WITH(m.matrix_section("buckets", 8, Fixture::kDim), Catch::Contains("not 8 x 20 floats"));
  CHECK_THROWS_WITH(m.matrix_section("absent", 1, 1), Catch::Contains("lacks"));

  // The table fields are covered by the checksum in version 2.
  auto bytes = slurp(path);
  bytes[120] ^= 1;
  const auto bad = dir.file("bad.wv");
  std::ofstream(bad, std::ios::binary) << bytes;
  CHECK_THROWS_WITH(wordvec::ModelFile::open(bad), Catch::Contains("checksum"));
  CHECK_THROWS_WITH(wordvec::ModelFile::open(bad, false), Catch::Contains("section"));

  CHECK(wordvec::ModelFile::open(written_model(dir)).version() == 1);
}

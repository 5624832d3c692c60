// Fuzzes the model loader: ModelFile::open on arbitrary bytes, with the
// checksum verified and not, and load_checkpoint (--resume's reader).
//
// Random bytes almost never carry a valid XXH3 checksum, which would stop
// every mutation at the checksum check; so each input is also tried with its
// checksum field recomputed, which lets mutations reach the section checks,
// the settings JSON and the checkpoint reader behind a verified open.
#include <cstring>
#include <vector>

#include "train/checkpoint.h"
#include "base/error.h"
#include "fuzz_support.h"
#include "model/model_file.h"

namespace {

using wordvec::fuzz::consume;

// Reads every word, count, vector and setting the file exposes.
void touch_everything(const wordvec::ModelFile& m) {
  WORDVEC_FUZZ_CHECK(m.vocab_size() > 0 && m.dim() > 0);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < m.vocab_size(); ++i) {
    const std::string_view w = m.word(i);
    for (char c : w) sum += static_cast<unsigned char>(c);
    sum += m.count(i);
  }
  float acc = 0;
  const std::size_t n = m.vocab_size() * m.dim();
  for (std::size_t i = 0; i < n; ++i) acc += m.input_vectors()[i];
  if (m.context_vectors())
    for (std::size_t i = 0; i < n; ++i) acc += m.context_vectors()[i];
  const std::string settings = m.settings().dump();
  consume(sum);
  consume(acc);
  consume(settings.size());
}

bool try_open(const std::string& path, bool verify) {
  try {
    touch_everything(wordvec::ModelFile::open(path, verify));
    return true;
  } catch (const wordvec::Error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wordvec::fuzz::MemoryFile file("model");
  const std::string& path = file.write(data, size);
  const bool opened_unverified = try_open(path, false);
  const bool opened_verified = try_open(path, true);
  WORDVEC_FUZZ_CHECK(!opened_verified || opened_unverified);

  if (size < wordvec::kModelHeaderSize) return 0;
  std::vector<std::uint8_t> fixed(data, data + size);
  std::uint32_t version;
  std::memcpy(&version, data + 8, sizeof version);
  const std::uint64_t sum = wordvec::model_checksum(fixed.data(), size, version);
  std::memcpy(fixed.data() + 104, &sum, sizeof sum);
  file.write(fixed.data(), fixed.size());
  // With a correct checksum, verifying changes nothing, unless a section
  // that open() reads (counts, word table, settings, the version 2 section
  // table) overlaps the header's checksum field, which the fix-up just changed.
  std::uint64_t read_offsets[5];
  std::memcpy(&read_offsets[0], data + 32, 24);  // counts, word offsets, word bytes
  std::memcpy(&read_offsets[3], data + 80, 8);   // settings
  std::memcpy(&read_offsets[4], data + 112, 8);  // section table (version 2)
  std::uint64_t section_count;
  std::memcpy(&section_count, data + 120, sizeof section_count);
  if (version < 2 || section_count == 0) read_offsets[4] = wordvec::kModelHeaderSize;
  bool past_header = true;
  for (std::uint64_t offset : read_offsets) past_header &= offset >= wordvec::kModelHeaderSize;
  const bool opened_fixed = try_open(path, true);
  if (past_header) WORDVEC_FUZZ_CHECK(opened_fixed == opened_unverified);
  try {
    wordvec::Checkpoint c = wordvec::load_checkpoint(path);
    WORDVEC_FUZZ_CHECK(c.vocab.size() == c.file.vocab_size());
    WORDVEC_FUZZ_CHECK(!c.state.workers.empty());
    for (std::size_t i = 0; i < c.vocab.size(); ++i) {
      const auto id = static_cast<wordvec::WordId>(i);
      WORDVEC_FUZZ_CHECK(c.vocab.find(c.vocab.word(id)) == id);
    }
  } catch (const wordvec::Error&) {
  }
  return 0;
}

#include "model/model_file.h"

#include <xxhash.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "base/text.h"
#include "model/atomic_file.h"

namespace wordvec {

namespace {

constexpr std::size_t kChecksumOffset = 104;
constexpr std::size_t kSectionsField = 112;  // checksummed from version 2 on

// One entry of the extra-section table.
struct SectionEntry {
  char name[16];
  std::uint64_t offset, size;
};
static_assert(sizeof(SectionEntry) == 32, "section entry layout");

struct Header {
  char magic[8];
  std::uint32_t version, byte_order;
  std::uint64_t vocab_size;
  std::uint32_t dim, flags;
  std::uint64_t counts_offset, word_offsets_offset, words_offset, words_size;
  std::uint64_t input_offset, context_offset, settings_offset, settings_size;
  std::uint64_t file_size, checksum;
  std::uint64_t sections_offset, section_count;  // version 2; zero in version 1
};
static_assert(sizeof(Header) == kModelHeaderSize, "header layout");
static_assert(offsetof(Header, checksum) == kChecksumOffset, "checksum offset");

std::uint64_t align64(std::uint64_t x) { return (x + 63) & ~std::uint64_t{63}; }

// Streams bytes into the file and the checksum together, skipping the
// header's checksum field and reserved tail.
class ChecksummedWriter {
 public:
  explicit ChecksummedWriter(AtomicFile& file) : file_(file), state_(XXH3_createState()) {
    if (!state_) throw Error("out of memory");
    XXH3_64bits_reset(state_);
  }
  ~ChecksummedWriter() { XXH3_freeState(state_); }
  void write(const void* data, std::size_t size) {
    file_.write(data, size);
    XXH3_64bits_update(state_, data, size);
  }
  void pad_to(std::uint64_t offset) {
    static const char zeros[64] = {};
    while (file_.written() < offset) write(zeros, std::min<std::size_t>(64, offset - file_.written()));
  }
  std::uint64_t digest() const { return XXH3_64bits_digest(state_); }

 private:
  AtomicFile& file_;
  XXH3_state_t* state_;
};

void write_matrix(ChecksummedWriter& out, const MatrixView& m) {
  for (std::size_t r = 0; r < m.rows; ++r) out.write(m.row(r), m.dim * sizeof(float));
}

std::uint64_t section_bytes(const ModelSection& s) {
  return s.matrix.data ? std::uint64_t{s.matrix.rows} * s.matrix.dim * sizeof(float) : s.size;
}

// Lays out the extra sections after `end` (the settings' end) and returns
// their table; sets the header's table fields and file size.
std::vector<SectionEntry> plan_sections(const std::vector<ModelSection>& sections, std::uint64_t end, Header& h) {
  std::vector<SectionEntry> table;
  for (const auto& s : sections) {
    if (s.name.empty() || s.name.size() > 15) throw Error(fmt::format("write_model: bad section name '{}'", s.name));
    SectionEntry e{};
    std::memcpy(e.name, s.name.data(), s.name.size());
    e.offset = align64(end);
    e.size = section_bytes(s);
    end = e.offset + e.size;
    table.push_back(e);
  }
  h.sections_offset = (end + 7) & ~std::uint64_t{7};
  h.section_count = table.size();
  h.file_size = h.sections_offset + table.size() * sizeof(SectionEntry);
  return table;
}

void write_sections(ChecksummedWriter& out, const std::vector<ModelSection>& sections,
                    const std::vector<SectionEntry>& table, const Header& h) {
  for (std::size_t i = 0; i < sections.size(); ++i) {
    out.pad_to(table[i].offset);
    if (sections[i].matrix.data) write_matrix(out, sections[i].matrix);
    else out.write(sections[i].bytes, sections[i].size);
  }
  out.pad_to(h.sections_offset);
  out.write(table.data(), table.size() * sizeof(SectionEntry));
}

}  // namespace

std::uint64_t model_checksum(const unsigned char* base, std::size_t size, std::uint32_t version) {
  XXH3_state_t* state = XXH3_createState();
  if (!state) throw Error("out of memory");
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, base, kChecksumOffset);
  if (version >= 2) XXH3_64bits_update(state, base + kSectionsField, kModelHeaderSize - kSectionsField);
  XXH3_64bits_update(state, base + kModelHeaderSize, size - kModelHeaderSize);
  const std::uint64_t sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return sum;
}

void write_model(const std::string& path, const ModelContents& model) {
  const auto& words = *model.words;
  const auto& counts = *model.counts;
  const std::size_t V = words.size(), D = model.input.dim;
  if (counts.size() != V || model.input.rows != V) throw Error("write_model: inconsistent sizes");
  const bool has_context = model.context.data != nullptr;
  const std::string settings = dump_json(model.settings);

  std::vector<std::uint64_t> word_offsets(V + 1, 0);
  for (std::size_t i = 0; i < V; ++i) word_offsets[i + 1] = word_offsets[i] + words[i].size();

  Header h{};
  std::memcpy(h.magic, kModelMagic, 8);
  h.version = model.sections.empty() ? 1 : 2;
  h.byte_order = kByteOrderTag;
  h.vocab_size = V;
  h.dim = static_cast<std::uint32_t>(D);
  h.flags = has_context ? 1u : 0u;
  h.counts_offset = kModelHeaderSize;
  h.word_offsets_offset = h.counts_offset + 8 * V;
  h.words_offset = h.word_offsets_offset + 8 * (V + 1);
  h.words_size = word_offsets[V];
  h.input_offset = align64(h.words_offset + h.words_size);
  const std::uint64_t matrix_bytes = std::uint64_t{V} * D * sizeof(float);
  h.context_offset = has_context ? align64(h.input_offset + matrix_bytes) : 0;
  h.settings_offset = (has_context ? h.context_offset : h.input_offset) + matrix_bytes;
  h.settings_size = settings.size();
  h.file_size = h.settings_offset + h.settings_size;
  const auto table = model.sections.empty() ? std::vector<SectionEntry>{}
                                            : plan_sections(model.sections, h.file_size, h);

  AtomicFile file(path);
  ChecksummedWriter out(file);
  out.write(&h, kChecksumOffset);
  file.write(reinterpret_cast<const char*>(&h) + kChecksumOffset, kSectionsField - kChecksumOffset);
  if (h.version >= 2) out.write(reinterpret_cast<const char*>(&h) + kSectionsField, kModelHeaderSize - kSectionsField);
  else file.write(reinterpret_cast<const char*>(&h) + kSectionsField, kModelHeaderSize - kSectionsField);
  out.write(counts.data(), 8 * V);
  out.write(word_offsets.data(), 8 * (V + 1));
  for (const auto& w : words) out.write(w.data(), w.size());
  out.pad_to(h.input_offset);
  write_matrix(out, model.input);
  if (has_context) {
    out.pad_to(h.context_offset);
    write_matrix(out, model.context);
  }
  out.write(settings.data(), settings.size());
  if (!table.empty()) write_sections(out, model.sections, table, h);
  h.checksum = out.digest();
  file.write_at(kChecksumOffset, &h.checksum, sizeof h.checksum);
  file.commit();
}

ModelFile ModelFile::open(const std::string& path, bool verify_checksum) {
  auto bad = [&](const std::string& why) { return Error(fmt::format("'{}' is not a valid wordvec model: {}", path, why)); };
  ModelFile m;
  m.file_ = MappedFile(path, "model");
  m.base_ = m.file_.data();
  m.size_ = m.file_.size();
  if (m.size_ < kModelHeaderSize)
    throw bad(fmt::format("file is {} bytes, shorter than the {}-byte header", m.size_, kModelHeaderSize));

  Header h;
  std::memcpy(&h, m.base_, sizeof h);
  if (std::memcmp(h.magic, kModelMagic, 8) != 0) throw bad("wrong magic bytes (is it a word2vec file? try --format)");
  if (h.byte_order != kByteOrderTag) {
    if (h.byte_order == __builtin_bswap32(kByteOrderTag)) throw bad("written on a machine of the other byte order");
    throw bad("corrupt byte-order tag");
  }
  if (h.version < 1 || h.version > kModelVersion)
    throw bad(fmt::format("format version {} (this build reads versions 1 to {})", h.version, kModelVersion));
  if (h.file_size != m.size_)
    throw bad(fmt::format("header says {} bytes but the file has {} (truncated or appended to)", h.file_size, m.size_));
  if (h.dim == 0 || h.vocab_size == 0) throw bad("empty vocabulary or zero dimension");
  // Check every section lies inside the file before touching it; the
  // divisions keep the multiplications from overflowing.
  const std::uint64_t V = h.vocab_size, D = h.dim, size = m.size_;
  auto fits = [&](std::uint64_t off, std::uint64_t count, std::uint64_t elem) {
    return off <= size && count <= (size - off) / elem;
  };
  if (!fits(h.counts_offset, V, 8) || !fits(h.word_offsets_offset, V + 1, 8) || !fits(h.words_offset, h.words_size, 1) ||
      V > size / D || !fits(h.input_offset, V * D, 4) || (h.flags & 1 && !fits(h.context_offset, V * D, 4)) ||
      !fits(h.settings_offset, h.settings_size, 1) || h.input_offset % 64 != 0 || (h.flags & 1 && h.context_offset % 64 != 0) ||
      h.counts_offset % 8 != 0 || h.word_offsets_offset % 8 != 0)
    throw bad("a section lies outside the file");
  if (verify_checksum && model_checksum(m.base_, m.size_, h.version) != h.checksum)
    throw bad("checksum mismatch (the file is corrupt)");
  if (h.version >= 2) m.read_section_table(h.sections_offset, h.section_count, bad);
  m.version_ = h.version;
  m.checksum_ = h.checksum;
  m.path_ = path;
  m.vocab_size_ = V;
  m.dim_ = D;
  m.counts_ = reinterpret_cast<const std::uint64_t*>(m.base_ + h.counts_offset);
  m.word_offsets_ = reinterpret_cast<const std::uint64_t*>(m.base_ + h.word_offsets_offset);
  m.word_bytes_ = reinterpret_cast<const char*>(m.base_ + h.words_offset);
  if (m.word_offsets_[0] != 0 || m.word_offsets_[V] != h.words_size) throw bad("word table is inconsistent");
  for (std::uint64_t i = 0; i < V; ++i)
    if (m.word_offsets_[i + 1] < m.word_offsets_[i]) throw bad("word table is inconsistent");
  m.input_ = reinterpret_cast<const float*>(m.base_ + h.input_offset);
  m.context_ = (h.flags & 1) ? reinterpret_cast<const float*>(m.base_ + h.context_offset) : nullptr;
  try {
    m.settings_ = nlohmann::json::parse(m.base_ + h.settings_offset, m.base_ + h.settings_offset + h.settings_size);
  } catch (const nlohmann::json::exception&) {
    throw bad("settings are not valid JSON");
  }
  return m;
}

std::string_view ModelFile::word(WordId id) const {
  return std::string_view(word_bytes_ + word_offsets_[id], word_offsets_[id + 1] - word_offsets_[id]);
}

std::uint64_t ModelFile::count(WordId id) const { return counts_[id]; }

template <class Bad>
void ModelFile::read_section_table(std::uint64_t offset, std::uint64_t count, const Bad& bad) {
  if (offset % 8 != 0 || offset > size_ || count > (size_ - offset) / sizeof(SectionEntry))
    throw bad("the section table lies outside the file");
  for (std::uint64_t i = 0; i < count; ++i) {
    SectionEntry e;
    std::memcpy(&e, base_ + offset + i * sizeof e, sizeof e);
    if (e.name[15] != '\0') throw bad("a section name is not terminated");
    if (e.offset % 64 != 0 || e.offset > offset || e.size > offset - e.offset)
      throw bad(fmt::format("section '{}' lies outside the file", printable(e.name)));
    sections_.emplace_back(std::string(e.name), Section{base_ + e.offset, static_cast<std::size_t>(e.size)});
  }
}

const ModelFile::Section* ModelFile::section(std::string_view name) const {
  for (const auto& [n, s] : sections_)
    if (n == name) return &s;
  return nullptr;
}

const float* ModelFile::matrix_section(std::string_view name, std::size_t rows, std::size_t dim) const {
  const Section* s = section(name);
  if (!s) throw Error(fmt::format("'{}' is not a valid wordvec model: its settings need a '{}' section, which it lacks", path_, name));
  const std::size_t row_bytes = dim * sizeof(float);
  if (row_bytes == 0 || s->size % row_bytes != 0 || s->size / row_bytes != rows)
    throw Error(fmt::format("'{}' is not a valid wordvec model: section '{}' has {} bytes, not {} x {} floats", path_, name,
                            s->size, rows, dim));
  return reinterpret_cast<const float*>(s->data);
}

}  // namespace wordvec

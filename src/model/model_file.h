#pragma once
// Owns: the wordvec model file format: writing it atomically and reading it mapped.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/matrix.h"
#include "base/word_id.h"

namespace wordvec {

// The wordvec model file (".wv"), little-endian, version 1 or 2:
//
//   offset size  field
//   0      8     magic "WORDVEC\0"
//   8      4     u32 format version (1)
//   12     4     u32 byte-order tag 0x01020304 (reads 0x04030201 on a foreign-endian file)
//   16     8     u64 vocabulary size V
//   24     4     u32 dimension D
//   28     4     u32 flags: bit 0 = context (output) vectors present
//   32     8     u64 offset of counts: u64[V], descending (id order)
//   40     8     u64 offset of word offsets: u64[V+1] into the word bytes
//   48     8     u64 offset of word bytes (UTF-8, not terminated)
//   56     8     u64 length of word bytes
//   64     8     u64 offset of input vectors: f32[V][D], 64-byte aligned
//   72     8     u64 offset of context vectors: f32[V][D], 64-byte aligned, 0 if absent
//   80     8     u64 offset of settings: UTF-8 JSON object (training settings)
//   88     8     u64 length of settings
//   96     8     u64 file size
//   104    8     u64 XXH3-64 checksum of bytes [0,104) and [128, file size)
//   112    8     version 2: u64 offset of the extra-section table; version 1: reserved, zero
//   120    8     version 2: u64 number of extra sections; version 1: reserved, zero
//
// Sections follow in the order above. Matrices are plain row-major float32,
// so a reader can mmap the file and use them in place.
//
// Version 2 adds named extra sections for what only some models have (a
// subword bucket matrix, a Huffman tree): after the settings, each section's
// bytes (64-byte aligned), then the table, 8-byte aligned, one 32-byte entry
// per section: char name[16] (NUL-padded), u64 offset, u64 size. In version 2
// the checksum also covers bytes [112, 128). A model with no extra section is
// written as version 1, byte for byte as before; both versions load.
inline constexpr char kModelMagic[8] = {'W', 'O', 'R', 'D', 'V', 'E', 'C', '\0'};
inline constexpr std::uint32_t kModelVersion = 2;  // the newest this build reads and writes
inline constexpr std::uint32_t kByteOrderTag = 0x01020304;
inline constexpr std::size_t kModelHeaderSize = 128;

// The checksum a file of this version carries at offset 104: XXH3-64 of
// every byte but the checksum field, and in version 1 also but the reserved
// tail [112, 128). size must be at least kModelHeaderSize.
std::uint64_t model_checksum(const unsigned char* base, std::size_t size, std::uint32_t version);

// One extra section to write: a matrix (rows of dim floats) or plain bytes.
struct ModelSection {
  std::string name;  // at most 15 bytes
  MatrixView matrix;
  const void* bytes = nullptr;
  std::size_t size = 0;
};

struct ModelContents {
  const std::vector<std::string>* words = nullptr;
  const std::vector<std::uint64_t>* counts = nullptr;
  MatrixView input;
  MatrixView context;  // data == nullptr: not saved
  nlohmann::json settings = nlohmann::json::object();
  std::vector<ModelSection> sections;  // empty: a version 1 file
};

// Writes `path` atomically: into "<path>.tmp.<pid>" first, fsync'd, then
// renamed over `path`, so a crash or a full disk never leaves a partial
// model under the final name.
void write_model(const std::string& path, const ModelContents& model);

// Read-only, memory-mapped view of a model file. Opening validates the
// header and sizes (and, with verify, the checksum) and throws Error naming
// what is wrong.
class ModelFile {
 public:
  static ModelFile open(const std::string& path, bool verify_checksum = true);

  std::size_t vocab_size() const { return vocab_size_; }
  std::size_t dim() const { return dim_; }
  std::string_view word(WordId id) const;
  std::uint64_t count(WordId id) const;
  const float* input_vectors() const { return input_; }      // V x D, row-major
  const float* context_vectors() const { return context_; }  // nullptr if absent
  const nlohmann::json& settings() const { return settings_; }
  std::uint64_t file_size() const { return size_; }
  std::uint32_t version() const { return version_; }
  std::uint64_t checksum() const { return checksum_; }  // the header's, of the whole file

  // An extra section's bytes (64-byte aligned, in the mapping), or nullptr
  // if the file has no section of that name.
  struct Section {
    const unsigned char* data;
    std::size_t size;
  };
  const Section* section(std::string_view name) const;
  // A matrix section's rows x dim floats; throws Error naming the file's
  // problem if the section is missing or its size is not rows x dim floats.
  const float* matrix_section(std::string_view name, std::size_t rows, std::size_t dim) const;

 private:
  ModelFile() = default;
  template <class Bad>
  void read_section_table(std::uint64_t offset, std::uint64_t count, const Bad& bad);

  MappedFile file_;  // the pointers below point into it; moving it keeps them valid
  const unsigned char* base_ = nullptr;
  std::size_t size_ = 0;
  std::size_t vocab_size_ = 0, dim_ = 0;
  const std::uint64_t* counts_ = nullptr;
  const std::uint64_t* word_offsets_ = nullptr;
  const char* word_bytes_ = nullptr;
  const float* input_ = nullptr;
  const float* context_ = nullptr;
  nlohmann::json settings_;
  std::uint32_t version_ = 0;
  std::uint64_t checksum_ = 0;
  std::vector<std::pair<std::string, Section>> sections_;
  std::string path_;
};

}  // namespace wordvec

#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

// ASCII-only case folding, as word2vec's compute-accuracy does it (toupper in
// the C locale); bytes >= 0x80 are left alone, so UTF-8 stays intact.
std::string ascii_lowercase(std::string_view word);
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

// Open-addressing hash index from a word to the position of its first
// occurrence in a list (embedding files are sorted by frequency, so the first
// occurrence is the most frequent spelling). Holds on to the vector's
// buffer: the words must outlive the index, and the vector must not grow.
class WordIndex {
 public:
  enum class Case { Sensitive, Insensitive };

  WordIndex() = default;
  WordIndex(const std::vector<std::string_view>& words, Case mode);

  // Position of `word`, or -1.
  std::int64_t find(std::string_view word) const;

 private:
  std::uint64_t hash(std::string_view word) const;
  bool same(std::string_view a, std::string_view b) const;

  const std::string_view* words_ = nullptr;  // the vector's buffer, which survives moving the vector
  Case mode_ = Case::Sensitive;
  std::vector<std::uint32_t> slots_;  // power-of-two table of position + 1, 0 empty
};

}  // namespace wordvec

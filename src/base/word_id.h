#pragma once
// Owns: the type of a word's position in a vocabulary.
#include <cstdint>
#include <limits>

namespace wordvec {

// A word's row in every matrix and its position in the vocabulary (most
// frequent first). 32 bits: a vocabulary of 4 billion words would need
// terabytes of vectors long before it ran out of ids.
using WordId = std::uint32_t;
inline constexpr WordId kNoWord = std::numeric_limits<WordId>::max();

}  // namespace wordvec

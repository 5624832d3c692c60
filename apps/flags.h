#pragma once
// Owns: checking the numbers a user types into flags, with errors that read as sentences.
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace wordvec {

// More threads than this is a typo, not a machine.
inline constexpr std::uint64_t kMaxThreads = 1024;

// Accepts a whole number in [min, max] written in decimal digits; anything
// else (a sign where it means nothing, a fraction, NaN, a number too large
// to store) fails with "must be a whole number between MIN and MAX, got X".
// Checked on the text, before CLI11 converts it, so no value out of range
// ever reaches an allocation.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);
// The same for any whole number >= 0; the caller checks the range after.
CLI::Validator whole_number();

// Accepts a finite decimal number: NaN and infinities fail with a sentence
// ("must be a finite number, got 'nan'"); the caller checks the range after.
CLI::Validator finite_number();

}  // namespace wordvec

#pragma once
// Owns: what separates words (ASCII whitespace), ASCII case folding, and splitting a line into words.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

// Words are runs of bytes between ASCII whitespace: space, tab, LF, CR, VT,
// FF. The same set splits corpora, queries, evaluation files, vocabularies
// and word2vec files, so no word we write can be split differently on
// reading.
inline bool is_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// ASCII-only case folding, as word2vec's compute-accuracy does it (tolower
// in the C locale); bytes >= 0x80 are left alone, so UTF-8 stays intact.
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string ascii_lowercase(std::string_view word);
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

// Removes the first word of `text` (and the whitespace before it) and
// returns it; an empty view when only whitespace is left.
std::string_view next_word(std::string_view& text);

// All the words of `text`, as views into it.
std::vector<std::string_view> split_words(std::string_view text);

// `text` safe to show on a terminal: ASCII control bytes (which words may
// hold: only whitespace separates them) and DEL become "\xHH", so no word
// can move the cursor or recolour the screen. Other bytes, UTF-8 included,
// are kept.
std::string printable(std::string_view text);

// 1234567 -> "1,234,567", for numbers in messages.
std::string with_thousands(std::uint64_t n);

// `text` with each byte that does not belong to a well-formed UTF-8
// sequence (a stray continuation byte, a truncated or overlong sequence, an
// encoded surrogate, a code point past U+10FFFF) replaced by U+FFFD, as the
// JSON output does it; words are bytes, but XML (SVG) must be UTF-8.
std::string valid_utf8(std::string_view text);
// The code points of valid_utf8(text).
std::u32string code_points(std::string_view text);
// A size in messages, in decimal units: "812 bytes", "3.4 kB", "56.7 MB", "1.2 GB".
std::string readable_size(double bytes);

// Characters in `text` counting each UTF-8 sequence once (its lead byte),
// for aligning columns of words on a terminal.
std::size_t utf8_length(std::string_view text);

}  // namespace wordvec

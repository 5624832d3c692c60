#pragma once
// Owns: turning the bytes of a corpus file range into tokens.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/text.h"
#include "text/input_file.h"

namespace wordvec {

// How raw bytes become tokens. Tokens are runs of bytes separated by ASCII
// whitespace (space, tab, CR, LF, VT, FF); a LF also ends the sentence. Bytes
// are passed through untouched (UTF-8 stays UTF-8, no locale), except:
//  - lowercase folds ASCII A-Z only, so it can never break a UTF-8 sequence;
//  - a token longer than max_token_bytes is cut to its longest prefix of at
//    most max_token_bytes that ends on a UTF-8 character boundary; if that
//    prefix is empty (a character longer than the limit, or nothing but
//    stray UTF-8 continuation bytes up to it), the token is dropped, so the
//    empty string is never a token.
struct TokenizerOptions {
  bool lowercase = false;
  std::size_t max_token_bytes = 100;
};

// Cut `len` to at most `max` bytes without splitting a UTF-8 sequence.
std::size_t utf8_truncated_length(const char* token, std::size_t len, std::size_t max);

// Streams the tokens of a source of text, or of the byte range [begin, end)
// of a file. A token belongs to the range its first byte lies in, so ranges
// that tile a file see every token exactly once (the last token of a range
// may extend past `end`).
class TokenStream {
 public:
  TokenStream(ByteSource& source, TokenizerOptions options, std::size_t buffer_bytes = 1 << 20);
  TokenStream(const std::string& path, std::uint64_t begin, std::uint64_t end,
              TokenizerOptions options, std::size_t buffer_bytes = 1 << 20);

  // Next token; false at the end of the range. `newline_before` is true when a
  // LF separated this token from the previous one (or from the range start).
  // The view is valid until the next call.
  bool next(std::string_view& token, bool& newline_before);

  // Offset in the file (or source) of the next byte to tokenize.
  std::uint64_t position() const { return file_pos_ - (fill_ - pos_); }

 private:
  bool refill();
  int peek();  // next byte or -1 at end of file

  std::unique_ptr<ByteSource> owned_;  // a file range's reader
  ByteSource* source_;
  std::uint64_t end_;
  std::uint64_t file_pos_;  // offset just past the buffered bytes
  TokenizerOptions options_;
  std::string buffer_;
  std::size_t pos_ = 0, fill_ = 0;
  std::string token_;
  bool pending_newline_ = false;
};

// Size of a regular file; throws Error naming the path if it cannot be read.
std::uint64_t corpus_file_size(const std::string& path);

}  // namespace wordvec

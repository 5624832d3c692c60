#include "text/tokenizer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"

namespace wordvec {

std::size_t utf8_truncated_length(const char* token, std::size_t len, std::size_t max) {
  if (len <= max) return len;
  std::size_t cut = max;
  // Back up over continuation bytes (10xxxxxx) so the cut lands before a lead byte.
  while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

std::uint64_t corpus_file_size(const std::string& path) {
  return FileDescriptor::open_regular(path, "corpus").size();
}

TokenStream::TokenStream(const std::string& path, std::uint64_t begin, std::uint64_t end,
                         TokenizerOptions options, std::size_t buffer_bytes)
    : file_(FileDescriptor::open_regular(path, "corpus")), end_(end), file_pos_(begin), options_(options),
      buffer_(buffer_bytes, '\0') {
  pending_newline_ = true;
  if (begin > 0) {
    // The token straddling `begin` belongs to the previous range: skip its tail.
    char prev = 0;
    if (::pread(file_.get(), &prev, 1, static_cast<off_t>(begin - 1)) == 1 &&
        !is_space(static_cast<unsigned char>(prev))) {
      for (int c = peek(); c >= 0 && !is_space(static_cast<unsigned char>(c)); c = peek())
        ++pos_;
    }
  }
}

bool TokenStream::refill() {
  pos_ = fill_ = 0;
  for (;;) {
    ssize_t got = ::pread(file_.get(), buffer_.data(), buffer_.size(), static_cast<off_t>(file_pos_));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(fmt::format("error reading corpus: {}", std::strerror(errno)));
    fill_ = static_cast<std::size_t>(got);
    file_pos_ += fill_;
    return fill_ > 0;
  }
}

int TokenStream::peek() {
  if (pos_ == fill_ && !refill()) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

bool TokenStream::next(std::string_view& token, bool& newline_before) {
  for (;;) {
    int c;
    while ((c = peek()) >= 0 && is_space(static_cast<unsigned char>(c))) {
      if (c == '\n') pending_newline_ = true;
      ++pos_;
    }
    if (c < 0 || position() >= end_) return false;

    // Fast path: the whole token lies in the buffer, so the view points into it.
    std::size_t start = pos_;
    while (pos_ < fill_ && !is_space(static_cast<unsigned char>(buffer_[pos_]))) ++pos_;
    const char* data;
    std::size_t len;
    if (pos_ < fill_) {
      data = buffer_.data() + start;
      len = pos_ - start;
    } else {
      token_.assign(buffer_.data() + start, pos_ - start);
      while ((c = peek()) >= 0 && !is_space(static_cast<unsigned char>(c))) {
        // Only keep what could survive truncation, so a 1 GB "token" costs no memory.
        if (token_.size() <= options_.max_token_bytes) token_.push_back(static_cast<char>(c));
        ++pos_;
      }
      data = token_.data();
      len = token_.size();
    }
    len = utf8_truncated_length(data, len, options_.max_token_bytes);
    // No whole character fits in max_token_bytes (a multi-byte character
    // longer than the limit, or a run of stray UTF-8 continuation bytes):
    // there is no non-empty prefix to keep, so the token is dropped rather
    // than becoming the empty word. A LF before it carries to the next token.
    if (len == 0) continue;
    if (options_.lowercase) {
      if (data != token_.data()) {
        token_.assign(data, len);
        data = token_.data();
      }
      for (std::size_t i = 0; i < len; ++i) token_[i] = ascii_lower(token_[i]);
    }
    token = std::string_view(data, len);
    newline_before = pending_newline_;
    pending_newline_ = false;
    return true;
  }
}

}  // namespace wordvec

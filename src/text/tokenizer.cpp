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

namespace {
// The bytes of a regular file from an offset on.
class FileRangeSource : public ByteSource {
 public:
  FileRangeSource(const std::string& path, std::uint64_t begin)
      : file_(FileDescriptor::open_regular(path, "corpus")), path_(path), pos_(begin) {}
  std::size_t read(char* out, std::size_t size) override {
    for (;;) {
      const ssize_t got = ::pread(file_.get(), out, size, static_cast<off_t>(pos_));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw Error(fmt::format("cannot read corpus '{}': {}", path_, std::strerror(errno)));
      pos_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
  }
  // Whether the byte at `offset` is whitespace (or out of the file).
  bool space_at(std::uint64_t offset) const {
    char c = 0;
    return ::pread(file_.get(), &c, 1, static_cast<off_t>(offset)) != 1 || is_space(static_cast<unsigned char>(c));
  }

 private:
  FileDescriptor file_;
  std::string path_;
  std::uint64_t pos_;
};
}  // namespace

TokenStream::TokenStream(ByteSource& source, TokenizerOptions options, std::size_t buffer_bytes)
    : source_(&source), end_(UINT64_MAX), file_pos_(0), options_(options), buffer_(buffer_bytes, '\0') {
  pending_newline_ = true;
}

TokenStream::TokenStream(const std::string& path, std::uint64_t begin, std::uint64_t end,
                         TokenizerOptions options, std::size_t buffer_bytes)
    : owned_(std::make_unique<FileRangeSource>(path, begin)), source_(owned_.get()), end_(end), file_pos_(begin),
      options_(options), buffer_(buffer_bytes, '\0') {
  pending_newline_ = true;
  // The token straddling `begin` belongs to the previous range: skip its tail.
  if (begin > 0 && !static_cast<FileRangeSource*>(source_)->space_at(begin - 1)) {
    for (int c = peek(); c >= 0 && !is_space(static_cast<unsigned char>(c)); c = peek())
      ++pos_;
  }
}

bool TokenStream::refill() {
  pos_ = 0;
  fill_ = source_->read(buffer_.data(), buffer_.size());
  file_pos_ += fill_;
  return fill_ > 0;
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

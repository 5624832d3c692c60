#include "text/spool.h"

#include <fcntl.h>

#include <algorithm>

#include <xxhash.h>

#include "base/error.h"

namespace wordvec {

namespace {
constexpr std::size_t kBufferEntries = std::size_t{1} << 18;  // 1 MB
constexpr std::size_t kReaderEntries = std::size_t{1} << 16;  // 256 KB
}  // namespace

Spool::Spool(const std::string& dir, const std::string& what_dir) : file_(dir, what_dir), buffer_(kBufferEntries) {}

void Spool::flush() {
  file_.write_at(written_ * kSpoolEntryBytes, buffer_.data(), buffered_ * kSpoolEntryBytes);
  written_ += buffered_;
  buffered_ = 0;
}

void Spool::finish(const std::vector<WordId>& final_ids, std::size_t max_sentence_words, bool vocabulary_given) {
  flush();
  XXH3_state_t* hash = XXH3_createState();
  if (!hash) throw std::bad_alloc();
  XXH3_64bits_reset(hash);
  std::vector<std::uint32_t> in(kBufferEntries);
  std::vector<std::uint32_t>& out = buffer_;
  std::size_t out_size = 0;
  std::uint64_t read = 0, kept = 0;
  // Output never overtakes input (one entry out at most for one in), so
  // flushing at `kept` only overwrites entries already read.
  auto flush_out = [&] {
    file_.write_at(kept * kSpoolEntryBytes, out.data(), out_size * kSpoolEntryBytes);
    XXH3_64bits_update(hash, out.data(), out_size * kSpoolEntryBytes);
    kept += out_size;
    out_size = 0;
  };
  try {
    bool newline = true;        // the first word starts a sentence
    std::size_t in_sentence = 0;  // words of the current sentence
    while (read < written_) {
      const std::size_t n = file_.read_at(read * kSpoolEntryBytes, in.data(),
                                          static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), written_ - read)) *
                                              kSpoolEntryBytes) / kSpoolEntryBytes;
      if (n == 0) throw Error("the temporary spool is shorter than written");
      read += n;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t entry = in[i];
        newline |= (entry & kSpoolMark) != 0;
        const std::uint32_t provisional = entry & kSpoolIdMask;
        const WordId id = provisional < final_ids.size() ? final_ids[provisional] : kNoWord;
        if (id == kNoWord) continue;
        // As the text reader did: a newline ends a non-empty sentence, and so
        // does reaching max_sentence_words words.
        const bool start = newline || in_sentence >= max_sentence_words;
        if (start) in_sentence = 0;
        newline = false;
        ++in_sentence;
        out[out_size++] = id | (start ? kSpoolMark : 0);
        if (out_size == out.size()) flush_out();
      }
    }
    flush_out();
    file_.truncate(kept * kSpoolEntryBytes);
  } catch (...) {
    XXH3_freeState(hash);
    throw;
  }
  identity_.entries = kept;
  identity_.hash = XXH3_64bits_digest(hash);
  identity_.vocabulary_given = vocabulary_given;
  XXH3_freeState(hash);
  written_ = kept;
  buffer_.clear();
  buffer_.shrink_to_fit();
  ::posix_fadvise(file_.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

std::size_t Spool::read(std::uint64_t begin, std::uint32_t* out, std::size_t count) const {
  if (begin >= size()) return 0;
  count = static_cast<std::size_t>(std::min<std::uint64_t>(count, size() - begin));
  const std::size_t got = file_.read_at(begin * kSpoolEntryBytes, out, count * kSpoolEntryBytes);
  if (got != count * kSpoolEntryBytes) throw Error("the temporary spool is shorter than written");
  return count;
}

bool Spool::starts_sentence(std::uint64_t position) const {
  std::uint32_t entry = 0;
  return read(position, &entry, 1) == 1 && (entry & kSpoolMark) != 0;
}

std::uint64_t Spool::sentence_start_from(std::uint64_t position) const {
  std::vector<std::uint32_t> buffer(4096);
  while (position < size()) {
    const std::size_t n = read(position, buffer.data(), buffer.size());
    for (std::size_t i = 0; i < n; ++i)
      if (buffer[i] & kSpoolMark) return position + i;
    position += n;
  }
  return size();
}

SpoolSentences::SpoolSentences(const Spool& spool, std::uint64_t begin, std::uint64_t end)
    : spool_(spool), position_(begin), end_(std::min(end, spool.size())), buffer_(kReaderEntries) {}

bool SpoolSentences::refill() {
  buffer_begin_ += buffer_size_;
  if (buffer_begin_ >= end_) return false;
  buffer_size_ = spool_.read(buffer_begin_, buffer_.data(),
                             static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), end_ - buffer_begin_)));
  return buffer_size_ > 0;
}

bool SpoolSentences::next(std::vector<WordId>& sentence) {
  sentence.clear();
  if (position_ >= end_) return false;
  if (position_ < buffer_begin_ || position_ >= buffer_begin_ + buffer_size_) {
    buffer_begin_ = position_;
    buffer_size_ = 0;
    if (!refill()) return false;
  }
  for (;;) {
    const std::size_t i = static_cast<std::size_t>(position_ - buffer_begin_);
    const std::uint32_t entry = buffer_[i];
    if (!sentence.empty() && (entry & kSpoolMark)) return true;
    sentence.push_back(entry & kSpoolIdMask);
    ++position_;
    if (position_ == buffer_begin_ + buffer_size_ && !refill()) return true;
  }
}

}  // namespace wordvec

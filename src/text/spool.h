#pragma once
// Owns: the corpus as a spool of word ids on disk: its format, writing it while counting, finishing it with the final ids, and reading it back as sentences.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/temp_file.h"
#include "base/word_id.h"

namespace wordvec {

// A spool is the corpus as 32-bit entries, one per token, in a nameless
// temporary file (see TempFile): a word id in the low 31 bits and a mark in
// the top bit. While the first pass writes it, ids are provisional (see
// VocabularyCounter) or the given vocabulary's, and the mark says a newline
// came before the token. finish() rewrites it in place: final ids only
// (tokens outside the vocabulary are gone), the mark now starting each
// sentence, exactly where the text reader cut sentences: at the first word
// after a newline and after every max_sentence_words words of a line.
inline constexpr std::uint32_t kSpoolMark = 1u << 31;
inline constexpr std::uint32_t kSpoolIdMask = kSpoolMark - 1;
inline constexpr std::size_t kSpoolEntryBytes = sizeof(std::uint32_t);

// What a checkpoint records of the spool its offsets index, to refuse
// resuming on another corpus and to rebuild the same spool.
struct SpoolIdentity {
  std::uint64_t entries = 0;  // words, after finish()
  std::uint64_t hash = 0;     // XXH3-64 of the finished entries
  bool vocabulary_given = false;  // ids from a given vocabulary (--read-vocab) rather than counted
  bool operator==(const SpoolIdentity& o) const { return entries == o.entries && hash == o.hash; }
};

class Spool {
 public:
  // An empty spool in `dir`; `what_dir` names it in errors ("--tmp-dir '/x'").
  Spool(const std::string& dir, const std::string& what_dir);

  // Appends one entry (first pass); buffered, a full disk throws Error.
  void append(std::uint32_t entry) {
    if (buffered_ == buffer_.size()) flush();
    buffer_[buffered_++] = entry;
  }
  std::uint64_t appended() const { return written_ + buffered_; }

  // Rewrites the spool in place (it only shrinks): each provisional id p
  // becomes final_ids[p], kNoWord dropping the token, and sentence starts
  // are marked. Computes the identity.
  void finish(const std::vector<WordId>& final_ids, std::size_t max_sentence_words, bool vocabulary_given);

  // After finish(): entries, and reading them.
  std::uint64_t size() const { return identity_.entries; }
  std::uint64_t bytes() const { return size() * kSpoolEntryBytes; }
  const SpoolIdentity& identity() const { return identity_; }
  // Reads entries [begin, begin + count) (fewer at the end); returns how many.
  std::size_t read(std::uint64_t begin, std::uint32_t* out, std::size_t count) const;
  // The first sentence start at or after `position`, or size().
  std::uint64_t sentence_start_from(std::uint64_t position) const;
  bool starts_sentence(std::uint64_t position) const;

 private:
  void flush();

  TempFile file_;
  std::vector<std::uint32_t> buffer_;
  std::size_t buffered_ = 0;
  std::uint64_t written_ = 0;  // entries on disk
  SpoolIdentity identity_;
};

// The sentences of the entries [begin, end) of a finished spool; begin is a
// sentence start (or end). Reads through a buffer of its own, so threads
// each with a reader share one spool, and memory stays a few hundred KB
// whatever the corpus size.
class SpoolSentences {
 public:
  SpoolSentences(const Spool& spool, std::uint64_t begin, std::uint64_t end);

  // The next sentence's word ids; false at the end of the range.
  bool next(std::vector<WordId>& sentence);
  // Where the next sentence starts: once next() has returned a sentence,
  // every entry before this was in one.
  std::uint64_t position() const { return position_; }

 private:
  bool refill();

  const Spool& spool_;
  std::uint64_t position_, end_;
  std::vector<std::uint32_t> buffer_;
  std::uint64_t buffer_begin_ = 0;  // spool position of buffer_[0]
  std::size_t buffer_size_ = 0;
};

}  // namespace wordvec

#pragma once
// Owns: reading one byte range of a corpus as sentences of word ids.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/word_id.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace wordvec {

// The sentences of the byte range [begin, end) of a corpus file, as training
// reads them: tokens become vocabulary ids (unknown tokens are dropped), and a
// sentence ends at each newline and after max_words words. Training only sees
// this interface, so a reader of a pre-tokenised spool file can replace it.
class SentenceReader {
 public:
  // Once *stop is set, reading ends as if at the range's end: it is checked
  // before each token, so a sentence being read ends where it is.
  SentenceReader(const std::string& path, std::uint64_t begin, std::uint64_t end, const TokenizerOptions& tokenizer,
                 const Vocabulary& vocab, std::size_t max_words, const std::atomic<bool>* stop = nullptr);

  // The next non-empty sentence; false when the range (or reading) has ended.
  bool next(std::vector<WordId>& sentence);

  // Byte offset reading has reached. Once next() has returned false, every
  // token before it was in a returned sentence: where to resume from.
  std::uint64_t position() const { return stream_.position(); }

 private:
  TokenStream stream_;
  const Vocabulary& vocab_;
  std::size_t max_words_;
  const std::atomic<bool>* stop_;
  // The first token after a newline ends the sentence before it and so is
  // read one call early; it starts the next sentence.
  WordId pending_ = kNoWord;
};

}  // namespace wordvec

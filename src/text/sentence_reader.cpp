#include "text/sentence_reader.h"

#include <string_view>
#include <utility>

namespace wordvec {

SentenceReader::SentenceReader(const std::string& path, std::uint64_t begin, std::uint64_t end,
                               const TokenizerOptions& tokenizer, const Vocabulary& vocab, std::size_t max_words,
                               const std::atomic<bool>* stop)
    : stream_(path, begin, end, tokenizer), vocab_(vocab), max_words_(max_words), stop_(stop) {}

bool SentenceReader::next(std::vector<WordId>& sentence) {
  sentence.clear();
  if (pending_ != kNoWord) {
    sentence.push_back(std::exchange(pending_, kNoWord));
    if (sentence.size() >= max_words_) return true;
  }
  std::string_view token;
  bool newline = false;
  while (!(stop_ && stop_->load(std::memory_order_relaxed)) && stream_.next(token, newline)) {
    const WordId id = vocab_.find(token);
    if (newline && !sentence.empty()) {
      pending_ = id;
      return true;
    }
    if (id == kNoWord) continue;
    sentence.push_back(id);
    if (sentence.size() >= max_words_) return true;
  }
  return !sentence.empty();
}

}  // namespace wordvec

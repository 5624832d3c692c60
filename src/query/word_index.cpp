#include "query/word_index.h"

#include "base/error.h"
#include "base/text.h"

namespace wordvec {

WordIndex::WordIndex(const std::vector<std::string_view>& words, Case mode) : words_(words.data()), mode_(mode) {
  if (words.size() >= kNoWord) throw Error("vocabulary too large to index");
  index_.reset(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::size_t s = slot_of(words[i]);
    if (index_.at(s) == kNoWord) index_.set(s, static_cast<WordId>(i));  // a later duplicate: the first one stays
  }
}

WordId WordIndex::find(std::string_view word) const {
  if (index_.empty()) return kNoWord;
  return index_.at(slot_of(word));
}

std::size_t WordIndex::slot_of(std::string_view word) const {
  if (mode_ == Case::Sensitive)
    return index_.probe(HashIndex::hash(word), [&](WordId id) { return words_[id] == word; });
  return index_.probe(HashIndex::hash(ascii_lowercase(word)),
                      [&](WordId id) { return equal_ignoring_ascii_case(words_[id], word); });
}

}  // namespace wordvec

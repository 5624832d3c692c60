#pragma once
// Owns: the training vocabulary (words, counts, lookup) and counting it from a corpus.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash_index.h"
#include "base/word_id.h"
#include "text/tokenizer.h"

namespace wordvec {

// Words and their corpus counts, with an open-addressing index for lookups on
// the training hot path (one lookup per corpus token per epoch).
class Vocabulary {
 public:
  // Adds `count` occurrences of `word`, inserting it if new.
  void add(std::string_view word, std::uint64_t count = 1);

  // Id of `word`, or kNoWord.
  WordId find(std::string_view word) const {
    if (index_.empty()) return kNoWord;
    return index_.at(slot_of(word));
  }

  std::size_t size() const { return words_.size(); }
  const std::string& word(WordId id) const { return words_[id]; }
  std::uint64_t count(WordId id) const { return counts_[id]; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  const std::vector<std::string>& words() const { return words_; }
  // Sum of all counts: the number of corpus tokens that training will see.
  std::uint64_t total_count() const;

  // Drops words with count < min_count.
  void prune(std::uint64_t min_count);
  // Prunes to min_count, sorts by descending count (ties by bytes, so the
  // order is deterministic) and keeps at most max_size words (0: no limit).
  void finalize(std::uint64_t min_count, std::size_t max_size);

  // word2vec's vocabulary file: one "word count" line per word.
  void save(const std::string& path) const;
  static Vocabulary load(const std::string& path);

 private:
  void rebuild_index();
  std::size_t slot_of(std::string_view word) const {
    return index_.probe(HashIndex::hash(word), [&](WordId id) { return words_[id] == word; });
  }

  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  HashIndex index_;
};

struct VocabularyOptions {
  std::uint64_t min_count = 5;
  std::size_t max_size = 0;
  // While counting, when more than this many distinct words are held, the
  // rarest are dropped (word2vec's ReduceVocab): words of count <= k are
  // removed with k rising each time. Bounds memory on corpora with millions
  // of distinct tokens at the cost of slightly low counts for rare words.
  std::size_t prune_threshold = 20'000'000;
};

// Counts a corpus file and returns the finalized vocabulary.
Vocabulary count_corpus(const std::string& path, const TokenizerOptions& tokenizer,
                        const VocabularyOptions& options);

}  // namespace wordvec

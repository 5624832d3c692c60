#pragma once
// Owns: the training vocabulary (words, counts, lookup) and counting it from a corpus.
#include <cstdint>
#include <functional>
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
  // Adds `count` occurrences of `word`, inserting it if new; returns its id
  // (a new word's is size() - 1).
  WordId add(std::string_view word, std::uint64_t count = 1);

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
  // Returns each word's new id by its old one (kNoWord: dropped).
  std::vector<WordId> finalize(std::uint64_t min_count, std::size_t max_size);
  // The same, keeping the words `keep(id)` says instead of those of count >= min_count.
  std::vector<WordId> finalize_if(const std::function<bool(WordId)>& keep, std::size_t max_size);

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

// Finalizes counted words as a run does (min_count, max_size); with a
// `base` vocabulary (continued training: the model's), every base word is
// added with its count and kept, a word the base lacks is kept if its
// count reaches min_count, and max_size does not apply. Returns each
// counted word's new id (base words added here come after them).
std::vector<WordId> finalize_counted(Vocabulary& counted, const VocabularyOptions& options,
                                     const Vocabulary* base = nullptr);

// Counts a corpus token by token, with ReduceVocab pruning, and numbers
// each token by the order in which its word first appeared: its provisional
// id, which the first pass spools before the final ids are known. Ids are
// never reused: a word that pruning dropped and that comes back gets a new
// one, and its old id stays dropped (its earlier occurrences are not
// trained on, as they were not counted).
class VocabularyCounter {
 public:
  explicit VocabularyCounter(const VocabularyOptions& options) : options_(options) {}

  // Counts one token and returns its provisional id.
  std::uint32_t add(std::string_view token) {
    const WordId index = vocab_.add(token);
    if (index == provisional_.size()) provisional_.push_back(new_provisional_id());
    const std::uint32_t id = provisional_[index];
    if (vocab_.size() > options_.prune_threshold) reduce();
    return id;
  }

  std::size_t distinct() const { return vocab_.size(); }
  std::uint64_t provisional_ids() const { return next_id_; }
  // The words counted so far, unpruned by min_count and unsorted.
  const Vocabulary& counted() const { return vocab_; }

  // Each provisional id's id in `agreed` (a vocabulary finalized elsewhere,
  // e.g. from several processes' counts), or kNoWord where `agreed` lacks
  // the word.
  std::vector<WordId> ids_in(const Vocabulary& agreed) const;

  // The finalized vocabulary (finalize_counted, onto `base` if given);
  // `final_ids`, if given, receives each provisional id's final id, or
  // kNoWord if it was dropped.
  Vocabulary finish(std::vector<WordId>* final_ids = nullptr, const Vocabulary* base = nullptr);

  // Provisional ids fit in 31 bits (the spool keeps a mark in the 32nd).
  static constexpr std::uint32_t kMaxProvisionalIds = 1u << 31;

 private:
  std::uint32_t new_provisional_id();
  void reduce();

  VocabularyOptions options_;
  Vocabulary vocab_;
  std::vector<std::uint32_t> provisional_;  // by index in vocab_
  std::uint32_t next_id_ = 0;
  std::uint64_t reduce_below_ = 1;
};

// Counts a corpus (any input open_input_file reads) and returns the
// finalized vocabulary.
Vocabulary count_corpus(const std::string& path, const TokenizerOptions& tokenizer,
                        const VocabularyOptions& options);

}  // namespace wordvec

#include "text/vocabulary.h"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <numeric>

#include <fmt/format.h>

#include "base/error.h"
#include "text/input_file.h"

namespace wordvec {

WordId Vocabulary::add(std::string_view word, std::uint64_t count) {
  if (index_.empty() || index_.full(words_.size())) {
    if (words_.size() >= kNoWord - 1) throw Error("more distinct words than a vocabulary can hold (4 billion)");
    rebuild_index();
  }
  const std::size_t s = slot_of(word);
  if (const WordId id = index_.at(s); id != kNoWord) {
    counts_[id] += count;
    return id;
  }
  const auto id = static_cast<WordId>(words_.size());
  index_.set(s, id);
  words_.emplace_back(word);
  counts_.push_back(count);
  return id;
}

// Sizes the table for the words held plus room to grow (a power of two at
// least twice their number, so it doubles as words are added) and
// re-inserts them.
void Vocabulary::rebuild_index() {
  index_.reset(std::max<std::size_t>(512, words_.size() + 1));
  for (std::size_t i = 0; i < words_.size(); ++i) index_.set(slot_of(words_[i]), static_cast<WordId>(i));
}

std::uint64_t Vocabulary::total_count() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
}

void Vocabulary::prune(std::uint64_t min_count) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < words_.size(); ++i) {
    if (counts_[i] < min_count) continue;
    if (kept != i) {
      words_[kept] = std::move(words_[i]);
      counts_[kept] = counts_[i];
    }
    ++kept;
  }
  words_.resize(kept);
  counts_.resize(kept);
  words_.shrink_to_fit();
  rebuild_index();
}

std::vector<WordId> Vocabulary::finalize(std::uint64_t min_count, std::size_t max_size) {
  return finalize_if([&](WordId id) { return counts_[id] >= min_count; }, max_size);
}

std::vector<WordId> Vocabulary::finalize_if(const std::function<bool(WordId)>& keep, std::size_t max_size) {
  std::vector<WordId> new_ids(words_.size(), kNoWord);
  std::vector<std::size_t> order;  // the index of each word kept, then sorted
  for (std::size_t i = 0; i < words_.size(); ++i)
    if (keep(static_cast<WordId>(i))) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : words_[a] < words_[b];
  });
  if (max_size > 0 && order.size() > max_size) order.resize(max_size);
  std::vector<std::string> words;
  std::vector<std::uint64_t> counts;
  words.reserve(order.size());
  counts.reserve(order.size());
  for (std::size_t i : order) {
    new_ids[i] = static_cast<WordId>(words.size());
    words.push_back(std::move(words_[i]));
    counts.push_back(counts_[i]);
  }
  words_ = std::move(words);
  counts_ = std::move(counts);
  rebuild_index();
  return new_ids;
}

void Vocabulary::save(const std::string& path) const {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(fmt::format("cannot write vocabulary '{}': {}", path, std::strerror(errno)));
  for (std::size_t i = 0; i < words_.size(); ++i) out << words_[i] << ' ' << counts_[i] << '\n';
  out.flush();
  if (!out) throw Error(fmt::format("error writing vocabulary '{}'", path));
}

Vocabulary Vocabulary::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot open vocabulary '{}': {}", path, std::strerror(errno)));
  Vocabulary vocab;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string_view> fields = split_words(line);
    if (fields.empty()) continue;
    std::uint64_t count = 0;
    const char* digits_end = fields.back().data() + fields.back().size();
    const auto [end, ec] = std::from_chars(fields.back().data(), digits_end, count);
    if (fields.size() != 2 || ec != std::errc() || end != digits_end)
      throw Error(fmt::format("{}:{}: expected 'word count', got '{}'", path, line_no, line.substr(0, 80)));
    vocab.add(fields[0], count);
  }
  if (in.bad()) throw Error(fmt::format("error reading vocabulary '{}'", path));
  return vocab;
}

std::uint32_t VocabularyCounter::new_provisional_id() {
  if (next_id_ >= kMaxProvisionalIds)
    throw Error("more than 2 billion distinct words while counting (lower --prune-threshold)");
  return next_id_++;
}

// word2vec's ReduceVocab: drops the words of count < k, k rising each time.
// The survivors keep their provisional ids.
void VocabularyCounter::reduce() {
  const std::uint64_t k = ++reduce_below_;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < provisional_.size(); ++i)
    if (vocab_.count(static_cast<WordId>(i)) >= k) provisional_[kept++] = provisional_[i];
  provisional_.resize(kept);
  vocab_.prune(k);
}

std::vector<WordId> finalize_counted(Vocabulary& counted, const VocabularyOptions& options, const Vocabulary* base) {
  const std::uint64_t min_count = std::max<std::uint64_t>(options.min_count, 1);
  if (!base) return counted.finalize(min_count, options.max_size);
  for (WordId id = 0; id < base->size(); ++id) counted.add(base->word(id), base->count(id));
  return counted.finalize_if(
      [&](WordId id) { return counted.count(id) >= min_count || base->find(counted.word(id)) != kNoWord; }, 0);
}

Vocabulary VocabularyCounter::finish(std::vector<WordId>* final_ids, const Vocabulary* base) {
  // The base's words are added after counting, so those the text lacks get
  // no provisional id: nothing in the spool refers to them.
  const std::vector<WordId> new_ids = finalize_counted(vocab_, options_, base);
  if (final_ids) {
    final_ids->assign(next_id_, kNoWord);
    for (std::size_t i = 0; i < provisional_.size(); ++i) (*final_ids)[provisional_[i]] = new_ids[i];
  }
  provisional_.clear();
  provisional_.shrink_to_fit();
  return std::move(vocab_);
}

std::vector<WordId> VocabularyCounter::ids_in(const Vocabulary& agreed) const {
  std::vector<WordId> ids(next_id_, kNoWord);
  for (std::size_t i = 0; i < provisional_.size(); ++i) ids[provisional_[i]] = agreed.find(vocab_.word(static_cast<WordId>(i)));
  return ids;
}

Vocabulary count_corpus(const std::string& path, const TokenizerOptions& tokenizer,
                        const VocabularyOptions& options) {
  const auto input = open_input_file(path);
  TokenStream stream(*input, tokenizer);
  VocabularyCounter counter(options);
  std::string_view token;
  bool newline = false;
  while (stream.next(token, newline)) counter.add(token);
  return counter.finish();
}

}  // namespace wordvec

#include "vocabulary.h"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <numeric>

#include <fmt/format.h>

#include "error.h"

namespace wordvec {

namespace {
std::uint64_t hash_word(std::string_view w) { return XXH3_64bits(w.data(), w.size()); }
}  // namespace

std::size_t Vocabulary::slot_of(std::string_view word) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t s = static_cast<std::size_t>(hash_word(word)) & mask;
  while (slots_[s] >= 0 && words_[static_cast<std::size_t>(slots_[s])] != word) s = (s + 1) & mask;
  return s;
}

std::int32_t Vocabulary::find(std::string_view word) const {
  if (slots_.empty()) return -1;
  return slots_[slot_of(word)];
}

void Vocabulary::add(std::string_view word, std::uint64_t count) {
  // Keep the load factor at most 1/2 so probes stay short.
  if ((words_.size() + 1) * 2 > slots_.size()) {
    slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), -1);
    rebuild_index();
  }
  std::size_t s = slot_of(word);
  if (slots_[s] >= 0) {
    counts_[static_cast<std::size_t>(slots_[s])] += count;
    return;
  }
  slots_[s] = static_cast<std::int32_t>(words_.size());
  words_.emplace_back(word);
  counts_.push_back(count);
}

void Vocabulary::rebuild_index() {
  std::size_t want = 1024;
  while (want < words_.size() * 2 + 2) want *= 2;
  if (slots_.size() < want) slots_.resize(want);
  std::fill(slots_.begin(), slots_.end(), -1);
  for (std::size_t i = 0; i < words_.size(); ++i) slots_[slot_of(words_[i])] = static_cast<std::int32_t>(i);
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
  slots_.clear();
  rebuild_index();
}

void Vocabulary::finalize(std::uint64_t min_count, std::size_t max_size) {
  prune(min_count);
  std::vector<std::size_t> order(words_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : words_[a] < words_[b];
  });
  if (max_size > 0 && order.size() > max_size) order.resize(max_size);
  std::vector<std::string> words;
  std::vector<std::uint64_t> counts;
  words.reserve(order.size());
  counts.reserve(order.size());
  for (std::size_t i : order) {
    words.push_back(std::move(words_[i]));
    counts.push_back(counts_[i]);
  }
  words_ = std::move(words);
  counts_ = std::move(counts);
  slots_.clear();
  rebuild_index();
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
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::size_t space = line.find_last_of(" \t");
    std::string_view word(line.data(), space == std::string::npos ? 0 : space);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.remove_suffix(1);
    const char* digits = line.c_str() + (space == std::string::npos ? 0 : space + 1);
    char* end = nullptr;
    errno = 0;
    unsigned long long count = std::strtoull(digits, &end, 10);
    if (word.empty() || word.find_first_of(" \t") != std::string_view::npos || *digits == '\0' ||
        *digits == '-' || *end != '\0' || errno != 0)
      throw Error(fmt::format("{}:{}: expected 'word count', got '{}'", path, line_no, line.substr(0, 80)));
    vocab.add(word, count);
  }
  if (in.bad()) throw Error(fmt::format("error reading vocabulary '{}'", path));
  return vocab;
}

Vocabulary count_corpus(const std::string& path, const TokenizerOptions& tokenizer,
                        const VocabularyOptions& options) {
  const std::uint64_t size = corpus_file_size(path);
  TokenStream stream(path, 0, size, tokenizer);
  Vocabulary vocab;
  std::uint64_t reduce_below = 1;
  std::string_view token;
  bool newline = false;
  while (stream.next(token, newline)) {
    if (token.empty()) continue;
    vocab.add(token);
    if (vocab.size() > options.prune_threshold) vocab.prune(++reduce_below);
  }
  vocab.finalize(std::max<std::uint64_t>(options.min_count, 1), options.max_size);
  return vocab;
}

}  // namespace wordvec

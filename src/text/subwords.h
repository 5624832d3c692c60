#pragma once
// Owns: fastText's character n-grams of a word and the hash that maps each to a bucket row.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

// fastText's subword settings, by its flag names: n-grams of minn..maxn
// characters (UTF-8 code points) of "<word>", each hashed into one of
// `bucket` rows. maxn == 0 (or bucket == 0) means no subwords.
struct SubwordOptions {
  int minn = 0;
  int maxn = 0;
  std::uint32_t bucket = 0;
  bool enabled() const { return maxn > 0 && bucket > 0; }
};

// The defaults wv-train uses when subwords are asked for (fastText's).
inline constexpr int kDefaultMinn = 3;
inline constexpr int kDefaultMaxn = 6;
inline constexpr std::uint32_t kDefaultBucket = 2'000'000;

// fastText's FNV-1a, byte by byte. Each byte is sign-extended before the
// xor (fastText casts through int8_t), which changes the hash of every
// non-ASCII n-gram; matching it is what makes a fastText model's bucket rows
// mean the same here.
inline std::uint32_t fasttext_hash(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (char c : bytes) {
    h ^= static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(c)));
    h *= 16777619u;
  }
  return h;
}

// Calls visit(ngram) for every n-gram of "<" + word + ">" in fastText's
// order: by start character, then by length. Starts and lengths count UTF-8
// characters (a continuation byte never starts an n-gram); a one-character
// n-gram that is a boundary marker alone is skipped, as fastText does.
template <class Visit>
void for_each_ngram(std::string_view word, const SubwordOptions& options, Visit&& visit) {
  if (!options.enabled()) return;
  std::string marked;
  marked.reserve(word.size() + 2);
  marked.push_back('<');
  marked.append(word);
  marked.push_back('>');
  const std::size_t size = marked.size();
  auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(marked[i]) & 0xC0) == 0x80; };
  for (std::size_t i = 0; i < size; ++i) {
    if (continuation(i)) continue;
    std::size_t j = i;
    for (int n = 1; j < size && n <= options.maxn; ++n) {
      ++j;
      while (j < size && continuation(j)) ++j;
      if (n >= options.minn && !(n == 1 && (i == 0 || j == size))) visit(std::string_view(marked).substr(i, j - i));
    }
  }
}

// Appends the bucket row (0..bucket-1) of every n-gram of `word`, in
// for_each_ngram's order; repeated n-grams appear once per occurrence, as in
// fastText.
inline void subword_buckets(std::string_view word, const SubwordOptions& options, std::vector<std::uint32_t>& out) {
  for_each_ngram(word, options, [&](std::string_view ngram) { out.push_back(fasttext_hash(ngram) % options.bucket); });
}

}  // namespace wordvec

#pragma once
// Owns: word2phrase's phrases: counting words and adjacent pairs, scoring the pairs, and joining the chosen ones into one token, pass after pass.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace wordvec {

struct PhraseOptions {
  TokenizerOptions tokenizer;
  std::uint64_t min_count = 5;
  // One pass each: a pair whose score is above the pass's threshold is
  // joined. word2vec's demo-phrases.sh runs 200 then 100.
  std::vector<float> thresholds = {100.0f};
  // Distinct pairs held while counting before the rarest are dropped (as
  // VocabularyOptions::prune_threshold does for words).
  std::size_t prune_threshold = 20'000'000;
  int threads = 1;          // counting pairs
  int decoder_threads = 1;  // for xz inputs of several blocks
  std::string tmp_dir;       // where the token spools go
  std::string what_tmp_dir;  // how errors name it
  const std::atomic<bool>* stop = nullptr;  // once set, find_phrases stops within a fraction of a second
};

// word2phrase's score of the pair (a, b):
//   (count(ab) - min_count) / count(a) / count(b) * words,
// in single precision and in its order of operations, so that a score that
// lands on a threshold is decided as word2phrase decides it. The counts
// must be at least min_count (otherwise word2phrase scores 0).
inline float phrase_score(std::uint64_t pair, std::uint64_t first, std::uint64_t second, std::uint64_t words,
                          std::uint64_t min_count) {
  return static_cast<float>(static_cast<std::int64_t>(pair - min_count)) / static_cast<float>(first) /
         static_cast<float>(second) * static_cast<float>(words);
}

// What one pass did.
struct PhrasePassStats {
  float threshold = 0;
  std::uint64_t tokens = 0;          // tokens read by the pass
  std::size_t distinct_pairs = 0;    // distinct adjacent pairs held after counting
  std::size_t phrase_types = 0;      // distinct pairs that scored above the threshold
  std::uint64_t joined = 0;          // pairs joined in the text
  double seconds = 0;                // the whole pass (the first's includes reading the inputs)
  double count_seconds = 0;          // of which counting tokens and pairs
};

// Reads `inputs` (as expand_inputs names them), runs one pass per
// threshold, and gives the final text to `write` in pieces: the tokens of a
// line separated by one space, each line ended by a newline (empty lines
// are not kept), a joined pair written "a_b". Each pass reads the previous
// pass's tokens from a spool of word ids, not the inputs again. Returns
// nothing if options.stop was set. Throws Error naming the input or the
// temporary directory on failure.
std::optional<std::vector<PhrasePassStats>> find_phrases(const std::vector<std::string>& inputs, const PhraseOptions& options,
                                          const std::function<void(std::string_view)>& write);

}  // namespace wordvec

#pragma once
// Owns: reading a fastText .bin model (fastText 0.9's format): its settings, word dictionary and input matrix.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/aligned_buffer.h"
#include "base/file.h"
#include "base/matrix.h"
#include "text/subwords.h"

namespace wordvec {

// fastText 0.9's .bin file, little-endian, as FastText::saveModel writes it:
//
//   int32 magic 793712314, int32 version (12; 11 before 0.9)
//   args: int32 dim, ws, epoch, minCount, neg, wordNgrams, loss, model,
//         bucket, minn, maxn, lrUpdateRate; double t
//   dictionary: int32 size, nwords, nlabels; int64 ntokens, pruneidx_size;
//         size entries (word bytes, NUL, int64 count, int8 type: 0 word,
//         1 label); pruneidx_size pairs of int32 (-1: none)
//   bool quantized input; input matrix: int64 rows, int64 cols, rows x cols
//         float32 (rows = nwords + bucket: the words' own rows, then the
//         n-gram buckets)
//   bool quantized output; output matrix, the same way
//
// Only unsupervised (skipgram, cbow), unquantized models have word vectors
// to query; the rest is refused with an Error saying why.
inline constexpr std::int32_t kFastTextMagic = 793712314;
inline constexpr std::string_view kFastTextEos = "</s>";  // fastText's end-of-line word: it has no n-grams

// fastText's settings, by its flag names.
struct FastTextArgs {
  std::int32_t dim, ws, epoch, min_count, neg, word_ngrams, loss, model, bucket, minn, maxn, lr_update_rate;
  double t;
};

class FastTextModel {
 public:
  // Maps and checks the whole file; throws Error naming the file and what
  // is wrong (the part of the file, for a truncated or corrupt one).
  static FastTextModel open(const std::string& path);
  // Whether the file starts with fastText's magic number.
  static bool has_magic(std::string_view bytes);

  std::size_t size() const { return words_.size(); }  // vocabulary words
  std::size_t dim() const { return static_cast<std::size_t>(args_.dim); }
  std::string_view word(std::size_t id) const { return words_[id]; }
  std::uint64_t count(std::size_t id) const { return counts_[id]; }
  const FastTextArgs& args() const { return args_; }
  std::int32_t version() const { return version_; }
  SubwordOptions subword_options() const;
  // The input matrix: each word's own row, and the n-gram bucket rows.
  MatrixView word_rows() const { return {input_, size(), dim(), dim()}; }
  MatrixView bucket_rows() const { return {input_ + size() * dim(), static_cast<std::size_t>(args_.bucket), dim(), dim()}; }
  // The settings as JSON, by fastText's flag names ("minn", "maxn", "bucket", ...).
  nlohmann::json settings() const;

 private:
  FastTextModel() = default;
  class Reader;
  static FastTextArgs read_args(Reader& in);
  std::size_t read_dictionary(Reader& in);  // returns the number of labels
  void read_input_matrix(Reader& in);

  MappedFile file_;
  FastTextArgs args_{};
  std::int32_t version_ = 0;
  std::vector<std::string_view> words_;  // into the mapping (NUL-terminated there)
  std::vector<std::uint64_t> counts_;
  const float* input_ = nullptr;  // in the mapping, or in input_copy_ when the mapping's floats are misaligned
  AlignedBuffer input_copy_;
};

}  // namespace wordvec

#pragma once
// Owns: word vectors loaded for querying: words, counts, the word index and unit vectors in panels.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/fasttext_format.h"
#include "model/model_file.h"
#include "query/oov_words.h"
#include "query/panel_matrix.h"
#include "query/word_index.h"

namespace wordvec {

enum class EmbeddingFormat { Auto, Wordvec, Word2vecBinary, Word2vecText, FastTextBinary };

// "auto", "wv", "w2v-bin", "w2v-text", "ft-bin"; throws Error for anything else.
EmbeddingFormat parse_embedding_format(std::string_view name);
const char* embedding_format_name(EmbeddingFormat format);

struct LoadOptions {
  EmbeddingFormat format = EmbeddingFormat::Auto;
  bool verify_checksum = true;  // wordvec files only
  bool oov = true;  // false (--no-oov): no vectors for words outside the vocabulary, even from subwords
};

// Word vectors ready for cosine search: the words in file order (most
// frequent first), their counts where the file has them, an index from word
// to id, and the vectors scaled to unit length, in panels for the search
// kernel (a zero vector stays zero). A subword model (a fastText .bin, or a
// wordvec model trained with n-grams) gives each vocabulary word its
// composed vector (own row and n-gram rows, as fastText does) and can build
// a vector for a word outside the vocabulary from its n-grams: lookup().
class Embeddings {
 public:
  static Embeddings load(const std::string& path, const LoadOptions& options = {});

  std::size_t size() const { return words_.size(); }
  std::size_t dim() const { return unit_.dim(); }
  // A vocabulary word, or a word lookup() built from subwords (id >= size()).
  std::string_view word(WordId id) const { return id < words_.size() ? words_[id] : oov_->word(id); }
  const std::vector<std::string_view>& words() const { return words_; }
  // Id of the first occurrence of `word` (exact bytes), or kNoWord.
  WordId find(std::string_view word) const { return index_.find(word); }
  // Whether words outside the vocabulary get vectors from their n-grams:
  // a subword model loaded without LoadOptions::oov = false.
  bool has_subwords() const { return oov_ != nullptr; }
  // What every command resolves a word with: find(word), or else, in a
  // subword model, an id >= size() for a word with at least one n-gram,
  // whose unit_vector() is built from them (the same id each time); kNoWord
  // otherwise. Such ids are never search candidates.
  WordId lookup(std::string_view word) const;
  bool from_subwords(WordId id) const { return id != kNoWord && id >= size(); }
  // The vocabulary's unit vectors (search candidates); unit_vector() also
  // takes lookup()'s ids of words built from subwords.
  const PanelMatrix& unit_vectors() const { return unit_; }
  std::vector<float> unit_vector(WordId id) const { return id < size() ? unit_.copy_row(id) : oov_->unit_vector(id); }

  bool has_counts() const { return model_.has_value() || fasttext_.has_value(); }
  std::uint64_t count(WordId id) const { return model_ ? model_->count(file_row(id)) : fasttext_->count(file_row(id)); }
  // Rows dropped because their word had occurred earlier in the file (the
  // first occurrence wins, as a lookup finds it), and the first such word.
  std::size_t repeated_rows() const { return repeated_rows_; }
  std::string_view first_repeated_word() const { return first_repeated_word_; }
  EmbeddingFormat format() const { return format_; }
  // Training settings of a wordvec or fastText model; an empty object otherwise.
  const nlohmann::json& settings() const;
  bool has_context_vectors() const { return model_ && model_->context_vectors() != nullptr; }
  // A wordvec model's vectors as trained (not scaled to unit length), dim()
  // floats each, read in place from the mapped file: the input vector of a
  // word, and its context vector (what skip-gram scored the input vectors
  // against). nullptr where the file has none: word2vec files keep no raw
  // rows here (input) and hold no context vectors; models written with
  // --no-context hold no context vectors.
  const float* input_row(WordId id) const {
    return model_ ? model_->input_vectors() + file_row(id) * model_->dim() : nullptr;
  }
  const float* context_row(WordId id) const {
    return has_context_vectors() ? model_->context_vectors() + file_row(id) * model_->dim() : nullptr;
  }
  bool checksum_verified() const { return checksum_verified_; }

 private:
  Embeddings() = default;
  // Indexes words_, drops repeated words' rows, and fills unit_ from `raw`.
  void index_and_normalise(const MatrixView& raw, const std::string& path);
  void load_fasttext(const std::string& path, const LoadOptions& options);
  // Subword models: unit_ from the composed word vectors, and oov_ unless off.
  void compose_subwords(const SubwordVectors& subwords, bool eos_whole, const std::string& path, const LoadOptions& options);
  std::size_t file_row(WordId id) const { return source_rows_.empty() ? id : source_rows_[id]; }

  std::optional<ModelFile> model_;  // wordvec files: words and counts stay in the mapping
  std::optional<FastTextModel> fasttext_;  // fastText .bin files, the same way
  nlohmann::json settings_;             // fastText .bin files
  std::vector<char> word_bytes_;     // word2vec files: the words, back to back
  std::vector<std::string_view> words_;
  WordIndex index_;
  PanelMatrix unit_;
  std::vector<WordId> source_rows_;  // file row of each id, when rows were dropped
  std::size_t repeated_rows_ = 0;
  std::string first_repeated_word_;
  EmbeddingFormat format_ = EmbeddingFormat::Auto;
  bool checksum_verified_ = false;
  std::unique_ptr<OovWords> oov_;  // subword models: words outside the vocabulary, built on first use
};

}  // namespace wordvec

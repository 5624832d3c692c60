#pragma once
// Owns: word vectors loaded for querying: words, counts, the word index and unit vectors in panels.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model_file.h"
#include "query/panel_matrix.h"
#include "query/word_index.h"

namespace wordvec {

enum class EmbeddingFormat { Auto, Wordvec, Word2vecBinary, Word2vecText };

// "auto", "wv", "w2v-bin", "w2v-text"; throws Error for anything else.
EmbeddingFormat parse_embedding_format(std::string_view name);
const char* embedding_format_name(EmbeddingFormat format);

struct LoadOptions {
  EmbeddingFormat format = EmbeddingFormat::Auto;
  bool verify_checksum = true;  // wordvec files only
};

// Word vectors ready for cosine search: the words in file order (most
// frequent first), their counts where the file has them, an index from word
// to id, and the vectors scaled to unit length, in panels for the search
// kernel (a zero vector stays zero).
class Embeddings {
 public:
  static Embeddings load(const std::string& path, const LoadOptions& options = {});

  std::size_t size() const { return words_.size(); }
  std::size_t dim() const { return unit_.dim(); }
  std::string_view word(WordId id) const { return words_[id]; }
  const std::vector<std::string_view>& words() const { return words_; }
  // Id of the first occurrence of `word` (exact bytes), or kNoWord.
  WordId find(std::string_view word) const { return index_.find(word); }
  const PanelMatrix& unit_vectors() const { return unit_; }
  std::vector<float> unit_vector(WordId id) const { return unit_.copy_row(id); }

  bool has_counts() const { return model_.has_value(); }
  std::uint64_t count(WordId id) const { return model_->count(file_row(id)); }
  // Rows dropped because their word had occurred earlier in the file (the
  // first occurrence wins, as a lookup finds it), and the first such word.
  std::size_t repeated_rows() const { return repeated_rows_; }
  std::string_view first_repeated_word() const { return first_repeated_word_; }
  EmbeddingFormat format() const { return format_; }
  // Training settings of a wordvec model; an empty object otherwise.
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
  std::size_t file_row(WordId id) const { return source_rows_.empty() ? id : source_rows_[id]; }

  std::optional<ModelFile> model_;  // wordvec files: words and counts stay in the mapping
  std::vector<char> word_bytes_;     // word2vec files: the words, back to back
  std::vector<std::string_view> words_;
  WordIndex index_;
  PanelMatrix unit_;
  std::vector<WordId> source_rows_;  // file row of each id, when rows were dropped
  std::size_t repeated_rows_ = 0;
  std::string first_repeated_word_;
  EmbeddingFormat format_ = EmbeddingFormat::Auto;
  bool checksum_verified_ = false;
};

}  // namespace wordvec

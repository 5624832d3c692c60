#include "query/embeddings.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/exact_float.h"
#include "model/word2vec_format.h"

namespace wordvec {

EmbeddingFormat parse_embedding_format(std::string_view name) {
  if (name == "auto") return EmbeddingFormat::Auto;
  if (name == "wv") return EmbeddingFormat::Wordvec;
  if (name == "w2v-bin") return EmbeddingFormat::Word2vecBinary;
  if (name == "w2v-text") return EmbeddingFormat::Word2vecText;
  if (name == "ft-bin") return EmbeddingFormat::FastTextBinary;
  throw Error(fmt::format("unknown format '{}' (expected auto, wv, w2v-bin, w2v-text or ft-bin)", name));
}

const char* embedding_format_name(EmbeddingFormat format) {
  switch (format) {
    case EmbeddingFormat::Auto: return "auto";
    case EmbeddingFormat::Wordvec: return "wv";
    case EmbeddingFormat::Word2vecBinary: return "w2v-bin";
    case EmbeddingFormat::Word2vecText: return "w2v-text";
    case EmbeddingFormat::FastTextBinary: return "ft-bin";
  }
  return "?";
}

namespace {

// Scales the n <= 16 rows of one panel to unit length with word2vec's own
// arithmetic (per row: a serial float sum of squares, its square root, one
// division per component) so that the unit vectors, and with them
// eval-analogy's answers, are bit for bit those of compute-accuracy. The 16
// rows' sums are 16 independent chains, which hides the addition latency a
// single row's serial sum would wait on; the divisions run on a contiguous
// copy (`scratch`, dim floats), where they vectorise. Returns the first row
// that is not finite, or n.
WORDVEC_EXACT_FLOAT std::size_t normalise_panel(const float* raw, std::size_t raw_stride, std::size_t n, std::size_t dim,
                                                float* panel, float* scratch) {
  constexpr std::size_t kWidth = PanelMatrix::kWidth;
  float sums[kWidth] = {}, lengths[kWidth];
  for (std::size_t d = 0; d < dim; ++d)
    for (std::size_t r = 0; r < n; ++r) sums[r] += raw[r * raw_stride + d] * raw[r * raw_stride + d];
  for (std::size_t r = 0; r < n; ++r) {
    lengths[r] = std::sqrt(sums[r]);
    if (!std::isfinite(lengths[r])) return r;
  }
  for (std::size_t r = 0; r < n; ++r) {
    const float* x = raw + r * raw_stride;
    const float length = lengths[r];
    // word2vec would divide 0 by 0; a zero vector stays zero and matches nothing.
    if (length == 0) std::fill(scratch, scratch + dim, 0.0f);
    else
      for (std::size_t d = 0; d < dim; ++d) scratch[d] = x[d] / length;
    for (std::size_t d = 0; d < dim; ++d) panel[d * kWidth + r] = scratch[d];
  }
  return n;
}

// Normalises all rows into `unit`, panels in parallel: 1M x 300 takes
// ~0.1 s on two cores (it reads 1.2 GB and writes as much).
void normalise_rows(const float* raw, std::size_t raw_stride, PanelMatrix& unit,
                    const std::vector<std::string_view>& words, const std::string& path) {
  const std::size_t rows = unit.rows(), width = PanelMatrix::kWidth;
  std::size_t first_bad = rows;
#pragma omp parallel reduction(min : first_bad)
  {
    std::vector<float> scratch(unit.dim());
#pragma omp for schedule(static)
    for (std::size_t p = 0; p < unit.panels(); ++p) {
      const std::size_t first = p * width, n = std::min(width, rows - first);
      const std::size_t bad = normalise_panel(raw + first * raw_stride, raw_stride, n, unit.dim(), unit.panel(p), scratch.data());
      if (bad < n) first_bad = std::min(first_bad, first + bad);
    }
  }
  if (first_bad < rows)
    throw Error(fmt::format("'{}': the vector of '{}' (word {}) has a value that is not a finite number", path,
                            words[first_bad], first_bad + 1));
}

// wordvec and fastText models by their magic numbers; Auto for the rest
// (word2vec's formats, told apart by read_word2vec).
EmbeddingFormat detect_format(const std::string& path) {
  const MappedFile file(path, "");
  if (file.bytes().substr(0, sizeof kModelMagic) == std::string_view(kModelMagic, sizeof kModelMagic))
    return EmbeddingFormat::Wordvec;
  if (FastTextModel::has_magic(file.bytes())) return EmbeddingFormat::FastTextBinary;
  return EmbeddingFormat::Auto;
}

// A wordvec model's subword settings (the integer keys "minn", "maxn" and
// "bucket", maxn > 0), or none for a model without subwords.
std::optional<SubwordOptions> wordvec_subwords(const nlohmann::json& settings) {
  for (const char* key : {"minn", "maxn", "bucket"})
    if (!settings.contains(key) || !settings[key].is_number_integer()) return std::nullopt;
  const SubwordOptions options{settings["minn"].get<int>(), settings["maxn"].get<int>(), settings["bucket"].get<std::uint32_t>()};
  if (!options.enabled()) return std::nullopt;
  return options;
}

}  // namespace

Embeddings Embeddings::load(const std::string& path, const LoadOptions& options) {
  EmbeddingFormat format = options.format;
  if (format == EmbeddingFormat::Auto) format = detect_format(path);

  Embeddings e;
  if (format == EmbeddingFormat::Wordvec) {
    e.model_ = ModelFile::open(path, options.verify_checksum);
    e.checksum_verified_ = options.verify_checksum;
    const ModelFile& model = *e.model_;
    e.words_.reserve(model.vocab_size());
    for (std::size_t i = 0; i < model.vocab_size(); ++i) e.words_.push_back(model.word(i));
    const MatrixView rows{model.input_vectors(), model.vocab_size(), model.dim(), model.dim()};
    if (const auto subwords = wordvec_subwords(model.settings())) {
      const MatrixView buckets{model.matrix_section("buckets", subwords->bucket, model.dim()), subwords->bucket, model.dim(),
                               model.dim()};
      e.compose_subwords(SubwordVectors(rows, buckets, *subwords), false, path, options);
    } else {
      e.index_and_normalise(rows, path);
    }
  } else if (format == EmbeddingFormat::FastTextBinary) {
    e.load_fasttext(path, options);
  } else {
    std::optional<Word2vecEncoding> encoding;
    if (format == EmbeddingFormat::Word2vecBinary) encoding = Word2vecEncoding::Binary;
    if (format == EmbeddingFormat::Word2vecText) encoding = Word2vecEncoding::Text;
    Word2vecContents contents = read_word2vec(path, encoding);
    format = contents.encoding == Word2vecEncoding::Binary ? EmbeddingFormat::Word2vecBinary : EmbeddingFormat::Word2vecText;
    e.word_bytes_ = std::move(contents.word_bytes);
    const std::size_t rows = contents.vectors.rows();
    e.words_.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i)
      e.words_.emplace_back(e.word_bytes_.data() + contents.word_offsets[i], contents.word_offsets[i + 1] - contents.word_offsets[i]);
    e.index_and_normalise(contents.vectors.view(), path);
  }
  e.format_ = format;
  return e;
}

void Embeddings::load_fasttext(const std::string& path, const LoadOptions& options) {
  fasttext_ = FastTextModel::open(path);
  const FastTextModel& model = *fasttext_;
  settings_ = model.settings();
  words_.reserve(model.size());
  for (std::size_t i = 0; i < model.size(); ++i) words_.push_back(model.word(i));
  compose_subwords(SubwordVectors(model.word_rows(), model.bucket_rows(), model.subword_options()), true, path, options);
}

// Composing is one row addition per n-gram of each word (~20 for 3..6),
// in parallel; the bucket rows are only read for the words' n-grams, never
// composed up front. Bound by reading those rows at random: with wiki100m's
// 67,899 words and 2M x 100 buckets the whole load takes ~0.4 s, most of it
// faulting in the bucket pages the n-grams touch.
void Embeddings::compose_subwords(const SubwordVectors& subwords, bool eos_whole, const std::string& path,
                                  const LoadOptions& options) {
  Matrix composed(words_.size(), subwords.dim());
  const MatrixView own = subwords.word_rows();
#pragma omp parallel
  {
    SubwordVectors local = subwords;  // its scratch is per thread
#pragma omp for schedule(static)
    for (std::size_t id = 0; id < words_.size(); ++id) {
      float* out = composed.row(id);
      std::fill(out, out + composed.stride(), 0.0f);
      // fastText's end-of-line word is whole: it has no n-grams.
      if (eos_whole && words_[id] == kFastTextEos) std::copy(own.row(id), own.row(id) + own.dim, out);
      else local.word_vector(static_cast<WordId>(id), words_[id], out);
    }
  }
  index_and_normalise(composed.view(), path);
  if (options.oov && subwords.options().enabled()) oov_ = std::make_unique<OovWords>(subwords, size());
}

WordId Embeddings::lookup(std::string_view word) const {
  const WordId id = find(word);
  return id != kNoWord || !oov_ ? id : oov_->find_or_add(word);
}

void Embeddings::index_and_normalise(const MatrixView& raw, const std::string& path) {
  index_ = WordIndex(words_, WordIndex::Case::Sensitive);
  // A word the file repeats: lookups find its first occurrence, so the
  // later rows could only ever show up as answers, the word next to itself.
  // They are dropped, and the caller can warn.
  std::vector<WordId> kept;
  for (WordId i = 0; i < words_.size(); ++i) {
    if (index_.find(words_[i]) == i) {
      kept.push_back(i);
    } else if (repeated_rows_++ == 0) {
      first_repeated_word_ = words_[i];
    }
  }
  if (repeated_rows_ == 0) {
    unit_ = PanelMatrix(raw.rows, raw.dim);
    normalise_rows(raw.data, raw.stride, unit_, words_, path);
    return;
  }
  Matrix compact(kept.size(), raw.dim);
  for (std::size_t r = 0; r < kept.size(); ++r) {
    std::copy(raw.row(kept[r]), raw.row(kept[r]) + raw.dim, compact.row(r));
    words_[r] = words_[kept[r]];
  }
  words_.resize(kept.size());
  source_rows_ = std::move(kept);
  index_ = WordIndex(words_, WordIndex::Case::Sensitive);
  unit_ = PanelMatrix(compact.rows(), compact.dim());
  normalise_rows(compact.data(), compact.stride(), unit_, words_, path);
}

const nlohmann::json& Embeddings::settings() const {
  static const nlohmann::json none = nlohmann::json::object();
  if (fasttext_) return settings_;
  return model_ ? model_->settings() : none;
}

}  // namespace wordvec

#pragma once
// Owns: the settings of a training run: their defaults, names, valid ranges and JSON form.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "text/subwords.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace wordvec {

enum class UpdateMode {
  kWindow,  // negatives shared across a window, dense per-window updates (default, fast)
  kPair,    // word2vec's per-pair SGNS (reference)
};

// "window" or "pair", as --mode and the settings JSON spell them.
const char* update_mode_name(UpdateMode mode);
UpdateMode parse_update_mode(const std::string& name);  // throws Error for any other name

enum class ModelType {
  kSkipGram,  // each context word predicts the centre (default)
  kCbow,      // the mean of the context words predicts the centre (word2vec -cbow 1)
};
enum class LossType {
  kNegativeSampling,      // the word against noise words (default)
  kHierarchicalSoftmax,   // the word's path in a Huffman tree (word2vec -hs 1 -negative 0)
};
// "skipgram"/"cbow" and "ns"/"hs", as --model, --loss and the settings JSON spell them.
const char* model_type_name(ModelType model);
ModelType parse_model_type(const std::string& name);  // throws Error for any other name
const char* loss_type_name(LossType loss);
LossType parse_loss_type(const std::string& name);  // throws Error for any other name

// word2vec's starting learning rates: CBOW sums a window into one
// prediction per centre and takes a larger step.
inline constexpr double kSkipGramDefaultLr = 0.025, kCbowDefaultLr = 0.05;
// The longest n-gram --maxn allows (see validate_subwords in train_options.cpp).
inline constexpr int kMaxSubwordChars = 32;

struct TrainOptions {
  std::size_t dim = 100;
  int window = 5;
  int negative = 5;
  double sample = 1e-4;
  double lr = kSkipGramDefaultLr;  // kCbowDefaultLr when wv-train picks CBOW and --lr is not given
  double min_lr_ratio = 1e-4;  // lr decays linearly to lr * min_lr_ratio
  int epochs = 5;
  int threads = 1;
  std::uint64_t seed = 1;
  std::size_t max_sentence_words = 1000;
  UpdateMode mode = UpdateMode::kWindow;  // skip-gram's; CBOW has one scheme
  ModelType model = ModelType::kSkipGram;
  LossType loss = LossType::kNegativeSampling;  // with hierarchical softmax, `negative` is unused
  // fastText's character n-grams (--minn, --maxn, --bucket); all zero: none.
  SubwordOptions subwords;
  TokenizerOptions tokenizer;
  // How the vocabulary was counted. The trainer is given the vocabulary and
  // does not read these, but they are settings of the run like the others:
  // stored with the model and checked with the rest.
  VocabularyOptions vocab;
};

// Throws Error naming the first setting out of its range, by its wv-train
// flag ("--window must be between 1 and 32, got 40"). Flags, checkpoints and
// the trainer all check through this one function.
void validate(const TrainOptions& options);

// The settings as a model's settings JSON stores them, and back. Reading
// throws Error if a setting is missing; it does not validate. The subword
// settings ("minn", "maxn", "bucket") are stored only when subwords are on,
// so a model without them is byte for byte what it was before they existed,
// and a model lacking them reads as having none.
nlohmann::json settings_to_json(const TrainOptions& options);
TrainOptions settings_from_json(const nlohmann::json& j);

}  // namespace wordvec

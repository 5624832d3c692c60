#include "train/train_options.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include <fmt/format.h>

#include "base/error.h"
#include "base/text.h"
#include "train/update_kernels.h"

namespace wordvec {

const char* update_mode_name(UpdateMode mode) { return mode == UpdateMode::kPair ? "pair" : "window"; }

UpdateMode parse_update_mode(const std::string& name) {
  for (UpdateMode mode : {UpdateMode::kWindow, UpdateMode::kPair})
    if (name == update_mode_name(mode)) return mode;
  throw Error(fmt::format("--mode must be 'window' or 'pair', got '{}'", name));
}

const char* model_type_name(ModelType model) { return model == ModelType::kCbow ? "cbow" : "skipgram"; }

ModelType parse_model_type(const std::string& name) {
  for (ModelType model : {ModelType::kSkipGram, ModelType::kCbow})
    if (name == model_type_name(model)) return model;
  throw Error(fmt::format("--model must be 'skipgram' or 'cbow', got '{}'", name));
}

const char* loss_type_name(LossType loss) { return loss == LossType::kHierarchicalSoftmax ? "hs" : "ns"; }

LossType parse_loss_type(const std::string& name) {
  for (LossType loss : {LossType::kNegativeSampling, LossType::kHierarchicalSoftmax})
    if (name == loss_type_name(loss)) return loss;
  throw Error(fmt::format("--loss must be 'ns' (negative sampling) or 'hs' (hierarchical softmax), got '{}'", name));
}

namespace {
// Integers print with thousands separators, so a bound reads as a number.
template <class T>
std::string readable(T value) {
  if constexpr (std::is_integral_v<T>)
    return value < 0 ? "-" + with_thousands(static_cast<std::uint64_t>(-value)) : with_thousands(static_cast<std::uint64_t>(value));
  else
    return fmt::format("{}", value);
}

// Written so that a NaN is out of every range.
template <class T>
void check_range(const char* name, T value, T low, T high) {
  if (!(value >= low && value <= high))
    throw Error(fmt::format("{} must be between {} and {}, got {}", name, readable(low), readable(high), readable(value)));
}
// Off is all zero (what a model without the settings reads as). On, a word's
// n-gram rows number about its length x (maxn - minn + 1), each gathered and
// scattered once per occurrence: fastText's 3..6 keeps that near 15 rows;
// n-grams longer than 32 characters are whole words in practice and would
// only multiply the cost. Bucket ids are int32 in fastText's files.
void validate_subwords(const SubwordOptions& s) {
  if (s.minn == 0 && s.maxn == 0 && s.bucket == 0) return;
  check_range("--maxn", s.maxn, 1, kMaxSubwordChars);
  check_range("--minn", s.minn, 1, kMaxSubwordChars);
  if (s.minn > s.maxn) throw Error(fmt::format("--minn ({}) must not be greater than --maxn ({})", s.minn, s.maxn));
  check_range("--bucket", s.bucket, std::uint32_t{1}, std::uint32_t{0x7FFFFFFF});
}
}  // namespace

void validate(const TrainOptions& o) {
  check_range("--dim", o.dim, std::size_t{1}, std::size_t{4096});
  // The update kernels hold a window's rows and a word's targets in fixed arrays.
  check_range("--window", o.window, 1, kMaxWindowRows / 2);
  check_range("--negative", o.negative, 1, kMaxTargetRows - 1);
  check_range("--sample", o.sample, 0.0, 1.0);
  if (!(o.lr > 0 && std::isfinite(o.lr))) throw Error(fmt::format("--lr must be a number greater than 0, got {}", o.lr));
  check_range("min_lr_ratio", o.min_lr_ratio, 0.0, 1.0);
  check_range("--epochs", o.epochs, 1, 1000);
  check_range("--threads", o.threads, 1, 1024);
  check_range("--max-sentence-words", o.max_sentence_words, std::size_t{1}, std::size_t{1} << 24);
  check_range("--max-token-bytes", o.tokenizer.max_token_bytes, std::size_t{1}, std::size_t{1} << 20);
  check_range("--min-count", o.vocab.min_count, std::uint64_t{1}, std::uint64_t{1} << 62);
  check_range("--prune-threshold", o.vocab.prune_threshold, std::size_t{1000}, std::size_t{1} << 40);
  validate_subwords(o.subwords);
}

nlohmann::json settings_to_json(const TrainOptions& o) {
  nlohmann::json j = {{"dim", o.dim},
          {"window", o.window},
          {"negative", o.negative},
          {"sample", o.sample},
          {"min_count", o.vocab.min_count},
          {"max_vocab", o.vocab.max_size},
          {"epochs", o.epochs},
          {"lr", o.lr},
          {"min_lr_ratio", o.min_lr_ratio},
          {"threads", o.threads},
          {"seed", o.seed},
          {"mode", update_mode_name(o.mode)},
          {"model", model_type_name(o.model)},
          {"loss", loss_type_name(o.loss)},
          {"lowercase", o.tokenizer.lowercase},
          {"max_token_bytes", o.tokenizer.max_token_bytes},
          {"max_sentence_words", o.max_sentence_words},
          {"prune_threshold", o.vocab.prune_threshold}};
  if (o.subwords.enabled()) j.update({{"minn", o.subwords.minn}, {"maxn", o.subwords.maxn}, {"bucket", o.subwords.bucket}});
  return j;
}

TrainOptions settings_from_json(const nlohmann::json& j) {
  try {
    TrainOptions o;
    o.dim = j.at("dim").get<std::size_t>();
    o.window = j.at("window").get<int>();
    o.negative = j.at("negative").get<int>();
    o.sample = j.at("sample").get<double>();
    o.vocab.min_count = j.at("min_count").get<std::uint64_t>();
    o.vocab.max_size = j.at("max_vocab").get<std::size_t>();
    o.epochs = j.at("epochs").get<int>();
    o.lr = j.at("lr").get<double>();
    o.min_lr_ratio = j.at("min_lr_ratio").get<double>();
    o.threads = j.at("threads").get<int>();
    o.seed = j.at("seed").get<std::uint64_t>();
    o.mode = parse_update_mode(j.at("mode").get<std::string>());
    o.tokenizer.lowercase = j.at("lowercase").get<bool>();
    o.tokenizer.max_token_bytes = j.at("max_token_bytes").get<std::size_t>();
    o.max_sentence_words = j.at("max_sentence_words").get<std::size_t>();
    // Absent from models written before it was stored: they were counted with the default.
    if (j.contains("prune_threshold")) o.vocab.prune_threshold = j.at("prune_threshold").get<std::size_t>();
    // Absent from models written before CBOW and hierarchical softmax: skip-gram with negative sampling.
    if (j.contains("model")) o.model = parse_model_type(j.at("model").get<std::string>());
    if (j.contains("loss")) o.loss = parse_loss_type(j.at("loss").get<std::string>());
    // Absent from models without subwords, which read as all zero.
    if (j.contains("maxn")) {
      const auto bucket = j.at("bucket").get<std::uint64_t>();  // wider, so validate sees a huge count as such
      o.subwords = {j.at("minn").get<int>(), j.at("maxn").get<int>(),
                    static_cast<std::uint32_t>(std::min<std::uint64_t>(bucket, 0xFFFFFFFF))};
    }
    return o;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("training settings are incomplete: ") + e.what());
  }
}

}  // namespace wordvec

#include "train/continued_training.h"

#include <cstring>
#include <fstream>
#include <utility>

#include <fmt/format.h>

#include "base/error.h"
#include "train/model_writer.h"

namespace wordvec {

namespace {

// Whether the file starts as something other than a wordvec model; a file
// too short to tell is left to ModelFile's checks.
bool other_format(const std::string& path) {
  char magic[sizeof kModelMagic] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(magic, sizeof magic) && std::memcmp(magic, kModelMagic, sizeof magic) != 0;
}

// With hierarchical softmax the context rows are the Huffman tree's inner
// nodes, not words, and the tree is rebuilt over the merged counts (a new
// word changes the codes of old ones): only input rows carry over, and the
// inner nodes start afresh, as in a new model. The same holds when the run
// changes the loss (--loss): rows of one loss mean nothing to the other.
bool context_rows_carry(const InitModel& model, const TrainOptions& run) {
  return model.train.loss != LossType::kHierarchicalSoftmax && run.loss != LossType::kHierarchicalSoftmax;
}

void check_averageable(const InitModel& model, const TrainOptions& run, double weight) {
  if (weight > 0 && !context_rows_carry(model, run))
    throw Error("--init-weight must be 0 with hierarchical softmax: the tree's inner nodes start afresh, so the "
                "trained rows leave the model's space and cannot be averaged with it");
}

}  // namespace

InitModel load_init_model(const std::string& path) {
  if (other_format(path))
    throw Error(fmt::format("--init '{}' is not a wordvec model: a word2vec file has no counts and no context vectors; "
                            "--init needs a wordvec .wv model saved with context vectors",
                            path));
  InitModel m{path, ModelFile::open(path), TrainOptions{}, Vocabulary{}};
  if (!m.file.context_vectors())
    throw Error(fmt::format("--init '{}' was saved without context vectors (--no-context), so its training cannot be "
                            "continued; train it again without --no-context",
                            path));
  const nlohmann::json& settings = m.file.settings();
  if (settings.contains("checkpoint"))
    throw Error(fmt::format("--init '{}' is a checkpoint: finish its run with --resume first", path));
  try {
    m.train = settings_from_json(settings);
    validate(m.train);
  } catch (const Error& e) {
    throw Error(fmt::format("--init '{}' cannot be continued: {}", path, e.what()));
  }
  if (m.train.subwords.enabled())  // checks the n-gram rows are there, and their size
    m.file.matrix_section(kBucketSection, m.train.subwords.bucket, m.train.dim);
  if (m.train.dim != m.file.dim())
    throw Error(fmt::format("--init '{}' is inconsistent: its settings say dim {}, its vectors have {}", path,
                            m.train.dim, m.file.dim()));
  for (std::size_t i = 0; i < m.file.vocab_size(); ++i) {
    const auto id = static_cast<WordId>(i);
    m.vocab.add(m.file.word(id), m.file.count(id));
  }
  if (m.vocab.size() != m.file.vocab_size())
    throw Error(fmt::format("--init '{}' is inconsistent: a word appears twice", path));
  return m;
}

TrainOptions continued_options(const InitModel& model, const TrainOptions& flags,
                               const std::vector<std::string>& given_flags) {
  nlohmann::json settings = settings_to_json(model.train);
  const nlohmann::json from_flags = settings_to_json(flags);
  for (const std::string& flag : given_flags) {
    const std::size_t name = flag.find_first_not_of('-');
    if (name == std::string::npos) continue;
    std::string key = flag.substr(name);
    for (char& c : key)
      if (c == '-') c = '_';
    if (!from_flags.contains(key)) continue;  // not a training setting (--output, --quiet)
    if (key == "dim" && from_flags[key] != settings[key])
      throw Error(fmt::format("--dim {} does not match the dimension of --init '{}', {}: a continued model keeps its "
                              "dimension",
                              flags.dim, model.path, model.train.dim));
    if (key == "minn" || key == "maxn" || key == "bucket")
      throw Error(fmt::format("--{} cannot be used with --init: a continued model keeps its n-gram settings (its "
                              "n-gram rows were hashed with them)",
                              key));
    if (key == "max_vocab")
      throw Error("--max-vocab cannot be used with --init: every word of the model is kept");
    settings[key] = from_flags[key];
  }
  settings["threads"] = flags.threads;  // this machine's, not the model's
  settings["max_vocab"] = 0;
  return settings_from_json(settings);
}

void carry_over(const InitModel& model, const Vocabulary& vocab, std::uint64_t text_words, Trainer& trainer) {
  const std::size_t dim = model.file.dim();
  for (std::size_t old = 0; old < model.vocab.size(); ++old) {
    const std::string& word = model.vocab.word(static_cast<WordId>(old));
    const WordId id = vocab.find(word);
    if (id == kNoWord) throw Error(fmt::format("the vocabulary lacks the word '{}' of --init '{}'", word, model.path));
    const bool word_context = context_rows_carry(model, trainer.options());
    trainer.set_rows(id, model.file.input_vectors() + old * dim,
                     word_context ? model.file.context_vectors() + old * dim : nullptr);
  }
  // The n-gram rows carry over whole: the bucket of an n-gram does not depend
  // on the vocabulary, so a new word starts from what its n-grams learnt.
  if (model.train.subwords.enabled())
    trainer.restore_buckets(model.file.matrix_section(kBucketSection, model.train.subwords.bucket, dim));
  trainer.set_schedule_words(text_words);
}

double model_weight(const InitModel& model, std::uint64_t text_words, const TrainOptions& run,
                    std::optional<double> given) {
  if (given) {
    check_averageable(model, run, *given);
    return *given;
  }
  if (!context_rows_carry(model, run)) return 0;
  const auto model_words = static_cast<double>(model.vocab.total_count());
  return model_words / (model_words + static_cast<double>(text_words));
}

void average_with_model(const InitModel& model, const Vocabulary& vocab, double weight, Trainer& trainer) {
  check_averageable(model, trainer.options(), weight);
  if (weight == 0) return;
  const std::size_t dim = model.file.dim();
  const auto w = static_cast<float>(weight);
  std::vector<float> input(dim), context(dim);
  for (std::size_t old = 0; old < model.vocab.size(); ++old) {
    const WordId id = vocab.find(model.vocab.word(static_cast<WordId>(old)));
    const float* model_input = model.file.input_vectors() + old * dim;
    const float* model_context = model.file.context_vectors() + old * dim;
    for (std::size_t d = 0; d < dim; ++d) {
      input[d] = w * model_input[d] + (1 - w) * trainer.input().row(id)[d];
      context[d] = w * model_context[d] + (1 - w) * trainer.context().row(id)[d];
    }
    trainer.set_rows(id, input.data(), context.data());
  }
  if (model.train.subwords.enabled())
    trainer.average_buckets(model.file.matrix_section(kBucketSection, model.train.subwords.bucket, dim), w);
}

nlohmann::json average_settings(const InitModel& model, double weight) {
  return {{"init", model.path}, {"init_weight", weight}, {"init_checksum", model.file.checksum()}};
}

std::optional<InitModel> model_to_average(const nlohmann::json& checkpoint_settings, double& weight) {
  if (!checkpoint_settings.contains("init")) return std::nullopt;
  const nlohmann::json& s = checkpoint_settings;
  const nlohmann::json w = s.value("init_weight", nlohmann::json());
  if (!s["init"].is_string() || !w.is_number() || !(w >= 0.0 && w <= 1.0) ||
      !s.value("init_checksum", nlohmann::json()).is_number_unsigned())
    throw Error("the checkpoint is inconsistent: its continued run's init, init_weight (0 to 1) or init_checksum");
  if (w == 0.0) return std::nullopt;  // nothing to average with
  InitModel model = load_init_model(s["init"].get<std::string>());
  if (model.file.checksum() != s["init_checksum"].get<std::uint64_t>())
    throw Error(fmt::format("--init '{}' has changed since the checkpoint's run began from it: the run cannot end "
                            "averaged with it",
                            model.path));
  weight = w.get<double>();
  return model;
}

}  // namespace wordvec

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

void carry_over(const InitModel& model, const Vocabulary& vocab, const Spool& spool, Trainer& trainer) {
  const std::size_t dim = model.file.dim();
  for (std::size_t old = 0; old < model.vocab.size(); ++old) {
    const std::string& word = model.vocab.word(static_cast<WordId>(old));
    const WordId id = vocab.find(word);
    if (id == kNoWord) throw Error(fmt::format("the vocabulary lacks the word '{}' of --init '{}'", word, model.path));
    // With hierarchical softmax the context rows are the Huffman tree's inner
    // nodes, not words, and the tree is rebuilt over the merged counts (a new
    // word changes the codes of old ones): only input rows carry over, and the
    // inner nodes start afresh, as in a new model.
    // The same holds when the run changes the loss (--loss): rows of one
    // loss mean nothing to the other.
    const bool word_context = model.train.loss != LossType::kHierarchicalSoftmax &&
                              trainer.options().loss != LossType::kHierarchicalSoftmax;
    trainer.set_rows(id, model.file.input_vectors() + old * dim,
                     word_context ? model.file.context_vectors() + old * dim : nullptr);
  }
  // The n-gram rows carry over whole: the bucket of an n-gram does not depend
  // on the vocabulary, so a new word starts from what its n-grams learnt.
  if (model.train.subwords.enabled())
    trainer.restore_buckets(model.file.matrix_section(kBucketSection, model.train.subwords.bucket, dim));
  trainer.set_schedule_words(spool.size());
}

}  // namespace wordvec

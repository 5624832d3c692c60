#include "train/checkpoint.h"

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

nlohmann::json settings_to_json(const TrainOptions& t, const VocabularyOptions& v) {
  return {{"dim", t.dim},
          {"window", t.window},
          {"negative", t.negative},
          {"sample", t.sample},
          {"min_count", v.min_count},
          {"max_vocab", v.max_size},
          {"epochs", t.epochs},
          {"lr", t.lr},
          {"min_lr_ratio", t.min_lr_ratio},
          {"threads", t.threads},
          {"seed", t.seed},
          {"mode", t.mode == UpdateMode::kPair ? "pair" : "window"},
          {"lowercase", t.tokenizer.lowercase},
          {"max_token_bytes", t.tokenizer.max_token_bytes},
          {"max_sentence_words", t.max_sentence_words}};
}

void settings_from_json(const nlohmann::json& j, TrainOptions& t, VocabularyOptions& v) {
  try {
    t.dim = j.at("dim").get<std::size_t>();
    t.window = j.at("window").get<int>();
    t.negative = j.at("negative").get<int>();
    t.sample = j.at("sample").get<double>();
    v.min_count = j.at("min_count").get<std::uint64_t>();
    v.max_size = j.at("max_vocab").get<std::size_t>();
    t.epochs = j.at("epochs").get<int>();
    t.lr = j.at("lr").get<double>();
    t.min_lr_ratio = j.at("min_lr_ratio").get<double>();
    t.threads = j.at("threads").get<int>();
    t.seed = j.at("seed").get<std::uint64_t>();
    t.mode = j.at("mode").get<std::string>() == "pair" ? UpdateMode::kPair : UpdateMode::kWindow;
    t.tokenizer.lowercase = j.at("lowercase").get<bool>();
    t.tokenizer.max_token_bytes = j.at("max_token_bytes").get<std::size_t>();
    t.max_sentence_words = j.at("max_sentence_words").get<std::size_t>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("training settings are incomplete: ") + e.what());
  }
}

void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer,
                     const VocabularyOptions& vocab_options) {
  ModelContents contents;
  contents.words = &vocab.words();
  contents.counts = &vocab.counts();
  contents.input = trainer.input().view();
  contents.context = trainer.context().view();
  contents.settings = settings_to_json(trainer.options(), vocab_options);
  contents.settings["checkpoint"] = to_json(trainer.state());
  write_model(path, contents);
}

Checkpoint load_checkpoint(const std::string& path) {
  ModelFile file = ModelFile::open(path);
  if (!file.settings().contains("checkpoint") || !file.context_vectors())
    throw Error(fmt::format("'{}' is a model, not a checkpoint (write one with --checkpoint)", path));
  Checkpoint c{Vocabulary{}, TrainOptions{}, VocabularyOptions{}, TrainState{}, std::move(file)};
  settings_from_json(c.file.settings(), c.train, c.vocab_options);
  c.state = train_state_from_json(c.file.settings()["checkpoint"]);
  // The state drives thread count and file offsets: check it describes
  // ranges that tile a file, as the trainer wrote it.
  std::uint64_t begin = 0;
  for (const auto& w : c.state.workers) {
    if (c.state.workers.size() > 1024 || w.end < begin || w.offset < begin || w.offset > w.end || w.epoch < 0 ||
        w.epoch > c.train.epochs)
      throw Error(fmt::format("checkpoint '{}' is inconsistent: training state", path));
    begin = w.end;
  }
  if (c.train.dim != c.file.dim()) throw Error(fmt::format("checkpoint '{}' is inconsistent: dim", path));
  for (std::size_t i = 0; i < c.file.vocab_size(); ++i) c.vocab.add(c.file.word(i), c.file.count(i));
  if (c.vocab.size() != c.file.vocab_size())
    throw Error(fmt::format("checkpoint '{}' is inconsistent: repeated words", path));
  return c;
}

}  // namespace wordvec

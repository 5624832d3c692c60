#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "model/model_file.h"
#include "train/trainer.h"
#include "text/vocabulary.h"

namespace wordvec {

// Training settings as stored in a model's settings JSON, and back.
nlohmann::json settings_to_json(const TrainOptions& train, const VocabularyOptions& vocab);
void settings_from_json(const nlohmann::json& j, TrainOptions& train, VocabularyOptions& vocab);

// A checkpoint is a model file that also holds the context vectors and, under
// "checkpoint" in its settings, the TrainState to resume from.
void save_checkpoint(const std::string& path, const Vocabulary& vocab, const Trainer& trainer,
                     const VocabularyOptions& vocab_options);

struct Checkpoint {
  Vocabulary vocab;
  TrainOptions train;
  VocabularyOptions vocab_options;
  TrainState state;
  ModelFile file;  // holds the weights that Trainer::restore copies
};
Checkpoint load_checkpoint(const std::string& path);

}  // namespace wordvec

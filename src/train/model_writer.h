#pragma once
// Owns: assembling a model file from a vocabulary and a trainer: final models and checkpoints alike.
#include <string>

#include <nlohmann/json.hpp>

#include "text/vocabulary.h"
#include "train/trainer.h"

namespace wordvec {

// Writes the vocabulary, the trainer's input vectors (and its context
// vectors if `with_context`, with hierarchical softmax's Huffman tree) and
// its settings, with `extra_settings` added to them (what the run learnt
// about itself, or a checkpoint's state).
void save_model(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool with_context,
                const nlohmann::json& extra_settings);

}  // namespace wordvec

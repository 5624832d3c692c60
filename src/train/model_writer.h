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
// about itself, or a checkpoint's state). With subwords the model also holds
// the n-gram rows as the section kBucketSection, and the settings "minn",
// "maxn" and "bucket".
void save_model(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool with_context,
                const nlohmann::json& extra_settings);

// The name of a subword model's section of n-gram rows (bucket x dim floats).
inline constexpr char kBucketSection[] = "buckets";

// Writes the word vectors in word2vec's binary or text format: each word's
// input row or, with subwords, its composed vector (own row and n-gram rows
// averaged, as fastText's .vec holds).
void export_vectors(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool binary);

}  // namespace wordvec

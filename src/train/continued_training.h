#pragma once
// Owns: continued training (wv-train --init): the model a run starts from, the settings it takes from it, carrying its state over to a trainer, and averaging the result with it.
#include <optional>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "text/vocabulary.h"
#include "train/train_options.h"
#include "train/trainer.h"

namespace wordvec {

// A wordvec model to continue: its file (holding the weights), the settings
// it was trained with and its vocabulary, by its ids.
struct InitModel {
  std::string path;
  ModelFile file;
  TrainOptions train;
  Vocabulary vocab;
};

// Throws Error (one line, naming the file) unless `path` is a wordvec model
// that can be continued: counts and context vectors present, its settings
// complete and consistent, not a checkpoint, and nothing in it that
// carry_over does not carry yet (a hierarchical-softmax tree, subword rows).
InitModel load_init_model(const std::string& path);

// The settings of a run continuing `model`: the model's, except those whose
// flag is in `given_flags` (as "--min-count"; a flag --x-y sets the setting
// x_y), which come from `flags`, and the thread count, which is this run's.
// The dimension cannot change, --max-vocab does not apply (every word of the
// model is kept), and min_count then applies only to words new to the model.
TrainOptions continued_options(const InitModel& model, const TrainOptions& flags,
                               const std::vector<std::string>& given_flags);

// Before trainer.train(spool): every word of the model starts from its input
// and context rows (found by word: `vocab`, the trainer's, re-sorts the
// merged counts), words new to the model keep word2vec's initialisation, and
// the learning rate runs a fresh schedule over the new text's words
// (`text_words`: the spool's, or under mpirun every process's). Whatever
// else a model comes to hold (a Huffman tree, subword rows) is carried here.
void carry_over(const InitModel& model, const Vocabulary& vocab, std::uint64_t text_words, Trainer& trainer);

// The weight of the model in the average that ends a continued run:
// `given` (--init-weight), else its share of the words, its counts' sum
// against the new text's `text_words` (as carry_over), as federated averaging weighs
// each client's model by its examples; by default 0 (no average) with
// hierarchical softmax in the model or the run, whose output rows do not
// carry over (see carry_over), where a weight above 0 throws Error.
double model_weight(const InitModel& model, std::uint64_t text_words, const TrainOptions& run,
                    std::optional<double> given);

// After trainer.train(spool), federated averaging (FedAvg, McMahan et al.
// 2017) of the model and its continuation, which started from it and so lie
// in one space: every row that carried over (the model's words' input and
// context rows, the n-gram rows) becomes weight * its row in the model +
// (1 - weight) * its trained row; words new to the model keep their trained
// rows. Throws Error for a weight above 0 with hierarchical softmax.
void average_with_model(const InitModel& model, const Vocabulary& vocab, double weight, Trainer& trainer);

// What a continued model's settings, and a checkpoint's of a continued run,
// say of the average: {"init": the model's path, "init_weight": weight,
// "init_checksum": the model file's}.
nlohmann::json average_settings(const InitModel& model, double weight);
// For --resume: the model a checkpoint's run is to end averaged with, loaded
// again, and its weight in `weight`; nullopt if the run was not continued
// or its weight is 0.
// Throws Error if the model is gone or has changed since the run began.
std::optional<InitModel> model_to_average(const nlohmann::json& checkpoint_settings, double& weight);

}  // namespace wordvec

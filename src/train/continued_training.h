#pragma once
// Owns: continued training (wv-train --init): the model a run starts from, the settings it takes from it, and carrying its state over to a trainer.
#include <string>
#include <vector>

#include "model/model_file.h"
#include "text/spool.h"
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
// the learning rate runs a fresh schedule over the spool's words. Whatever
// else a model comes to hold (a Huffman tree, subword rows) is carried here.
void carry_over(const InitModel& model, const Vocabulary& vocab, const Spool& spool, Trainer& trainer);

}  // namespace wordvec

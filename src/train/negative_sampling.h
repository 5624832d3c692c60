#pragma once
// Owns: the negative-sampling loss: which target rows, with which labels, a target word is predicted against.
#include "base/matrix.h"
#include "base/random.h"
#include "base/word_id.h"
#include "train/sampler.h"
#include "train/update_kernels.h"

namespace wordvec {

// Negative sampling: the target word's own row with label 1, then `negative`
// rows of noise words drawn from the NoiseSampler with label 0. Hierarchical
// softmax would give the inner nodes of the word's Huffman path instead,
// labelled by its code.
class NegativeSampling {
 public:
  NegativeSampling(Matrix& context, const NoiseSampler& noise, int negative)
      : context_(&context), noise_(&noise), negative_(negative) {}

  void targets(WordId word, Rng& rng, Targets& out) const {
    out.rows[0] = context_->row(word);
    out.labels[0] = 1.0f;
    for (int k = 1; k <= negative_; ++k) {
      WordId id;
      do id = noise_->sample(rng);
      while (id == word && noise_->probability(id) < 0.5);  // guard against a one-word vocabulary
      out.rows[k] = context_->row(id);
      out.labels[k] = 0.0f;
    }
    out.count = negative_ + 1;
  }

 private:
  Matrix* context_;
  const NoiseSampler* noise_;
  int negative_;
};

}  // namespace wordvec

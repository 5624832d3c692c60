#pragma once
// Owns: one vocabulary for every process: the counts of each process's share gathered on rank 0, merged and finalized there, and the result sent to all.
#include <optional>
#include <string>
#include <string_view>

#include "cluster/cluster.h"
#include "text/vocabulary.h"

namespace wordvec {

// Called by every process with the counts of its share (unfinalized):
// returns the vocabulary of the whole corpus, finalized as one process
// would (finalize_counted: options' min_count and max_size, onto `base`
// when continuing a model, sorted by count then bytes), the same bytes on
// every process; nothing if any process asked to stop. A meeting point
// (Cluster::meet).
std::optional<Vocabulary> agree_vocabulary(Cluster& cluster, const Vocabulary& counted, const VocabularyOptions& options,
                                           bool stop, const Vocabulary* base = nullptr);

// A vocabulary's words and counts as bytes, in its order, and back
// (added to `into`, so that several are merged by summing counts).
std::string serialize_vocabulary(const Vocabulary& vocab);
void add_serialized_vocabulary(std::string_view bytes, Vocabulary& into);

}  // namespace wordvec

#pragma once
// Owns: where a training run stands (words done, each worker's epoch and range of the spool), its JSON and its checks.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "text/spool.h"

namespace wordvec {

// Where training stands: how many corpus words the schedule has consumed
// and, per worker, the epoch it is in and the spool position (in words) it
// has trained up to in its range; and which spool those positions index. A
// run stopped early can be resumed from it.
struct TrainState {
  struct Worker {
    int epoch = 0;
    std::uint64_t offset = 0, end = 0;  // next spool entry to read, end of the range
  };
  std::uint64_t words_done = 0;
  // Words an epoch that the learning-rate schedule runs over; 0: the
  // vocabulary's total count (continued training sets the new text's).
  std::uint64_t schedule_words = 0;
  std::vector<Worker> workers;
  SpoolIdentity spool;
};

nlohmann::json to_json(const TrainState& state);
TrainState train_state_from_json(const nlohmann::json& j);  // throws Error if malformed

// Whether a state read from a file can drive a run of `epochs` epochs: it
// sets the thread count and spool positions, so its ranges must tile its
// spool in order, as the trainer wrote them.
bool is_consistent(const TrainState& state, int epochs);

}  // namespace wordvec

#pragma once
// Owns: where a training run stands (words done, each worker's epoch and byte range), its JSON and its checks.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace wordvec {

// Where training stands: how many corpus words the schedule has consumed
// and, per worker, the epoch it is in and the byte offset it has trained up
// to in its range. A run stopped early can be resumed from it.
struct TrainState {
  struct Worker {
    int epoch = 0;
    std::uint64_t offset = 0, end = 0;  // next byte to read, end of the range
  };
  std::uint64_t words_done = 0;
  std::vector<Worker> workers;
};

nlohmann::json to_json(const TrainState& state);
TrainState train_state_from_json(const nlohmann::json& j);  // throws Error if malformed

// Whether a state read from a file can drive a run of `epochs` epochs: it
// sets the thread count and file offsets, so its ranges must tile a file in
// order, as the trainer wrote them.
bool is_consistent(const TrainState& state, int epochs);

}  // namespace wordvec

#include "train/train_state.h"

#include <string>

#include "base/error.h"

namespace wordvec {

nlohmann::json to_json(const TrainState& state) {
  nlohmann::json workers = nlohmann::json::array();
  for (const auto& w : state.workers) workers.push_back({{"epoch", w.epoch}, {"offset", w.offset}, {"end", w.end}});
  return {{"words_done", state.words_done}, {"workers", workers}};
}

TrainState train_state_from_json(const nlohmann::json& j) {
  try {
    TrainState state;
    state.words_done = j.at("words_done").get<std::uint64_t>();
    for (const auto& w : j.at("workers"))
      state.workers.push_back({w.at("epoch").get<int>(), w.at("offset").get<std::uint64_t>(), w.at("end").get<std::uint64_t>()});
    if (state.workers.empty()) throw Error("no workers");
    return state;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed training state: ") + e.what());
  }
}

bool is_consistent(const TrainState& state, int epochs) {
  std::uint64_t begin = 0;
  for (const auto& w : state.workers) {
    if (state.workers.size() > 1024 || w.end < begin || w.offset < begin || w.offset > w.end || w.epoch < 0 ||
        w.epoch > epochs)
      return false;
    begin = w.end;
  }
  return true;
}

}  // namespace wordvec

#include "train/train_state.h"

#include <string>

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

nlohmann::json to_json(const TrainState& state) {
  nlohmann::json workers = nlohmann::json::array();
  for (const auto& w : state.workers) workers.push_back({{"epoch", w.epoch}, {"offset", w.offset}, {"end", w.end}});
  return {{"words_done", state.words_done},
          {"schedule_words", state.schedule_words},
          {"workers", workers},
          {"spool",
           {{"entries", state.spool.entries},
            {"xxh3", fmt::format("{:016x}", state.spool.hash)},
            {"vocabulary", state.spool.vocabulary_given ? "given" : "counted"}}}};
}

TrainState train_state_from_json(const nlohmann::json& j) {
  try {
    TrainState state;
    state.words_done = j.at("words_done").get<std::uint64_t>();
    // Absent from checkpoints written before continued training: 0, as they ran.
    state.schedule_words = j.value("schedule_words", std::uint64_t{0});
    for (const auto& w : j.at("workers"))
      state.workers.push_back({w.at("epoch").get<int>(), w.at("offset").get<std::uint64_t>(), w.at("end").get<std::uint64_t>()});
    if (state.workers.empty()) throw Error("no workers");
    if (!j.contains("spool"))
      throw Error("the checkpoint was written by an older wv-train that indexed the corpus by bytes, not by its spool: "
                  "it cannot be resumed (train again)");
    const auto& spool = j.at("spool");
    state.spool.entries = spool.at("entries").get<std::uint64_t>();
    const std::string hash = spool.at("xxh3").get<std::string>();
    std::size_t used = 0;
    state.spool.hash = std::stoull(hash, &used, 16);
    if (used != hash.size() || hash.size() != 16) throw Error("malformed training state: spool checksum");
    const std::string vocabulary = spool.at("vocabulary").get<std::string>();
    if (vocabulary != "given" && vocabulary != "counted") throw Error("malformed training state: spool vocabulary");
    state.spool.vocabulary_given = vocabulary == "given";
    return state;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed training state: ") + e.what());
  } catch (const std::logic_error&) {  // std::stoull
    throw Error("malformed training state: spool checksum");
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
  return begin == state.spool.entries;
}

}  // namespace wordvec

#include "cluster/vocabulary_agreement.h"

#include <cstring>

namespace wordvec {

namespace {
template <typename T>
void append_raw(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
template <typename T>
T read_raw(std::string_view bytes, std::size_t& at) {
  if (bytes.size() - at < sizeof(T)) throw Error("a vocabulary sent between processes is truncated");
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  at += sizeof value;
  return value;
}
}  // namespace

// Per word: its length (uint32), its bytes, its count (uint64).
std::string serialize_vocabulary(const Vocabulary& vocab) {
  std::string out;
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    const std::string& word = vocab.word(static_cast<WordId>(i));
    append_raw(out, static_cast<std::uint32_t>(word.size()));
    out += word;
    append_raw(out, vocab.count(static_cast<WordId>(i)));
  }
  return out;
}

void add_serialized_vocabulary(std::string_view bytes, Vocabulary& into) {
  for (std::size_t at = 0; at < bytes.size();) {
    const auto length = read_raw<std::uint32_t>(bytes, at);
    if (bytes.size() - at < length) throw Error("a vocabulary sent between processes is truncated");
    const std::string_view word = bytes.substr(at, length);
    at += length;
    into.add(word, read_raw<std::uint64_t>(bytes, at));
  }
}

std::optional<Vocabulary> agree_vocabulary(Cluster& cluster, const Vocabulary& counted, const VocabularyOptions& options,
                                           bool stop, const Vocabulary* base) {
  if (cluster.meet(stop)) return std::nullopt;
  // Rank 0 merges one process's table at a time, so it never holds more
  // than the merged table and one process's bytes.
  Vocabulary merged;
  cluster.gather(serialize_vocabulary(counted), [&](std::string_view bytes) { add_serialized_vocabulary(bytes, merged); });
  if (cluster.rank() == 0) finalize_counted(merged, options, base);
  Vocabulary agreed;
  add_serialized_vocabulary(cluster.broadcast(cluster.rank() == 0 ? serialize_vocabulary(merged) : std::string()), agreed);
  return agreed;
}

}  // namespace wordvec

#include "text/pair_table.h"

namespace wordvec {

void PairTable::rehash(std::size_t capacity) {
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  for (const Slot& s : old)
    if (s.key != kEmpty) slots_[probe(s.key, hash(s.key))] = s;
}

void PairTable::remove_at_most(std::uint64_t most) {
  std::size_t kept = 0;
  for (Slot& s : slots_) {
    if (s.key == kEmpty) continue;
    if (s.value <= most) s = Slot{};
    else ++kept;
  }
  size_ = kept;
  rehash(slots_.size());  // holes break probe chains, so the survivors are placed again
}

}  // namespace wordvec

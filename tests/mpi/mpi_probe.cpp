// Run by tests/test_mpi.cpp under mpirun: the parts of src/cluster that need
// several processes, each process writing what it ends with to OUT.<rank>.
//   mpi_probe merge OUT          rows changed differently on each rank, merged
//   mpi_probe vocab IN OUT MIN   rank r counts IN.<r>; the agreed vocabulary
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "base/text.h"
#include "cluster/cluster.h"
#include "cluster/model_sync.h"
#include "cluster/vocabulary_agreement.h"

namespace {

// Three rows of 5 floats, all 1 in common; rank r adds (r + 1) / 4 to every
// row, then the first two rows are merged: they must hold
// 1 + sum over ranks of (r + 1) / 4 everywhere; the third keeps this rank's own.
void merge(wordvec::Cluster& cluster, const std::string& out) {
  wordvec::Matrix m(3, 5);
  for (std::size_t r = 0; r < m.rows(); ++r) std::fill(m.row(r), m.row(r) + m.stride(), 1.0f);
  wordvec::MergedRows rows{&m, wordvec::MergedRows::Kind::kInput, {}, {}};
  rows.copy_common();
  const float change = static_cast<float>(cluster.rank() + 1) / 4.0f;
  for (std::size_t r = 0; r < m.rows(); ++r)
    for (std::size_t d = 0; d < m.dim(); ++d) m.row(r)[d] += change;
  wordvec::ModelSync(cluster, 1000).merge_rows(rows, 2);
  std::FILE* f = std::fopen(out.c_str(), "w");
  for (std::size_t r = 0; r < m.rows(); ++r)
    for (std::size_t d = 0; d < m.dim(); ++d) std::fprintf(f, "%a%c", m.row(r)[d], d + 1 == m.dim() ? '\n' : ' ');
  std::fclose(f);
}

void vocab(wordvec::Cluster& cluster, const std::string& in, const std::string& out, std::uint64_t min_count) {
  std::ifstream file(fmt::format("{}.{}", in, cluster.rank()), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  wordvec::VocabularyOptions options;
  options.min_count = min_count;
  wordvec::VocabularyCounter counter(options);
  for (std::string_view word : wordvec::split_words(text)) counter.add(word);
  wordvec::agree_vocabulary(cluster, counter.counted(), options, false)->save(out);
}

}  // namespace

int main(int argc, char** argv) {
  const std::unique_ptr<wordvec::Cluster> cluster = wordvec::join_mpi_cluster();
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "merge" && argc == 3) {
    merge(*cluster, fmt::format("{}.{}", argv[2], cluster->rank()));
  } else if (command == "vocab" && argc == 5) {
    vocab(*cluster, argv[2], fmt::format("{}.{}", argv[3], cluster->rank()), std::stoull(argv[4]));
  } else {
    std::fprintf(stderr, "usage: mpi_probe merge OUT | vocab IN OUT MIN_COUNT\n");
    return 2;
  }
  return 0;
}

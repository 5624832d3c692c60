#include "corpus_reading.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "base/temp_file.h"

namespace wordvec {

SpoolPlace spool_place(const std::string& tmp_dir_flag) {
  if (!tmp_dir_flag.empty()) return {tmp_dir_flag, fmt::format("--tmp-dir '{}'", tmp_dir_flag)};
  const std::string dir = default_temp_dir();
  return {dir, fmt::format("the temporary directory '{}' (from $TMPDIR, or /tmp; choose one with --tmp-dir)", dir)};
}

int decoder_threads() { return std::max(1, std::min(4, static_cast<int>(std::thread::hardware_concurrency()) - 1)); }

}  // namespace wordvec

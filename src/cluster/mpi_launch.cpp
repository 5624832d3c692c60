#include <cstdlib>

#include "cluster/cluster.h"

namespace wordvec {

namespace {
std::optional<int> env_int(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  if (*end != '\0' || n < 0 || n > (1 << 30)) return std::nullopt;
  return static_cast<int>(n);
}
}  // namespace

std::optional<MpiLaunch> mpi_launch() {
  for (const char* prefix : {"OMPI_COMM_WORLD_", "PMI_"}) {
    const std::string p = prefix;
    const std::optional<int> size = env_int((p + "SIZE").c_str()), rank = env_int((p + "RANK").c_str());
    if (!size || !rank) continue;
    const std::optional<int> local = env_int((p + "LOCAL_SIZE").c_str());
    return MpiLaunch{*rank, *size, local && *local > 0 ? *local : 1};
  }
  return std::nullopt;
}

}  // namespace wordvec

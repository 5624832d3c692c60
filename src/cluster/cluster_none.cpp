// Built when CMake finds no MPI: wv-train started by mpirun says so.
#include "cluster/cluster.h"

namespace wordvec {

std::unique_ptr<Cluster> join_mpi_cluster() {
  throw Error("this wv-train was built without MPI, so it cannot train across the processes mpirun started: install "
              "libopenmpi-dev (scripts/setup.sh) and rebuild");
}

}  // namespace wordvec

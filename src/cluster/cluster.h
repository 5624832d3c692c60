#pragma once
// Owns: the processes of an MPI job as wordvec sees them (rank, size) and the few collective operations the rest of src/cluster is built on; only cluster_mpi.cpp includes <mpi.h>.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace wordvec {

// Where mpirun placed this process, read from the environment it sets
// (Open MPI's OMPI_COMM_WORLD_*, else the PMI_* of MPICH and Slurm); nothing
// when the process was not started by mpirun. MPI itself is not touched.
struct MpiLaunch {
  int rank = 0, size = 1;
  int local_size = 1;  // processes on this machine
};
std::optional<MpiLaunch> mpi_launch();

// An error that every process has agreed on at a meeting point (see
// Cluster::meet): each throws it; rank 0 reports it, the others only exit.
class ClusterFailure : public Error {
 public:
  using Error::Error;
};

// The processes training together. Every point where they exchange data
// starts with meet(), so that a failure or a stop on one process ends all
// of them there instead of leaving the others waiting for it.
class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Waits (sleeping, not spinning) until every process has come here;
  // returns whether any of them asked to stop. Throws ClusterFailure if a
  // process called fail() instead.
  virtual bool meet(bool stop) = 0;
  // This process's part in the next meet() of the others: every process
  // then throws ClusterFailure with the message of the lowest failed rank,
  // prefixed "rank R: " for a rank other than 0.
  [[noreturn]] void fail(const std::string& message) {
    meet_failed(message);
    throw ClusterFailure(message);  // not reached: the meeting throws the agreed failure
  }

  // Element-wise sums across processes, in place.
  virtual void sum(std::uint64_t* values, std::size_t count) = 0;
  virtual void sum(float* values, std::size_t count) = 0;
  // Rank 0 receives every process's `bytes` (its own included), one at a
  // time in rank order, through `receive`; the others only send.
  virtual void gather(const std::string& bytes, const std::function<void(std::string_view)>& receive) = 0;
  // Rank 0's `bytes`, on every process.
  virtual std::string broadcast(std::string bytes) = 0;

 protected:
  // Takes part in the others' next meet() as failed with `message`.
  virtual void meet_failed(const std::string& message) = 0;
};

// Initialises MPI (MPI_Finalize runs when the result is destroyed). Throws
// Error if this build has no MPI.
std::unique_ptr<Cluster> join_mpi_cluster();

}  // namespace wordvec

// The Cluster of an MPI job (built when CMake finds MPI). Only the thread
// that initialised MPI calls it (MPI_THREAD_FUNNELED): training threads
// never do.
#include <mpi.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <thread>

#include "cluster/cluster.h"

namespace wordvec {

namespace {

// MPI counts are ints: larger buffers go in pieces of this many elements.
constexpr std::size_t kMaxPiece = std::size_t{1} << 30;

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCluster() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  bool meet(bool stop) override {
    // The lowest failed rank wins the MAX as size - rank; 0 means none failed.
    int local[2] = {failure_ ? size_ - rank_ : 0, stop ? 1 : 0};
    int global[2] = {0, 0};
    MPI_Request request;
    MPI_Iallreduce(local, global, 2, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    wait_sleeping(request);
    if (global[0] > 0) {
      const int failed = size_ - global[0];
      const std::string message = broadcast_from(failed, failure_ ? *failure_ : std::string());
      throw ClusterFailure(failed == 0 ? message : fmt::format("rank {}: {}", failed, message));
    }
    return global[1] != 0;
  }

  void meet_failed(const std::string& message) override {
    failure_ = message;
    meet(false);
  }

  void sum(std::uint64_t* values, std::size_t count) override { sum_in_place(values, count, MPI_UINT64_T); }
  void sum(float* values, std::size_t count) override { sum_in_place(values, count, MPI_FLOAT); }

  void gather(const std::string& bytes, const std::function<void(std::string_view)>& receive) override {
    if (rank_ != 0) {
      std::uint64_t size = bytes.size();
      MPI_Send(&size, 1, MPI_UINT64_T, 0, kTag, MPI_COMM_WORLD);
      for (std::size_t done = 0; done < bytes.size(); done += kMaxPiece)
        MPI_Send(bytes.data() + done, piece(bytes.size() - done), MPI_BYTE, 0, kTag, MPI_COMM_WORLD);
      return;
    }
    receive(bytes);
    std::string other;
    for (int from = 1; from < size_; ++from) {
      std::uint64_t size = 0;
      MPI_Recv(&size, 1, MPI_UINT64_T, from, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      other.resize(size);
      for (std::size_t done = 0; done < other.size(); done += kMaxPiece)
        MPI_Recv(other.data() + done, piece(other.size() - done), MPI_BYTE, from, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      receive(other);
    }
  }

  std::string broadcast(std::string bytes) override { return broadcast_from(0, std::move(bytes)); }

 private:
  static constexpr int kTag = 1;
  static int piece(std::size_t left) { return static_cast<int>(std::min(left, kMaxPiece)); }

  // A blocking MPI call spins a core in MPI's progress loop while it waits
  // for the other processes, taking it from this process's training
  // threads (with 2 processes on 2 busy cores, blocking sums made rounds
  // several times slower); this one polls and sleeps.
  static void wait_sleeping(MPI_Request& request, std::chrono::microseconds nap = std::chrono::microseconds(200)) {
    for (int done = 0;;) {
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return;
      std::this_thread::sleep_for(nap);
    }
  }

  template <typename T>
  static void sum_in_place(T* values, std::size_t count, MPI_Datatype type) {
    for (std::size_t done = 0; done < count; done += kMaxPiece) {
      MPI_Request request;
      MPI_Iallreduce(MPI_IN_PLACE, values + done, piece(count - done), type, MPI_SUM, MPI_COMM_WORLD, &request);
      wait_sleeping(request, std::chrono::microseconds(20));
    }
  }

  std::string broadcast_from(int root, std::string bytes) {
    std::uint64_t size = bytes.size();
    MPI_Bcast(&size, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
    bytes.resize(size);
    for (std::size_t done = 0; done < bytes.size(); done += kMaxPiece)
      MPI_Bcast(bytes.data() + done, piece(bytes.size() - done), MPI_BYTE, root, MPI_COMM_WORLD);
    return bytes;
  }

  int rank_ = 0, size_ = 1;
  std::optional<std::string> failure_;
};

}  // namespace

std::unique_ptr<Cluster> join_mpi_cluster() { return std::make_unique<MpiCluster>(); }

}  // namespace wordvec

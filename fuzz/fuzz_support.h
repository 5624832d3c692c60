#pragma once
// Helpers shared by the fuzz harnesses.
#include <dirent.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

namespace wordvec::fuzz {

// The library's readers take a path, so each input goes into an in-memory
// file (memfd) that is rewritten for every run and opened by its
// /proc/self/fd path: no disk traffic, nothing to clean up.
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) {
    fd_ = ::memfd_create(name, MFD_CLOEXEC);
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  // Replaces the file's contents; returns its path.
  const std::string& write(const void* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0 || (size && ::pwrite(fd_, data, size, 0) != static_cast<ssize_t>(size))) {
      std::perror("memfd write");
      std::abort();
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A private directory for harnesses whose code under test takes paths it
// writes (model files are written atomically, by rename, which an in-memory
// file cannot take). It is on tmpfs where there is one, since the library
// fsyncs what it writes; it is removed with its files when the fuzzer exits
// normally.
class TempDirectory {
 public:
  TempDirectory() {
    const char* bases[] = {"/dev/shm", std::getenv("TMPDIR"), "/tmp"};
    for (const char* base : bases) {
      if (!base || ::access(base, W_OK) != 0) continue;
      std::string pattern = std::string(base) + "/wordvec-fuzz-XXXXXX";
      if (::mkdtemp(pattern.data())) {
        path_ = pattern;
        return;
      }
    }
    std::perror("mkdtemp");
    std::abort();
  }
  ~TempDirectory() {
    if (DIR* d = ::opendir(path_.c_str())) {
      while (const dirent* e = ::readdir(d)) ::unlink((path_ + "/" + e->d_name).c_str());
      ::closedir(d);
    }
    ::rmdir(path_.c_str());
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Fails the run (libFuzzer reports it as a crash with the input) when an
// invariant does not hold.
#define WORDVEC_FUZZ_CHECK(cond)                                                          \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);   \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

// Keeps the compiler from dropping reads whose result is otherwise unused,
// so every byte the reader hands out is really touched (and checked by ASan).
template <typename T>
inline void consume(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

}  // namespace wordvec::fuzz

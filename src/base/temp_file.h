#pragma once
// Owns: nameless temporary files in a chosen directory (created, then unlinked at once), their free space and their write errors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/file.h"

namespace wordvec {

// A temporary file that no exit path can leave behind: it is created with a
// unique name in `dir` (mkstemp) and unlinked at once, so it lives only as
// an open descriptor and the kernel frees its blocks when the descriptor is
// closed: on return, on an exception, on a signal, on a crash, on kill -9.
// `what_dir` names the directory in errors, e.g. "--tmp-dir '/scratch'".
class TempFile {
 public:
  TempFile(const std::string& dir, const std::string& what_dir);

  int fd() const { return file_.get(); }
  // Writes all of `data` at `offset`; a short write (full disk, ulimit -f)
  // throws Error naming the directory.
  void write_at(std::uint64_t offset, const void* data, std::size_t size) const;
  // Reads up to `size` bytes at `offset`; returns how many (0 at the end).
  std::size_t read_at(std::uint64_t offset, void* data, std::size_t size) const;
  void truncate(std::uint64_t size) const;
  const std::string& what_dir() const { return what_dir_; }

 private:
  FileDescriptor file_;
  std::string what_dir_;
};

// Bytes an unprivileged writer may still use in the file system holding
// `dir` (statvfs); throws Error naming `what_dir` if `dir` cannot be examined.
std::uint64_t free_bytes(const std::string& dir, const std::string& what_dir);

// $TMPDIR when set and not empty, else /tmp.
std::string default_temp_dir();

}  // namespace wordvec

#pragma once
// Owns: writing a file under a temporary name and renaming it into place.
#include <cstddef>
#include <string>

namespace wordvec {

// A file written under a temporary name and renamed into place by commit().
// If commit() is never reached (an error, an exception), the destructor
// removes the temporary file, so the final name only ever holds a complete
// file. Writes are buffered; every failure (ENOSPC included) throws Error.
// A destination that exists and is not a regular file (a device such as
// /dev/null, a pipe, a directory) is refused: renaming over it would replace it.
// Fails with Error now, rather than after hours of training, if `path`
// could not be written by an AtomicFile: creates and removes its temp file.
void check_writable(const std::string& path);

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(const std::string& s) { write(s.data(), s.size()); }
  // Overwrites already-written bytes at `offset` (used to patch a header).
  void write_at(std::size_t offset, const void* data, std::size_t size);
  std::size_t written() const { return written_; }
  void commit();

 private:
  void flush();
  void write_all(const char* data, std::size_t size);
  [[noreturn]] void fail(const char* what);

  std::string path_, temp_path_;
  int fd_ = -1;
  std::string buffer_;
  std::size_t written_ = 0;
  bool committed_ = false;
};

}  // namespace wordvec

#pragma once
// Owns: opening a file for reading (a descriptor closed on every path) and mapping it whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

// An open file descriptor, closed by the destructor; move-only.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();

  // Opens a regular file read-only; throws Error "cannot open <what> '<path>': <reason>".
  static FileDescriptor open_regular(const std::string& path, std::string_view what);

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  std::uint64_t size() const;  // of the open file

 private:
  int fd_ = -1;
};

// A whole regular file mapped read-only; an empty file maps to an empty view.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const std::string& path, std::string_view what);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(data_), size_}; }
  // Tells the kernel the file will be read front to back (read-ahead).
  void advise_sequential() const;

 private:
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

// A path a command reads or writes, with the flag that named it (for errors).
struct FlaggedPath {
  std::string flag;  // e.g. "--output"
  std::string path;
};

// Before any work: throws Error if an output is the same file as an input
// or as another output. Same file means the same device and inode, links
// followed, for paths that exist; for an output not yet created, the same
// absolute path with links resolved. Empty paths are ignored.
void check_distinct_files(const std::vector<FlaggedPath>& inputs, const std::vector<FlaggedPath>& outputs);

}  // namespace wordvec

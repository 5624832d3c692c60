#include "base/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

namespace {
Error open_error(const std::string& path, std::string_view what, const char* reason) {
  return Error(fmt::format("cannot open {}{}'{}': {}", what, what.empty() ? "" : " ", path, reason));
}
}  // namespace

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor FileDescriptor::open_regular(const std::string& path, std::string_view what) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) throw open_error(path, what, std::strerror(errno));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) throw open_error(path, what, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw open_error(path, what, "not a regular file (it is a directory)");
  if (!S_ISREG(st.st_mode)) throw open_error(path, what, "not a regular file");
  return file;
}

std::uint64_t FileDescriptor::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw Error(fmt::format("cannot stat an open file: {}", std::strerror(errno)));
  return static_cast<std::uint64_t>(st.st_size);
}

MappedFile::MappedFile(const std::string& path, std::string_view what) {
  const FileDescriptor file = FileDescriptor::open_regular(path, what);
  size_ = static_cast<std::size_t>(file.size());
  if (size_ == 0) return;
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.get(), 0);
  if (p == MAP_FAILED) {
    size_ = 0;
    throw Error(fmt::format("cannot map {}{}'{}': {}", what, what.empty() ? "" : " ", path, std::strerror(errno)));
  }
  data_ = static_cast<const unsigned char*>(p);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
}

void MappedFile::advise_sequential() const {
  if (data_) ::madvise(const_cast<unsigned char*>(data_), size_, MADV_SEQUENTIAL);
}

namespace {

// What makes two paths one file: (device, inode) when it exists, else the
// absolute path with every existing link resolved.
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string resolved;
  bool operator==(const FileIdentity& o) const {
    return exists == o.exists && (exists ? device == o.device && inode == o.inode : resolved == o.resolved);
  }
};

FileIdentity identity_of(const std::string& path) {
  FileIdentity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.device = st.st_dev;
    id.inode = st.st_ino;
    return id;
  }
  std::error_code ec;
  id.resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec).string();
  if (ec) id.resolved = path;
  return id;
}

}  // namespace

void check_distinct_files(const std::vector<FlaggedPath>& inputs, const std::vector<FlaggedPath>& outputs) {
  std::vector<std::pair<const FlaggedPath*, FileIdentity>> seen_outputs;
  std::vector<std::pair<const FlaggedPath*, FileIdentity>> seen_inputs;
  for (const FlaggedPath& in : inputs)
    if (!in.path.empty()) seen_inputs.emplace_back(&in, identity_of(in.path));
  for (const FlaggedPath& out : outputs) {
    if (out.path.empty()) continue;
    const FileIdentity id = identity_of(out.path);
    for (const auto& [in, in_id] : seen_inputs)
      if (in_id == id)
        throw Error(fmt::format("{} '{}' is the file read by {} '{}': refusing to overwrite an input (nothing was written)",
                                out.flag, out.path, in->flag, in->path));
    for (const auto& [other, other_id] : seen_outputs)
      if (other_id == id)
        throw Error(fmt::format("{} '{}' and {} '{}' are the same file: give each output its own path (nothing was written)", other->flag,
                                other->path, out.flag, out.path));
    seen_outputs.emplace_back(&out, id);
  }
}

}  // namespace wordvec

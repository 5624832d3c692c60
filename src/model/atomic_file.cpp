#include "model/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}

void check_writable(const std::string& path) {
  // A directory cannot be renamed over; say so now rather than after training.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(fmt::format("cannot write '{}': it is a directory", path));
  AtomicFile probe(path);
}

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temp_path_(fmt::format("{}.tmp.{}", path_, ::getpid())) {
  // The rename would replace a device or pipe (/dev/null, a FIFO) with a
  // regular file: for root, that breaks the machine. Refuse it.
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw Error(fmt::format("cannot write '{}': it is not a regular file (a device, pipe or directory); name a file", path_));
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  buffer_.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void AtomicFile::fail(const char* what) {
  const int err = errno;
  throw Error(fmt::format("cannot write '{}': {} ({})", path_, std::strerror(err), what));
}

void AtomicFile::write_all(const char* p, std::size_t left) {
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      fail("write");
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void AtomicFile::flush() {
  write_all(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void AtomicFile::write(const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  written_ += size;
  if (buffer_.size() + size > kBufferBytes) {
    flush();
    if (size > kBufferBytes) return write_all(p, size);
  }
  buffer_.append(p, size);
}

void AtomicFile::write_at(std::size_t offset, const void* data, std::size_t size) {
  flush();
  if (::pwrite(fd_, data, size, static_cast<off_t>(offset)) != static_cast<ssize_t>(size)) fail("pwrite");
}

void AtomicFile::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("fsync");
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("close");
  }
  fd_ = -1;
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("rename");
  committed_ = true;
}

}  // namespace wordvec

#include "base/temp_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/text.h"

namespace wordvec {

namespace {
// Why `dir` cannot hold a file, in words, or an empty string if it can.
std::string unusable_dir(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISDIR(st.st_mode)) return "not a directory";
  return {};
}
}  // namespace

TempFile::TempFile(const std::string& dir, const std::string& what_dir) : what_dir_(what_dir) {
  if (const std::string why = unusable_dir(dir); !why.empty())
    throw Error(fmt::format("cannot use {} for the temporary spool: {}", what_dir, why));
  std::string name = (dir.empty() || dir.back() == '/' ? dir : dir + "/") + "wordvec-spool-XXXXXX";
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("cannot create the temporary spool in {}: {}", what_dir, std::strerror(errno)));
  file_ = FileDescriptor(fd);
  ::unlink(name.c_str());
}

void TempFile::write_at(std::uint64_t offset, const void* data, std::size_t size) const {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::pwrite(fd(), p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n == 0 ? ENOSPC : errno;
      const char* advice = err == ENOSPC || err == EDQUOT ? " (give --tmp-dir a directory with more free space)"
                           : err == EFBIG               ? " (the file size limit, ulimit -f, stopped it)"
                                                        : "";
      throw Error(fmt::format("cannot write the temporary spool in {} after {}: {}{}", what_dir_,
                              readable_size(static_cast<double>(offset)), std::strerror(err), advice));
    }
    p += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
}

std::size_t TempFile::read_at(std::uint64_t offset, void* data, std::size_t size) const {
  char* p = static_cast<char*>(data);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd(), p + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("cannot read the temporary spool in {}: {}", what_dir_, std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

void TempFile::truncate(std::uint64_t size) const {
  if (::ftruncate(fd(), static_cast<off_t>(size)) != 0)
    throw Error(fmt::format("cannot truncate the temporary spool in {}: {}", what_dir_, std::strerror(errno)));
}

std::uint64_t free_bytes(const std::string& dir, const std::string& what_dir) {
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0)
    throw Error(fmt::format("cannot use {} for the temporary spool: {}", what_dir, std::strerror(errno)));
  return static_cast<std::uint64_t>(fs.f_bavail) * static_cast<std::uint64_t>(fs.f_frsize);
}

std::string default_temp_dir() {
  const char* env = std::getenv("TMPDIR");
  return env && *env ? env : "/tmp";
}

}  // namespace wordvec

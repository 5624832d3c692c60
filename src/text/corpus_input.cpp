#include "text/corpus_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"

namespace wordvec {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kChunksAhead = 4;

// Opens `path` to see that it can be read, and closes it. A pipe is not
// opened: that could block, or take bytes from a writer that expects one
// reader.
void check_readable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(fmt::format("cannot open corpus '{}': {}", path, std::strerror(errno)));
  if (S_ISFIFO(st.st_mode)) return;
  if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
    throw Error(fmt::format("cannot open corpus '{}': not a regular file, a directory or a pipe", path));
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) throw Error(fmt::format("cannot open corpus '{}': {}", path, std::strerror(errno)));
}

std::vector<std::string> regular_files_in(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) throw Error(fmt::format("cannot read directory '{}': {}", dir, ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(fmt::format("cannot read directory '{}': {}", dir, ec.message()));
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(fmt::format("corpus directory '{}' holds no regular file", dir));
  return files;
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  bool stdin_named = false;
  for (const std::string& arg : args) {
    if (arg == kStdinName) {
      if (stdin_named) throw Error("stdin ('-') is named twice in --input");
      stdin_named = true;
      if (::isatty(STDIN_FILENO))
        throw Error("--input '-' reads the corpus from stdin, which is a terminal: pipe or redirect the text into wv-train");
      inputs.push_back(arg);
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (std::string& file : regular_files_in(arg)) {
        check_readable(file);
        inputs.push_back(std::move(file));
      }
    } else {
      check_readable(arg);
      inputs.push_back(arg);
    }
  }
  return inputs;
}

std::uint64_t estimated_text_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const std::string& path : inputs) {
    if (path == kStdinName) continue;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    char magic[kMagicBytes];
    const ssize_t n = fd.get() < 0 ? 0 : ::pread(fd.get(), magic, sizeof magic, 0);
    const bool compressed =
        n > 0 && detect_compression(std::string_view(magic, static_cast<std::size_t>(n))) != Compression::kNone;
    total += static_cast<std::uint64_t>(st.st_size) * (compressed ? 3 : 1);
  }
  return total;
}

CorpusInput::CorpusInput(std::vector<std::string> inputs, int decoder_threads, const std::atomic<bool>* stop)
    : inputs_(std::move(inputs)), decoder_threads_(decoder_threads), stop_(stop) {
  thread_ = std::thread([this] { produce(); });
}

CorpusInput::~CorpusInput() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_.store(true);
  }
  changed_.notify_all();
  thread_.join();
}

void CorpusInput::produce() {
  try {
    InputFileOptions options;
    options.cancel = &cancel_;
    options.counters = &counters_;
    options.decoder_threads = decoder_threads_;
    for (std::size_t i = 0; i < inputs_.size() && !cancel_.load(); ++i) {
      const auto source = open_input_file(inputs_[i], options);
      bool at_end = false;
      while (!at_end && !cancel_.load()) {
        std::string chunk;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          changed_.wait(lock, [&] { return cancel_.load() || full_.size() < kChunksAhead; });
          if (cancel_.load()) return;
          if (!free_.empty()) {
            chunk = std::move(free_.back());
            free_.pop_back();
          }
        }
        chunk.reserve(kChunkBytes + 1);  // room for the space between files
        chunk.resize(kChunkBytes);
        std::size_t filled = 0;
        while (filled < chunk.size()) {
          const std::size_t n = source->read(chunk.data() + filled, chunk.size() - filled);
          if (n == 0) {
            at_end = true;
            break;
          }
          filled += n;
        }
        chunk.resize(filled);
        // Between two files, a space: the end of a file ends its last token.
        if (at_end && i + 1 < inputs_.size()) chunk.push_back(' ');
        if (chunk.empty()) continue;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          full_.push_back(std::move(chunk));
        }
        changed_.notify_all();
      }
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
}

std::size_t CorpusInput::read(char* out, std::size_t size) {
  while (current_pos_ == current_.size()) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!current_.empty()) free_.push_back(std::move(current_));
    current_.clear();
    current_pos_ = 0;
    if (full_.empty() && !done_) {
      const auto start = std::chrono::steady_clock::now();
      while (!changed_.wait_for(lock, std::chrono::milliseconds(100), [&] { return !full_.empty() || done_; }))
        if (stop_ && stop_->load()) return 0;
      wait_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (full_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return 0;
    }
    current_ = std::move(full_.front());
    full_.pop_front();
    lock.unlock();
    changed_.notify_all();
  }
  const std::size_t n = std::min(size, current_.size() - current_pos_);
  std::memcpy(out, current_.data() + current_pos_, n);
  current_pos_ += n;
  return n;
}

}  // namespace wordvec

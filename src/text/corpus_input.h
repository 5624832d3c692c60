#pragma once
// Owns: -i's inputs as one stream of text: naming them (stdin, directories), checking them before any reading, and decoding them on a thread ahead of the tokenizer.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "text/input_file.h"

namespace wordvec {

// -i's values as the files to read, in order: a file (or pipe) stands for
// itself, "-" for stdin, a directory for the regular files in it (not in its
// subdirectories) in byte order of their names. Each file is opened once
// here, so that a missing or unreadable one fails before hours of reading.
// Throws Error naming the culprit for those, for a directory with no regular
// file, for stdin named twice and for stdin that is a terminal.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args);

// A guess at how much text the inputs hold, to check the disk before
// reading: a plain file counts its size, a compressed one three times its
// size (text shrinks 3-4x under gzip, zstd, bzip2 and xz, so this rarely
// overstates it). Pipes and stdin count nothing: their size is unknown.
std::uint64_t estimated_text_bytes(const std::vector<std::string>& inputs);

// The text of several inputs one after another, each decompressed as its
// first bytes say. A file's end always ends a token (a space is read between
// two files, so the last word of one never runs into the first of the next)
// but ends a sentence only where the file ends with a newline, as with `cat`.
// Reading and decoding run on a thread of their own, a few buffers ahead of
// the caller, so that decompressing overlaps tokenizing.
class CorpusInput : public ByteSource {
 public:
  // Once *stop is set, read() ends the text early (within 0.1 s, even while
  // a pipe gives nothing), as if at its end.
  explicit CorpusInput(std::vector<std::string> inputs, int decoder_threads = 1,
                       const std::atomic<bool>* stop = nullptr);
  ~CorpusInput() override;  // cancels and joins the reading thread
  CorpusInput(const CorpusInput&) = delete;
  CorpusInput& operator=(const CorpusInput&) = delete;

  // Throws the reading thread's Error (naming the file) where it failed.
  std::size_t read(char* out, std::size_t size) override;
  const InputCounters& counters() const { return counters_; }
  // Time read() spent waiting for the reading thread: when it is most of
  // the time, decoding (or the disk) is what limits the first pass.
  double wait_seconds() const { return wait_seconds_; }

 private:
  void produce();

  std::vector<std::string> inputs_;
  int decoder_threads_;
  const std::atomic<bool>* stop_;
  InputCounters counters_;
  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> full_;  // text ready for read(), in order
  std::vector<std::string> free_; // spent buffers, for reuse
  bool done_ = false;             // the reading thread has pushed its last buffer
  std::exception_ptr failure_;
  std::string current_;           // being handed out by read()
  std::size_t current_pos_ = 0;
  double wait_seconds_ = 0;
  std::thread thread_;
};

}  // namespace wordvec

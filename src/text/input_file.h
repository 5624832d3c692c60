#pragma once
// Owns: reading one corpus input (a file, a pipe or stdin) as text, decompressing gzip, xz, zstd and bzip2 recognised by their magic bytes.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wordvec {

// Bytes read front to back.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `out` and returns how many: 0 only at the
  // end. Throws Error naming the input when it cannot be read or decoded.
  virtual std::size_t read(char* out, std::size_t size) = 0;
};

enum class Compression { kNone, kGzip, kXz, kZstd, kBzip2 };

// "gzip", "xz", "zstd", "bzip2", or "plain" for kNone.
const char* compression_name(Compression c);

// The format the first bytes of a file announce (its magic bytes; never its
// name): gzip 1F 8B, xz FD '7zXZ' 00, zstd 28 B5 2F FD, bzip2 'BZh' and a
// block-size digit. Anything else is text. Six bytes are enough to tell.
inline constexpr std::size_t kMagicBytes = 6;
Compression detect_compression(std::string_view first_bytes);

// -i's name for stdin.
inline constexpr std::string_view kStdinName = "-";

// Counters that a reader advances as it goes, for progress displays.
struct InputCounters {
  std::atomic<std::uint64_t> input_bytes{0};  // read from files and pipes (compressed bytes for compressed inputs)
  std::atomic<std::uint64_t> text_bytes{0};   // text produced
};

struct InputFileOptions {
  // Once set, a read waiting on a pipe gives up (within 0.1 s) and throws.
  const std::atomic<bool>* cancel = nullptr;
  InputCounters* counters = nullptr;  // advanced if given
  int decoder_threads = 1;            // for xz inputs made of several blocks
};

// Opens `path` ("-" for stdin) and returns its text, decompressed if its
// first bytes say it is compressed. Errors name the file and, for damaged
// compressed data, the byte of the file where decoding failed.
std::unique_ptr<ByteSource> open_input_file(const std::string& path, const InputFileOptions& options = {});

// How a file is named in messages: 'path' in quotes, or stdin.
std::string input_display_name(const std::string& path);

}  // namespace wordvec

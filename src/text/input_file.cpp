#include "text/input_file.h"

#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/text.h"

namespace wordvec {

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::kGzip: return "gzip";
    case Compression::kXz: return "xz";
    case Compression::kZstd: return "zstd";
    case Compression::kBzip2: return "bzip2";
    case Compression::kNone: break;
  }
  return "plain";
}

Compression detect_compression(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return Compression::kGzip;
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return Compression::kXz;
  if (starts("\x28\xb5\x2f\xfd")) return Compression::kZstd;
  if (starts("BZh") && b.size() >= 4 && b[3] >= '1' && b[3] <= '9') return Compression::kBzip2;
  return Compression::kNone;
}

std::string input_display_name(const std::string& path) {
  return path == kStdinName ? std::string("stdin") : "'" + path + "'";
}

namespace {

constexpr std::size_t kInputBufferBytes = 1 << 18;
// An xz file may ask for a dictionary of up to 1.5 GiB; xz -9 needs 65 MiB
// to decode. Past this a (damaged or hostile) file is refused, not obeyed.
constexpr std::uint64_t kXzMemoryLimit = std::uint64_t{512} << 20;

// The bytes of one file, pipe or stdin as they are stored, with its first
// bytes read ahead to tell its format.
class RawInput {
 public:
  RawInput(const std::string& path, const InputFileOptions& options)
      : name_(input_display_name(path)), options_(options) {
    if (path == kStdinName) {
      fd_ = STDIN_FILENO;
    } else {
      owned_ = FileDescriptor(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (owned_.get() < 0) throw Error(fmt::format("cannot open corpus {}: {}", name_, std::strerror(errno)));
      fd_ = owned_.get();
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) throw Error(fmt::format("cannot open corpus {}: {}", name_, std::strerror(errno)));
    if (S_ISDIR(st.st_mode)) throw Error(fmt::format("cannot open corpus {}: it is a directory", name_));
    if (S_ISREG(st.st_mode)) {
      ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    } else {
      wait_ = true;  // a pipe or a terminal: reads may block, so they poll for a cancel first
    }
    magic_.resize(kMagicBytes);
    std::size_t got = 0;
    while (got < magic_.size()) {
      const std::size_t n = read_fd(reinterpret_cast<unsigned char*>(magic_.data()) + got, magic_.size() - got);
      if (n == 0) break;
      got += n;
    }
    magic_.resize(got);
  }

  // Up to `size` bytes; 0 at the end.
  std::size_t read(unsigned char* out, std::size_t size) {
    std::size_t n;
    if (magic_pos_ < magic_.size()) {
      n = std::min(size, magic_.size() - magic_pos_);
      std::memcpy(out, magic_.data() + magic_pos_, n);
      magic_pos_ += n;
    } else {
      n = read_fd(out, size);
    }
    consumed_ += n;
    return n;
  }

  const std::string& name() const { return name_; }
  std::string_view magic() const { return magic_; }
  std::uint64_t consumed() const { return consumed_; }

 private:
  std::size_t read_fd(unsigned char* out, std::size_t size) {
    for (;;) {
      if (wait_ && options_.cancel) {
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 100);
        if (options_.cancel->load()) throw Error(fmt::format("reading {} was cancelled", name_));
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
      }
      const ssize_t n = ::read(fd_, out, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw Error(fmt::format("cannot read corpus {} at byte {}: {}", name_, with_thousands(consumed_), std::strerror(errno)));
      if (options_.counters) options_.counters->input_bytes.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
      return static_cast<std::size_t>(n);
    }
  }

  FileDescriptor owned_;
  int fd_ = -1;
  bool wait_ = false;
  std::string name_;
  InputFileOptions options_;
  std::string magic_;
  std::size_t magic_pos_ = 0;
  std::uint64_t consumed_ = 0;
};

// Text as it is stored.
class PlainSource : public ByteSource {
 public:
  PlainSource(std::unique_ptr<RawInput> raw, InputCounters* counters) : raw_(std::move(raw)), counters_(counters) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = raw_->read(reinterpret_cast<unsigned char*>(out), size);
    if (counters_) counters_->text_bytes.fetch_add(n, std::memory_order_relaxed);
    return n;
  }

 private:
  std::unique_ptr<RawInput> raw_;
  InputCounters* counters_;
};

// The loop every decompressor shares: feeds it the file through a buffer,
// and tells a stream that was cut short (the file ended inside it) from one
// that is complete. A decompressor's decode() turns the buffered input into
// text and sets complete_ when a stream (gzip member, xz stream, zstd frame,
// bzip2 stream) has just ended; the files may hold several, one after
// another, as pigz, pixz, zstd -T and lbzip2 write them.
class Decompressor : public ByteSource {
 public:
  Decompressor(std::unique_ptr<RawInput> raw, Compression format, InputCounters* counters)
      : raw_(std::move(raw)), format_(format), counters_(counters), buffer_(kInputBufferBytes) {}

  std::size_t read(char* out, std::size_t size) final {
    if (size == 0) return 0;
    for (;;) {
      const std::size_t before = pos_;
      const std::size_t got = decode(reinterpret_cast<unsigned char*>(out), size);
      if (got > 0) {
        text_ += got;
        if (counters_) counters_->text_bytes.fetch_add(got, std::memory_order_relaxed);
        return got;
      }
      if (pos_ != before) continue;  // input consumed (headers) with no text yet
      if (eof_) {
        if (complete_) return 0;
        throw Error(fmt::format("{} is truncated: the file ends at byte {} inside its {} data (after {} bytes of text)",
                                raw_->name(), with_thousands(offset()), compression_name(format_), with_thousands(text_)));
      }
      fill();
    }
  }

 protected:
  // Turns input into at most `size` bytes of text; returns how many.
  virtual std::size_t decode(unsigned char* out, std::size_t size) = 0;

  [[noreturn]] void corrupt(std::string_view detail) const {
    throw Error(fmt::format("{} is corrupt: invalid {} data at byte {} of the file (after {} bytes of text): {}",
                            raw_->name(), compression_name(format_), with_thousands(offset()), with_thousands(text_),
                            detail));
  }

  const unsigned char* input() const { return buffer_.data() + pos_; }
  std::size_t input_left() const { return end_ - pos_; }
  void consume(std::size_t n) { pos_ += n; }
  bool at_eof() const { return eof_ && pos_ == end_; }

  bool complete_ = false;  // the last stream has ended and nothing of a next one has been read

 private:
  // Moves what is left to the front of the buffer and reads more after it.
  void fill() {
    if (end_ - pos_ == buffer_.size()) corrupt("the decoder cannot use the data");
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
    const std::size_t n = raw_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (n == 0) eof_ = true;
    end_ += n;
  }
  // Bytes of the file consumed by the decoder so far.
  std::uint64_t offset() const { return raw_->consumed() - (end_ - pos_); }

  std::unique_ptr<RawInput> raw_;
  Compression format_;
  InputCounters* counters_;
  std::vector<unsigned char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::uint64_t text_ = 0;
};

// gzip through zlib's inflate; a member's end is followed by the next member.
class GzipSource : public Decompressor {
 public:
  explicit GzipSource(std::unique_ptr<RawInput> raw, InputCounters* counters)
      : Decompressor(std::move(raw), Compression::kGzip, counters) {
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~GzipSource() override { inflateEnd(&z_); }

 private:
  std::size_t decode(unsigned char* out, std::size_t size) override {
    if (complete_) {
      if (input_left() == 0) return 0;
      inflateReset(&z_);  // the next member
      complete_ = false;
    }
    z_.next_in = const_cast<unsigned char*>(input());
    z_.avail_in = static_cast<uInt>(input_left());
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(size);
    const int r = inflate(&z_, Z_NO_FLUSH);
    consume(input_left() - z_.avail_in);
    switch (r) {
      case Z_STREAM_END: complete_ = true; break;
      case Z_OK:
      case Z_BUF_ERROR: break;  // no progress possible without more input
      case Z_MEM_ERROR: throw std::bad_alloc();
      case Z_NEED_DICT: corrupt("it needs a preset dictionary");
      default: corrupt(z_.msg ? z_.msg : "inflate failed");
    }
    return size - z_.avail_out;
  }

  z_stream z_{};
};

// xz through liblzma, several concatenated streams included.
class XzSource : public Decompressor {
 public:
  XzSource(std::unique_ptr<RawInput> raw, InputCounters* counters, int threads)
      : Decompressor(std::move(raw), Compression::kXz, counters) {
    lzma_ret r;
    if (threads > 1) {
      // Blocks are decoded in parallel when the file has several (xz -T
      // writes them); a single-block file decodes as on one thread.
      lzma_mt mt{};
      mt.flags = LZMA_CONCATENATED;
      mt.threads = static_cast<std::uint32_t>(threads);
      mt.memlimit_threading = kXzMemoryLimit;
      mt.memlimit_stop = kXzMemoryLimit;
      r = lzma_stream_decoder_mt(&s_, &mt);
    } else {
      r = lzma_stream_decoder(&s_, kXzMemoryLimit, LZMA_CONCATENATED);
    }
    if (r != LZMA_OK) throw std::bad_alloc();
  }
  ~XzSource() override { lzma_end(&s_); }

 private:
  std::size_t decode(unsigned char* out, std::size_t size) override {
    if (complete_) return 0;
    s_.next_in = input();
    s_.avail_in = input_left();
    s_.next_out = out;
    s_.avail_out = size;
    const lzma_ret r = lzma_code(&s_, at_eof() ? LZMA_FINISH : LZMA_RUN);
    consume(input_left() - s_.avail_in);
    switch (r) {
      case LZMA_STREAM_END: complete_ = true; break;
      case LZMA_OK:
      case LZMA_BUF_ERROR: break;  // no progress: more input is needed (or it was cut short)
      case LZMA_MEM_ERROR: throw std::bad_alloc();
      case LZMA_MEMLIMIT_ERROR: corrupt("it needs more than 512 MiB of memory to decode");
      case LZMA_FORMAT_ERROR: corrupt("not xz data");
      case LZMA_OPTIONS_ERROR: corrupt("unsupported xz options");
      case LZMA_DATA_ERROR: corrupt("the compressed data is damaged");
      default: corrupt(fmt::format("liblzma error {}", static_cast<int>(r)));
    }
    return size - s_.avail_out;
  }

  lzma_stream s_ = LZMA_STREAM_INIT;
};

// zstd through libzstd's streaming decoder; frames follow one another.
class ZstdSource : public Decompressor {
 public:
  ZstdSource(std::unique_ptr<RawInput> raw, InputCounters* counters)
      : Decompressor(std::move(raw), Compression::kZstd, counters), d_(ZSTD_createDStream()) {
    if (!d_) throw std::bad_alloc();
  }
  ~ZstdSource() override { ZSTD_freeDStream(d_); }

 private:
  std::size_t decode(unsigned char* out, std::size_t size) override {
    ZSTD_inBuffer in{input(), input_left(), 0};
    ZSTD_outBuffer o{out, size, 0};
    const std::size_t r = ZSTD_decompressStream(d_, &o, &in);
    consume(in.pos);
    if (ZSTD_isError(r)) corrupt(ZSTD_getErrorName(r));
    // A call that moved nothing says nothing about where the stream is.
    if (in.pos > 0 || o.pos > 0) complete_ = r == 0;
    return o.pos;
  }

  ZSTD_DStream* d_;
};

// bzip2 through libbz2; a stream's end may be followed by another stream.
class Bzip2Source : public Decompressor {
 public:
  Bzip2Source(std::unique_ptr<RawInput> raw, InputCounters* counters)
      : Decompressor(std::move(raw), Compression::kBzip2, counters) {
    init();
  }
  ~Bzip2Source() override { BZ2_bzDecompressEnd(&s_); }

 private:
  void init() {
    s_ = bz_stream{};
    if (BZ2_bzDecompressInit(&s_, 0, 0) != BZ_OK) throw std::bad_alloc();
  }

  std::size_t decode(unsigned char* out, std::size_t size) override {
    if (input_left() == 0 && complete_) return 0;
    if (complete_) {
      BZ2_bzDecompressEnd(&s_);
      init();
      complete_ = false;
    }
    s_.next_in = reinterpret_cast<char*>(const_cast<unsigned char*>(input()));
    s_.avail_in = static_cast<unsigned>(input_left());
    s_.next_out = reinterpret_cast<char*>(out);
    s_.avail_out = static_cast<unsigned>(size);
    const int r = BZ2_bzDecompress(&s_);
    consume(input_left() - s_.avail_in);
    switch (r) {
      case BZ_STREAM_END: complete_ = true; break;
      case BZ_OK: break;
      case BZ_MEM_ERROR: throw std::bad_alloc();
      case BZ_DATA_ERROR_MAGIC: corrupt("not bzip2 data");
      case BZ_DATA_ERROR: corrupt("the compressed data is damaged (a checksum or block does not match)");
      default: corrupt(fmt::format("libbz2 error {}", r));
    }
    return size - s_.avail_out;
  }

  bz_stream s_{};
};

}  // namespace

std::unique_ptr<ByteSource> open_input_file(const std::string& path, const InputFileOptions& options) {
  auto raw = std::make_unique<RawInput>(path, options);
  switch (detect_compression(raw->magic())) {
    case Compression::kGzip: return std::make_unique<GzipSource>(std::move(raw), options.counters);
    case Compression::kXz: return std::make_unique<XzSource>(std::move(raw), options.counters, options.decoder_threads);
    case Compression::kZstd: return std::make_unique<ZstdSource>(std::move(raw), options.counters);
    case Compression::kBzip2: return std::make_unique<Bzip2Source>(std::move(raw), options.counters);
    case Compression::kNone: break;
  }
  return std::make_unique<PlainSource>(std::move(raw), options.counters);
}

}  // namespace wordvec

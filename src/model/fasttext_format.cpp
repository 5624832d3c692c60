#include "model/fasttext_format.h"

#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

#include "base/error.h"

namespace wordvec {

namespace {

enum FastTextModelType : std::int32_t { kCbow = 1, kSkipgram = 2, kSupervised = 3 };
const char* const kLossNames[] = {"", "hs", "ns", "softmax", "ova"};

}  // namespace

// Reads little-endian values front to back; every read first checks that
// the file holds that many more bytes, so a corrupt count fails here rather
// than as a huge allocation or a read past the mapping.
class FastTextModel::Reader {
 public:
  Reader(const std::string& path, std::string_view bytes) : path_(path), bytes_(bytes) {}

  template <class T>
  T read(std::string_view part) {
    need(sizeof(T), part);
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }
  // A NUL-terminated string, without its NUL.
  std::string_view string(std::string_view part) {
    const std::size_t end = bytes_.find('\0', offset_);
    if (end == std::string_view::npos) throw truncated(part);
    const std::string_view s = bytes_.substr(offset_, end - offset_);
    offset_ = end + 1;
    return s;
  }
  const char* skip(std::size_t size, std::string_view part) {
    need(size, part);
    const char* at = bytes_.data() + offset_;
    offset_ += size;
    return at;
  }
  std::size_t left() const { return bytes_.size() - offset_; }
  const std::string& path() const { return path_; }

  Error truncated(std::string_view part) const {
    return Error(fmt::format("'{}' is a truncated fastText model: it ends inside its {} (file size {} bytes)", path_, part,
                             bytes_.size()));
  }
  Error corrupt(std::string_view part, const std::string& what) const {
    return Error(fmt::format("'{}' is a corrupt fastText model: its {} {}", path_, part, what));
  }

 private:
  void need(std::size_t size, std::string_view part) const {
    if (size > left()) throw truncated(part);
  }

  const std::string& path_;
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

namespace {

Error quantized(const std::string& path) {
  return Error(fmt::format("'{}': quantized fastText models (.ftz) are not supported; use the .bin", path));
}

Error supervised(const std::string& path) {
  return Error(fmt::format("'{}' is a supervised (classification) fastText model: it has no word vectors to query", path));
}

}  // namespace

FastTextArgs FastTextModel::read_args(Reader& in) {
  FastTextArgs a;
  for (std::int32_t* field : {&a.dim, &a.ws, &a.epoch, &a.min_count, &a.neg, &a.word_ngrams, &a.loss, &a.model, &a.bucket,
                              &a.minn, &a.maxn, &a.lr_update_rate})
    *field = in.read<std::int32_t>("settings");
  a.t = in.read<double>("settings");
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) throw in.corrupt("settings", what);
  };
  check(a.dim > 0, fmt::format("have dimension {}", a.dim));
  check(a.model >= kCbow && a.model <= kSupervised, fmt::format("name an unknown model type {}", a.model));
  check(a.loss >= 1 && a.loss <= 4, fmt::format("name an unknown loss {}", a.loss));
  check(a.bucket >= 0, fmt::format("have {} buckets", a.bucket));
  check(a.minn >= 0 && a.maxn >= 0, fmt::format("have n-gram lengths {}..{}", a.minn, a.maxn));
  return a;
}

bool FastTextModel::has_magic(std::string_view bytes) {
  std::int32_t magic = 0;
  if (bytes.size() < sizeof magic) return false;
  std::memcpy(&magic, bytes.data(), sizeof magic);
  return magic == kFastTextMagic;
}

FastTextModel FastTextModel::open(const std::string& path) {
  FastTextModel m;
  m.file_ = MappedFile(path, "fastText model");
  if (!has_magic(m.file_.bytes()))
    throw Error(fmt::format("'{}' is not a fastText model (it does not start with fastText's magic number)", path));
  Reader in(path, m.file_.bytes());
  in.read<std::int32_t>("header");
  m.version_ = in.read<std::int32_t>("header");
  if (m.version_ != 11 && m.version_ != 12)
    throw Error(fmt::format("'{}' is a fastText model of format version {}; this build reads versions 11 and 12", path,
                            m.version_));
  m.args_ = read_args(in);
  const std::size_t labels = m.read_dictionary(in);
  const auto quantized_input = in.read<std::uint8_t>("input matrix");
  if (quantized_input == 1) throw quantized(path);
  if (quantized_input != 0) throw in.corrupt("input matrix", "has a quantization flag that is not 0 or 1");
  // Only now, with the structure known to be fastText's, is a supervised
  // model told apart from a corrupt one (a quantized one is supervised too).
  if (m.args_.model == kSupervised || labels > 0) throw supervised(path);
  m.read_input_matrix(in);
  const auto quantized_output = in.read<std::uint8_t>("output matrix");
  if (quantized_output > 1) throw in.corrupt("output matrix", "has a quantization flag that is not 0 or 1");
  const auto rows = in.read<std::int64_t>("output matrix"), cols = in.read<std::int64_t>("output matrix");
  if (quantized_output || rows < 0 || cols != m.args_.dim)
    throw in.corrupt("output matrix", fmt::format("is {} x {}, expected {} columns", rows, cols, m.args_.dim));
  if (static_cast<std::uint64_t>(rows) > in.left() / sizeof(float) / m.dim()) throw in.truncated("output matrix");
  in.skip(static_cast<std::size_t>(rows) * m.dim() * sizeof(float), "output matrix");
  if (in.left() != 0) throw in.corrupt("end", fmt::format("has {} bytes after the output matrix", in.left()));
  return m;
}

std::size_t FastTextModel::read_dictionary(Reader& in) {
  const auto size = in.read<std::int32_t>("dictionary"), nwords = in.read<std::int32_t>("dictionary"),
             nlabels = in.read<std::int32_t>("dictionary");
  in.read<std::int64_t>("dictionary");  // ntokens
  const auto pruned = in.read<std::int64_t>("dictionary");
  if (nwords < 0 || nlabels < 0 || size != std::int64_t{nwords} + nlabels)
    throw in.corrupt("dictionary", fmt::format("counts {} entries, {} words and {} labels", size, nwords, nlabels));
  // An entry takes at least 10 bytes (NUL, count, type): a count the file
  // cannot hold fails before anything is reserved for it.
  if (static_cast<std::size_t>(size) > in.left() / 10) throw in.truncated("dictionary");
  words_.reserve(static_cast<std::size_t>(nwords));
  counts_.reserve(static_cast<std::size_t>(nwords));
  for (std::int32_t i = 0; i < size; ++i) {
    const std::string_view word = in.string("dictionary");
    const auto count = in.read<std::int64_t>("dictionary");
    const auto type = in.read<std::int8_t>("dictionary");
    if ((type != 0 && type != 1) || count < 0 || (type == 0) != (i < nwords))
      throw in.corrupt("dictionary", fmt::format("has a bad entry {} (type {}, count {})", i + 1, type, count));
    if (type == 0) {
      words_.push_back(word);
      counts_.push_back(static_cast<std::uint64_t>(count));
    }
  }
  if (pruned < -1 || pruned > static_cast<std::int64_t>(in.left() / 8))
    throw in.corrupt("dictionary", fmt::format("has a pruned-index size of {}", pruned));
  // Only quantization prunes the dictionary (and remaps the buckets).
  if (pruned > 0) throw quantized(in.path());
  return static_cast<std::size_t>(nlabels);
}

void FastTextModel::read_input_matrix(Reader& in) {
  const auto rows = in.read<std::int64_t>("input matrix"), cols = in.read<std::int64_t>("input matrix");
  if (cols != args_.dim || rows != static_cast<std::int64_t>(size()) + args_.bucket)
    throw in.corrupt("input matrix",
                     fmt::format("is {} x {}, expected {} words + {} buckets x {}", rows, cols, size(), args_.bucket, args_.dim));
  if (static_cast<std::uint64_t>(rows) > in.left() / sizeof(float) / dim()) throw in.truncated("input matrix");
  const std::size_t floats = static_cast<std::size_t>(rows) * dim();
  const char* at = in.skip(floats * sizeof(float), "input matrix");
  // The floats follow the variable-length dictionary: they are read in
  // place when aligned (3 files in 4 are not), else read once from the file
  // into aligned memory. Reading rather than copying from the mapping keeps
  // the matrix's pages out of this process: on a 2M-bucket x 100 model
  // (855 MB) loading takes ~0.4 s in place, ~1.1 s copied from the mapping
  // (1.7 GB resident) and ~1.0 s read (0.9 GB resident).
  if (reinterpret_cast<std::uintptr_t>(at) % alignof(float) == 0) {
    input_ = reinterpret_cast<const float*>(at);
  } else {
    input_copy_ = AlignedBuffer(floats, AlignedBuffer::Pages::kNormal);
    const FileDescriptor fd = FileDescriptor::open_regular(in.path(), "fastText model");
    const std::size_t bytes = floats * sizeof(float), offset = static_cast<std::size_t>(at - file_.bytes().data());
    auto* out = reinterpret_cast<char*>(input_copy_.get());
    for (std::size_t got = 0; got < bytes;) {
      const ssize_t n = ::pread(fd.get(), out + got, bytes - got, static_cast<off_t>(offset + got));
      if (n <= 0) throw in.truncated("input matrix");  // the file shrank since it was mapped
      got += static_cast<std::size_t>(n);
    }
    input_ = input_copy_.get();
  }
}

SubwordOptions FastTextModel::subword_options() const {
  return {args_.minn, args_.maxn, static_cast<std::uint32_t>(args_.bucket)};
}

nlohmann::json FastTextModel::settings() const {
  return {{"fasttext_version", version_},
          {"model", args_.model == kCbow ? "cbow" : "skipgram"},
          {"loss", kLossNames[args_.loss]},
          {"dim", args_.dim},
          {"ws", args_.ws},
          {"epoch", args_.epoch},
          {"minCount", args_.min_count},
          {"neg", args_.neg},
          {"wordNgrams", args_.word_ngrams},
          {"minn", args_.minn},
          {"maxn", args_.maxn},
          {"bucket", args_.bucket},
          {"lrUpdateRate", args_.lr_update_rate},
          {"t", args_.t}};
}

}  // namespace wordvec

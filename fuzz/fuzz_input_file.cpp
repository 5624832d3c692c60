// Fuzzes the corpus input reader on arbitrary bytes: the format is told by
// the first bytes (gzip, xz, zstd, bzip2 or plain text), so mutations of the
// seeds reach every decoder. Reading must give text or throw Error; plain
// text must come back byte for byte, in pieces of any size.
#include <algorithm>
#include <string>

#include "base/error.h"
#include "fuzz_support.h"
#include "text/input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wordvec::fuzz::MemoryFile file("input");
  const std::string& path = file.write(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool plain = wordvec::detect_compression(bytes.substr(0, wordvec::kMagicBytes)) == wordvec::Compression::kNone;
  // Read sizes from 1 byte up, so buffer edges fall everywhere.
  const std::size_t piece = 1 + (size > 0 ? data[size - 1] : 0) * 97;
  std::string text, buffer(piece, '\0');
  try {
    const auto input = wordvec::open_input_file(path);
    // A few kB can decode to gigabytes (zstd, bzip2): 16 MB is enough to see.
    for (std::size_t n; text.size() < (16u << 20) && (n = input->read(buffer.data(), buffer.size())) > 0;) {
      WORDVEC_FUZZ_CHECK(n <= piece);
      if (plain) text.append(buffer.data(), n);
      else text.resize(text.size() + n);
    }
    if (plain) WORDVEC_FUZZ_CHECK(text == bytes);
  } catch (const wordvec::Error&) {
    WORDVEC_FUZZ_CHECK(!plain);  // a file's own bytes can always be read
  }
  return 0;
}

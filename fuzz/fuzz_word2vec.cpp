// Fuzzes the word2vec reader (wv-query's --format w2v-bin / w2v-text and
// auto-detection) on arbitrary bytes: it must either throw Error or return
// consistent contents, whatever the header claims.
#include <optional>

#include "base/error.h"
#include "fuzz_support.h"
#include "model/word2vec_format.h"

using wordvec::fuzz::consume;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wordvec::fuzz::MemoryFile file("word2vec");
  // The first byte picks the encoding (so seeds stay plain word2vec files,
  // it is also the first byte of the file).
  std::optional<wordvec::Word2vecEncoding> encoding;
  if (size > 0 && data[0] % 3 == 1) encoding = wordvec::Word2vecEncoding::Binary;
  if (size > 0 && data[0] % 3 == 2) encoding = wordvec::Word2vecEncoding::Text;
  const std::string& path = file.write(data, size);
  try {
    const wordvec::Word2vecContents c = wordvec::read_word2vec(path, encoding);
    const std::size_t rows = c.vectors.rows();
    WORDVEC_FUZZ_CHECK(rows > 0 && c.vectors.dim() > 0);
    WORDVEC_FUZZ_CHECK(c.word_offsets.size() == rows + 1);
    WORDVEC_FUZZ_CHECK(c.word_offsets.front() == 0 && c.word_offsets.back() == c.word_bytes.size());
    for (std::size_t r = 0; r < rows; ++r) WORDVEC_FUZZ_CHECK(c.word_offsets[r] <= c.word_offsets[r + 1]);
    float acc = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = c.vectors.row(r);
      for (std::size_t d = 0; d < c.vectors.dim(); ++d) acc += row[d];
      for (std::size_t d = c.vectors.dim(); d < c.vectors.stride(); ++d) WORDVEC_FUZZ_CHECK(row[d] == 0.0f);
    }
    consume(acc);
  } catch (const wordvec::Error&) {
  }
  return 0;
}

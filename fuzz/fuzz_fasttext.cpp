// Fuzzes the fastText .bin reader (wv-query's --format ft-bin and its
// auto-detection) on arbitrary bytes: it must either throw Error or give a
// model whose words, rows and composed vectors stay inside the file, whatever
// its counts claim.
#include <string>
#include <vector>

#include "base/error.h"
#include "fuzz_support.h"
#include "model/fasttext_format.h"
#include "query/embeddings.h"

using wordvec::fuzz::consume;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wordvec::fuzz::MemoryFile file("fasttext");
  const std::string& path = file.write(data, size);
  try {
    const wordvec::FastTextModel model = wordvec::FastTextModel::open(path);
    WORDVEC_FUZZ_CHECK(model.dim() > 0);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < model.size(); ++i) bytes += model.word(i).size();
    WORDVEC_FUZZ_CHECK(bytes < size);
    WORDVEC_FUZZ_CHECK((model.size() + model.bucket_rows().rows) * model.dim() * sizeof(float) < size);
    // Load it as wv-query does, and build a vector for a word it lacks.
    wordvec::LoadOptions options;
    options.format = wordvec::EmbeddingFormat::FastTextBinary;
    const wordvec::Embeddings e = wordvec::Embeddings::load(path, options);
    const wordvec::WordId id = e.lookup("\xc3\xa9pxq\xf0\x9f\x98\x80");
    if (id != wordvec::kNoWord) consume(e.unit_vector(id)[0]);
  } catch (const wordvec::Error&) {
  }
  return 0;
}

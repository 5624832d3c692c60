#pragma once
// Owns: reading and writing word2vec's binary and text vector formats (also fastText .vec, GloVe).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/matrix.h"

namespace wordvec {

enum class Word2vecEncoding { Binary, Text };

// Words and raw (not normalised) vectors read from a word2vec-style file.
struct Word2vecContents {
  std::vector<char> word_bytes;           // all words back to back
  std::vector<std::size_t> word_offsets;  // V + 1 offsets into word_bytes
  Matrix vectors;                      // V x D, padding zeroed
  Word2vecEncoding encoding = Word2vecEncoding::Binary;
};

// Reads word2vec's binary format ("V D" line, then per word "word " and D
// little-endian float32, a newline after each vector or not) or the text
// format of word2vec, gensim and fastText's .vec ("V D" line, then
// "word v1 ... vD" lines; spaces or tabs, CRLF tolerated). Text without the
// header line (GloVe) is read too, the dimension taken from the first line.
// With no `encoding` it is detected from the first record. Every mismatch
// between the header and the body throws Error naming the file and the word.
Word2vecContents read_word2vec(const std::string& path, std::optional<Word2vecEncoding> encoding);

// Writes word2vec's formats, for gensim and word2vec's own tools: a "V D"
// header line, then per word "word " + D little-endian float32 + "\n"
// (binary) or "word v1 v2 ... vD\n" (text), atomically (see AtomicFile).
void export_word2vec(const std::string& path, const std::vector<std::string>& words,
                     const MatrixView& vectors, bool binary);

}  // namespace wordvec

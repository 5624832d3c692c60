#include "model/word2vec_format.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/text.h"
#include "model/atomic_file.h"

namespace wordvec {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "word2vec binary files are little-endian; add a byte swap");

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool parse_count(std::string_view token, std::size_t& value) {
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  return ec == std::errc() && end == token.data() + token.size() && !token.empty();
}

// Parses exactly `dim` numbers from `values` into `out`; returns what is
// wrong, or an empty string.
std::string parse_vector(std::string_view values, float* out, std::size_t dim) {
  for (std::size_t d = 0; d < dim; ++d) {
    const std::string_view token = next_word(values);
    if (token.empty()) return fmt::format("has {} values where the dimension is {}", d, dim);
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out[d]);
    if (ec != std::errc() || end != token.data() + token.size())
      return fmt::format("has '{}' where value {} should be", token, d + 1);
  }
  if (!next_word(values).empty()) return fmt::format("has more values than the dimension {}", dim);
  return {};
}

struct Header {
  bool present = false;
  std::size_t words = 0, dim = 0;
  std::size_t body = 0;  // offset of the first record
};

Header read_header(std::string_view file) {
  const std::size_t newline = std::min(file.find('\n'), file.size());
  std::string_view line = file.substr(0, newline);
  Header h;
  const std::string_view words = next_word(line), dim = next_word(line);
  if (parse_count(words, h.words) && parse_count(dim, h.dim) && next_word(line).empty()) {
    h.present = true;
    h.body = std::min(newline + 1, file.size());
  }
  return h;
}

// A header is followed by a text record when the first line after it is a
// word and exactly `dim` numbers; binary floats practically never look so.
Word2vecEncoding detect_encoding(std::string_view file, const Header& h) {
  if (!h.present) return Word2vecEncoding::Text;
  std::string_view first = file.substr(h.body);
  first = first.substr(0, std::min(first.find('\n'), first.size()));
  next_word(first);
  // dim numbers take more than dim bytes; checking this first also keeps a
  // header's absurd dimension from sizing the scratch vector below.
  if (h.dim > first.size()) return Word2vecEncoding::Binary;
  std::vector<float> scratch(h.dim);
  return parse_vector(first, scratch.data(), h.dim).empty() ? Word2vecEncoding::Text : Word2vecEncoding::Binary;
}

void check_header(const std::string& path, const Header& h) {
  if (!h.present) throw Error(fmt::format("'{}' has no \"<words> <dimension>\" header line (not a word2vec binary file)", path));
  if (h.words == 0 || h.dim == 0) throw Error(fmt::format("'{}' header announces {} words of dimension {}", path, h.words, h.dim));
  if (h.dim > 1'000'000 || h.words > std::size_t{1} << 31)
    throw Error(fmt::format("'{}' header announces {} words of dimension {}, too large to be real", path, h.words, h.dim));
}

Word2vecContents read_binary(const std::string& path, std::string_view file, const Header& h) {
  check_header(path, h);
  const std::size_t vector_bytes = h.dim * sizeof(float);
  // A file shorter than the header's claim is rejected before allocating for it.
  if ((file.size() - h.body) / (vector_bytes + 2) < h.words)
    throw Error(fmt::format("'{}' is too short for the {} words of dimension {} its header announces", path, h.words, h.dim));
  Word2vecContents out;
  out.vectors = Matrix(h.words, h.dim);
  out.word_offsets.reserve(h.words + 1);
  out.word_offsets.push_back(0);
  std::size_t pos = h.body;
  bool newline_after_vectors = false;
  for (std::size_t r = 0; r < h.words; ++r) {
    while (pos < file.size() && file[pos] == '\n') ++pos;  // the previous vector's newline, as word2vec skips it
    const std::size_t space = file.find(' ', pos);
    if (space == std::string_view::npos)
      throw Error(fmt::format("'{}' ends at word {} of the {} its header announces (truncated?)", path, r + 1, h.words));
    const std::string_view word = file.substr(pos, space - pos);
    if (word.empty())
      throw Error(fmt::format("'{}': word {} is empty: the header's dimension {} does not match the data, or the file "
                              "is corrupt", path, r + 1, h.dim));
    // Words never hold whitespace (no tokenizer puts it there); one that
    // does is float bytes read as a word, so the records are misaligned.
    // Other control bytes are legal: corpora can hold them, and we export them.
    if (std::any_of(word.begin(), word.end(), [](char c) { return is_space(static_cast<unsigned char>(c)); }))
      throw Error(fmt::format("'{}': word {} holds whitespace: the header's dimension {} does not match the data, "
                              "or this is not a word2vec binary file", path, r + 1, h.dim));
    pos = space + 1;
    if (file.size() - pos < vector_bytes)
      throw Error(fmt::format("'{}' ends inside the vector of '{}', word {} of {} (truncated, or the header's dimension {} is wrong)",
                              path, word, r + 1, h.words, h.dim));
    float* row = out.vectors.row(r);
    std::memcpy(row, file.data() + pos, vector_bytes);
    std::fill(row + h.dim, row + out.vectors.stride(), 0.0f);
    pos += vector_bytes;
    // word2vec ends every vector with a newline; if the first does, a record
    // whose vector does not end so means the header's dimension is wrong.
    const bool newline = pos < file.size() && file[pos] == '\n';
    if (r == 0) newline_after_vectors = newline;
    else if (newline_after_vectors && !newline && pos != file.size())
      throw Error(fmt::format("'{}': the vector of '{}' (word {}) is not followed by a newline like the others: "
                              "the header's dimension {} does not match the data", path, word, r + 1, h.dim));
    out.word_bytes.insert(out.word_bytes.end(), word.begin(), word.end());
    out.word_offsets.push_back(out.word_bytes.size());
  }
  if (!trim(file.substr(pos)).empty())
    throw Error(fmt::format("'{}' has data after the {} words its header announces (is the header's word count right?)", path, h.words));
  out.encoding = Word2vecEncoding::Binary;
  return out;
}

// The non-blank lines after the header, trimmed. One pass finds them
// (memchr speed); parsing the numbers, the costly part, then runs in
// parallel.
std::vector<std::string_view> text_lines(std::string_view file, const Header& h) {
  std::vector<std::string_view> lines;
  lines.reserve(h.present ? std::min(h.words, file.size() / 2) : 0);  // the header's count is not checked yet
  for (std::size_t pos = h.body; pos < file.size();) {
    const std::size_t newline = std::min(file.find('\n', pos), file.size());
    const std::string_view line = trim(file.substr(pos, newline - pos));
    if (!line.empty()) lines.push_back(line);
    pos = newline + 1;
  }
  return lines;
}

// The dimension, from the header or the first line, once every line has been
// seen to be long enough for it.
std::size_t text_dimension(const std::string& path, const Header& h, const std::vector<std::string_view>& lines) {
  std::size_t dim = h.dim;
  if (h.present) {
    check_header(path, h);
    if (lines.size() != h.words)
      throw Error(fmt::format("'{}' header announces {} words but the file has {} lines of vectors", path, h.words, lines.size()));
  } else {
    if (lines.empty()) throw Error(fmt::format("'{}' has no vectors", path));
    std::string_view first = lines[0];
    next_word(first);
    for (dim = 0; !next_word(first).empty(); ++dim) {
    }
    if (dim == 0) throw Error(fmt::format("'{}' is not a word2vec file: its first line is a single word", path));
  }

  // A line holds a word and dim numbers, so at least 2 * dim + 1 bytes; one
  // that is shorter is reported before the matrix is sized, so that a small
  // file whose header claims a huge dimension cannot cost gigabytes.
  for (std::size_t r = 0; r < lines.size(); ++r) {
    if (lines[r].size() > 2 * dim) continue;
    std::string_view values = lines[r];
    const std::string_view word = next_word(values);
    std::vector<float> scratch(lines[r].size());  // fewer than dim values fit in the line
    throw Error(fmt::format("'{}': the vector of '{}' (word {}) {}{}", path, word, r + 1,
                            parse_vector(values, scratch.data(), dim),
                            h.present ? " given in the header" : " taken from the first line"));
  }
  return dim;
}

Word2vecContents read_text(const std::string& path, std::string_view file, const Header& h) {
  const std::vector<std::string_view> lines = text_lines(file, h);
  const std::size_t dim = text_dimension(path, h, lines);
  Word2vecContents out;
  out.vectors = Matrix(lines.size(), dim);
  out.word_offsets.reserve(lines.size() + 1);
  out.word_offsets.push_back(0);
  std::vector<std::string_view> values(lines.size());
  for (std::size_t r = 0; r < lines.size(); ++r) {
    values[r] = lines[r];
    const std::string_view word = next_word(values[r]);
    out.word_bytes.insert(out.word_bytes.end(), word.begin(), word.end());
    out.word_offsets.push_back(out.word_bytes.size());
  }
  const std::size_t rows = lines.size();
  std::size_t first_bad = rows;
#pragma omp parallel for schedule(dynamic, 1024) reduction(min : first_bad)
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = out.vectors.row(r);
    std::fill(row + dim, row + out.vectors.stride(), 0.0f);
    if (!parse_vector(values[r], row, dim).empty()) first_bad = std::min(first_bad, r);
  }
  if (first_bad < rows) {
    const std::string problem = parse_vector(values[first_bad], out.vectors.row(first_bad), dim);
    const std::size_t begin = out.word_offsets[first_bad], end = out.word_offsets[first_bad + 1];
    throw Error(fmt::format("'{}': the vector of '{}' (word {}) {}{}", path,
                            std::string_view(out.word_bytes.data() + begin, end - begin), first_bad + 1, problem,
                            h.present ? " given in the header" : " taken from the first line"));
  }
  out.encoding = Word2vecEncoding::Text;
  return out;
}

}  // namespace

Word2vecContents read_word2vec(const std::string& path, std::optional<Word2vecEncoding> encoding) {
  // The readers walk the mapping without copying it.
  const MappedFile mapped(path, "");
  if (mapped.size() == 0) throw Error(fmt::format("'{}' is empty", path));
  mapped.advise_sequential();
  const std::string_view file = mapped.bytes();
  const Header header = read_header(file);
  const Word2vecEncoding chosen = encoding ? *encoding : detect_encoding(file, header);
  return chosen == Word2vecEncoding::Binary ? read_binary(path, file, header) : read_text(path, file, header);
}

void export_word2vec(const std::string& path, const std::vector<std::string>& words, const MatrixView& vectors,
                     bool binary) {
  AtomicFile file(path);
  file.write(fmt::format("{} {}\n", vectors.rows, vectors.dim));
  fmt::memory_buffer line;
  for (std::size_t r = 0; r < vectors.rows; ++r) {
    line.clear();
    fmt::format_to(std::back_inserter(line), "{}", words[r]);
    if (binary) {
      line.push_back(' ');
      const char* bytes = reinterpret_cast<const char*>(vectors.row(r));
      line.append(bytes, bytes + vectors.dim * sizeof(float));
    } else {
      // Shortest round-trip representation: text export loses no precision.
      for (std::size_t d = 0; d < vectors.dim; ++d) fmt::format_to(std::back_inserter(line), " {}", vectors.row(r)[d]);
    }
    line.push_back('\n');
    file.write(line.data(), line.size());
  }
  file.commit();
}

}  // namespace wordvec

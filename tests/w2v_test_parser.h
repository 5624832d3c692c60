#pragma once
// Strict, independent parsers of word2vec's formats, so tests check our
// exports against the format itself rather than against our own reader.
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace wordvec::test {

struct W2V {
  std::size_t rows = 0, dim = 0;
  std::vector<std::string> words;
  std::vector<std::vector<float>> vectors;
};

// A strict parser of word2vec's binary format: "V D\n", then per word
// "word " + D little-endian floats + "\n".
inline W2V parse_w2v_binary(const std::string& bytes) {
  W2V out;
  std::size_t pos = bytes.find('\n');
  REQUIRE(pos != std::string::npos);
  std::istringstream header(bytes.substr(0, pos));
  header >> out.rows >> out.dim;
  ++pos;
  for (std::size_t r = 0; r < out.rows; ++r) {
    const std::size_t space = bytes.find(' ', pos);
    REQUIRE(space != std::string::npos);
    out.words.push_back(bytes.substr(pos, space - pos));
    pos = space + 1;
    REQUIRE(pos + out.dim * 4 + 1 <= bytes.size());
    std::vector<float> v(out.dim);
    std::memcpy(v.data(), bytes.data() + pos, out.dim * 4);
    out.vectors.push_back(v);
    pos += out.dim * 4;
    REQUIRE(bytes[pos] == '\n');
    ++pos;
  }
  REQUIRE(pos == bytes.size());
  return out;
}

inline W2V parse_w2v_text(const std::string& text) {
  W2V out;
  std::istringstream in(text);
  std::string line;
  REQUIRE(std::getline(in, line));
  std::istringstream header(line);
  header >> out.rows >> out.dim;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string word, value;
    fields >> word;
    out.words.push_back(word);
    std::vector<float> v;
    while (fields >> value) {
      char* end = nullptr;
      v.push_back(std::strtof(value.c_str(), &end));
      REQUIRE(*end == '\0');
    }
    REQUIRE(v.size() == out.dim);
    out.vectors.push_back(v);
  }
  REQUIRE(out.words.size() == out.rows);
  return out;
}

}  // namespace wordvec::test

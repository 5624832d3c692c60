#pragma once
#include <string>
#include <vector>

#include "model/model_file.h"
#include "model/word2vec_format.h"
#include "test_support.h"

namespace wordvec::test {

// Writes a wordvec model holding `words` with `vectors` (counts descending,
// as the trainer writes them) and returns its path.
inline std::string write_test_model(const TempDir& dir, const std::string& name, const std::vector<std::string>& words,
                                    const std::vector<std::vector<float>>& vectors,
                                    const nlohmann::json& settings = nlohmann::json::object()) {
  const std::size_t dim = vectors.at(0).size();
  std::vector<float> flat;
  for (const auto& v : vectors) flat.insert(flat.end(), v.begin(), v.end());
  std::vector<std::uint64_t> counts;
  for (std::size_t i = 0; i < words.size(); ++i) counts.push_back(1000 - i);
  ModelContents model;
  model.words = &words;
  model.counts = &counts;
  model.input = MatrixView{flat.data(), words.size(), dim, dim};
  model.settings = settings;
  const std::string path = dir.file(name);
  write_model(path, model);
  return path;
}

// The same words and vectors in word2vec's binary or text format.
inline std::string write_test_word2vec(const TempDir& dir, const std::string& name, const std::vector<std::string>& words,
                                       const std::vector<std::vector<float>>& vectors, bool binary) {
  const std::size_t dim = vectors.at(0).size();
  std::vector<float> flat;
  for (const auto& v : vectors) flat.insert(flat.end(), v.begin(), v.end());
  const std::string path = dir.file(name);
  export_word2vec(path, words, MatrixView{flat.data(), words.size(), dim, dim}, binary);
  return path;
}

// A small model whose answers are known: king/queen/man/woman lie on a
// "royal" axis and a "female" axis, apple far from both.
inline const std::vector<std::string> kRoyalWords = {"king", "queen", "man", "woman", "apple", "prince"};
inline const std::vector<std::vector<float>> kRoyalVectors = {
    {1.0f, 0.0f, 0.1f}, {1.0f, 1.0f, 0.1f}, {0.0f, 0.0f, 1.0f}, {0.0f, 1.0f, 1.0f}, {-1.0f, -1.0f, -1.0f}, {0.9f, 0.1f, 0.3f}};

}  // namespace wordvec::test

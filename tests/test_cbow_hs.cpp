// CBOW and hierarchical softmax: the Huffman tree (by hand, against
// word2vec's own construction, encoded and decoded), the settings that
// name them, and wv-train's --model and --loss as a user runs them.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "base/error.h"
#include "model/model_file.h"
#include "test_support.h"
#include "train/huffman_tree.h"
#include "train/train_options.h"

using wordvec::HuffmanTree;
using wordvec::ModelFile;
using wordvec::test::CorpusSpec;
using wordvec::test::expect_one_line_error;
using wordvec::test::TempDir;
using wordvec::test::wv_train;

namespace {

struct Path {
  std::vector<std::uint32_t> points;
  std::vector<int> codes;
  bool operator==(const Path& o) const { return points == o.points && codes == o.codes; }
};

Path path_of(const HuffmanTree& tree, wordvec::WordId word) {
  Path p;
  for (int d = 0; d < tree.depth(word); ++d) {
    p.points.push_back(tree.points(word)[d]);
    p.codes.push_back(tree.codes(word)[d]);
  }
  return p;
}

// word2vec.c's CreateBinaryTree, transcribed: the paths it gives each word.
std::vector<Path> word2vec_paths(const std::vector<std::uint64_t>& counts) {
  const long long v = static_cast<long long>(counts.size());
  std::vector<long long> count(static_cast<std::size_t>(2 * v + 1), static_cast<long long>(1e15)),
      binary(static_cast<std::size_t>(2 * v + 1), 0), parent(static_cast<std::size_t>(2 * v + 1), 0);
  for (long long a = 0; a < v; ++a) count[static_cast<std::size_t>(a)] = static_cast<long long>(counts[static_cast<std::size_t>(a)]);
  long long pos1 = v - 1, pos2 = v;
  auto take = [&] { return pos1 >= 0 && count[static_cast<std::size_t>(pos1)] < count[static_cast<std::size_t>(pos2)] ? pos1-- : pos2++; };
  for (long long a = 0; a < v - 1; ++a) {
    const long long min1 = take(), min2 = take();
    count[static_cast<std::size_t>(v + a)] = count[static_cast<std::size_t>(min1)] + count[static_cast<std::size_t>(min2)];
    parent[static_cast<std::size_t>(min1)] = parent[static_cast<std::size_t>(min2)] = v + a;
    binary[static_cast<std::size_t>(min2)] = 1;
  }
  std::vector<Path> paths(static_cast<std::size_t>(v));
  for (long long a = 0; a < v && v > 1; ++a) {
    Path& p = paths[static_cast<std::size_t>(a)];
    for (long long b = a; b != 2 * v - 2; b = parent[static_cast<std::size_t>(b)]) {
      p.codes.insert(p.codes.begin(), static_cast<int>(binary[static_cast<std::size_t>(b)]));
      p.points.insert(p.points.begin(), static_cast<std::uint32_t>(parent[static_cast<std::size_t>(b)] - v));
    }
  }
  return paths;
}

// The least total of count x depth over all binary trees (Huffman's theorem).
std::uint64_t optimal_cost(const std::vector<std::uint64_t>& counts) {
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> q(counts.begin(), counts.end());
  std::uint64_t cost = 0;
  while (q.size() > 1) {
    const std::uint64_t a = q.top();
    q.pop();
    const std::uint64_t b = q.top();
    q.pop();
    cost += a + b;
    q.push(a + b);
  }
  return cost;
}

}  // namespace

TEST_CASE("HuffmanTree gives a hand-worked vocabulary its paths", "[hs]") {
  // Counts 5 4 3 2 1 (ids 0..4). Merges, lightest first, a tie going to the
  // inner node: n0 = {4, 3} (weight 3), n1 = {n0, 2} (6), n2 = {1, 0} (9),
  // n3 = {n1, n2} (15, the root). The second node of each merge has code 1:
  //
  //                 n3
  //            0 /      \ 1
  //            n1        n2
  //         0 /  \ 1  0 /  \ 1
  //          n0   w2   w1   w0
  //       0 /  \ 1
  //        w4   w3
  const HuffmanTree tree({5, 4, 3, 2, 1}, 64);
  REQUIRE(tree.words() == 5);
  const Path want[] = {{{3, 2}, {1, 1}}, {{3, 2}, {1, 0}}, {{3, 1}, {0, 1}}, {{3, 1, 0}, {0, 0, 1}}, {{3, 1, 0}, {0, 0, 0}}};
  for (wordvec::WordId w = 0; w < 5; ++w) {
    INFO("word " << w);
    CHECK(path_of(tree, w) == want[w]);
  }
  // Two words: one decision at the root; one word: nothing to decide.
  const HuffmanTree two({7, 7}, 64), one({9}, 64);
  CHECK(path_of(two, 0) == Path{{0}, {1}});
  CHECK(path_of(two, 1) == Path{{0}, {0}});
  CHECK(one.depth(0) == 0);
  CHECK(one.encoded().empty());
}

TEST_CASE("HuffmanTree is word2vec's tree, and optimal, for any counts", "[hs]") {
  std::mt19937 gen(11);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t words = 1 + gen() % 300;
    std::vector<std::uint64_t> counts(words);
    // Few distinct values, so ties between leaves and inner nodes are common.
    for (auto& c : counts) c = trial % 2 ? 1 + gen() % 5 : 1 + gen() % 100000;
    std::sort(counts.rbegin(), counts.rend());
    INFO(words << " words, trial " << trial);
    const HuffmanTree tree(counts, 64);
    const std::vector<Path> want = word2vec_paths(counts);
    std::uint64_t cost = 0;
    for (wordvec::WordId w = 0; w < words; ++w) {
      REQUIRE(path_of(tree, w) == want[w]);
      cost += counts[w] * static_cast<std::uint64_t>(tree.depth(w));
    }
    CHECK(cost == optimal_cost(counts));
  }
}

TEST_CASE("HuffmanTree decodes what it encodes and refuses anything else", "[hs]") {
  const std::vector<std::uint64_t> counts = {90, 40, 40, 30, 7, 7, 6, 1};
  const HuffmanTree tree(counts, 64);
  const std::vector<std::uint32_t>& bytes = tree.encoded();
  REQUIRE(bytes.size() == 14);  // 2V - 2 nodes below the root
  const HuffmanTree back = HuffmanTree::decode(bytes.data(), bytes.size() * 4, counts.size(), 64);
  for (wordvec::WordId w = 0; w < counts.size(); ++w) CHECK(path_of(back, w) == path_of(tree, w));

  CHECK_THROWS_WITH(HuffmanTree::decode(bytes.data(), bytes.size() * 4, 9, 64), Catch::Contains("over 9 words"));
  CHECK_THROWS_WITH(HuffmanTree::decode(bytes.data(), 13 * 4, 8, 64), Catch::Contains("52 bytes"));
  auto broken = [&](std::size_t node, std::uint32_t value) {
    std::vector<std::uint32_t> b = bytes;
    b[node] = value;
    return HuffmanTree::decode(b.data(), b.size() * 4, counts.size(), 64);
  };
  CHECK_THROWS_WITH(broken(0, bytes[1]), Catch::Contains("malformed"));   // a code bit used twice under one node
  CHECK_THROWS_WITH(broken(13, 5 << 1), Catch::Contains("malformed"));    // a node its own parent (a cycle)
  CHECK_THROWS_WITH(broken(3, 7 << 1), Catch::Contains("malformed"));     // no such inner node
  // Deeper than the caller can train: Fibonacci counts give a path per level.
  CHECK_THROWS_WITH(HuffmanTree::decode(bytes.data(), bytes.size() * 4, counts.size(), 3), Catch::Contains("deep"));
  std::vector<std::uint64_t> fibonacci = {1, 1};
  while (fibonacci.size() < 70) fibonacci.push_back(fibonacci[fibonacci.size() - 1] + fibonacci[fibonacci.size() - 2]);
  std::reverse(fibonacci.begin(), fibonacci.end());
  CHECK_THROWS_WITH(HuffmanTree(fibonacci, 64), Catch::Contains("69 levels deep, more than the 64"));
}

TEST_CASE("settings name the model and loss; older models read as skip-gram with negative sampling", "[hs][cbow]") {
  wordvec::TrainOptions o;
  o.model = wordvec::ModelType::kCbow;
  o.loss = wordvec::LossType::kHierarchicalSoftmax;
  nlohmann::json j = wordvec::settings_to_json(o);
  CHECK(j.at("model") == "cbow");
  CHECK(j.at("loss") == "hs");
  const wordvec::TrainOptions back = wordvec::settings_from_json(j);
  CHECK(back.model == wordvec::ModelType::kCbow);
  CHECK(back.loss == wordvec::LossType::kHierarchicalSoftmax);
  j.erase("model");
  j.erase("loss");
  const wordvec::TrainOptions old = wordvec::settings_from_json(j);
  CHECK(old.model == wordvec::ModelType::kSkipGram);
  CHECK(old.loss == wordvec::LossType::kNegativeSampling);
  j["loss"] = "softmax";
  CHECK_THROWS_WITH(wordvec::settings_from_json(j), Catch::Contains("--loss must be 'ns'"));
}

namespace {

// Three topics of six words plus four function words.
std::string topics_corpus() {
  CorpusSpec spec;
  spec.topics = 3;
  spec.words_per_topic = 6;
  spec.lines = 1500;
  return wordvec::test::synthetic_corpus(spec);
}
const std::string kSettings = " -q --threads 1 --dim 16 --epochs 5 --sample 0 --window 3 --min-count 1";

// How many of the 18 topic words have a word of their own topic nearest.
std::size_t own_topic_neighbours(const ModelFile& m) {
  std::vector<std::string> words;
  for (wordvec::WordId w = 0; w < m.vocab_size(); ++w) words.emplace_back(m.word(w));
  return wordvec::test::ReferenceNeighbours(words, m.input_vectors(), m.dim(), m.dim()).nearest_in_own_topic();
}

}  // namespace

TEST_CASE("wv-train --model cbow and --loss hs train models that learn the topics", "[cli][cbow][hs]") {
  TempDir dir;
  const std::string corpus = dir.write("c.txt", topics_corpus());
  struct Case {
    std::string flags, model, loss;
    double lr;
  };
  const Case cases[] = {{" --model cbow", "cbow", "ns", 0.05},
                        {" --model cbow --lr 0.02", "cbow", "ns", 0.02},
                        {" --loss hs", "skipgram", "hs", 0.025},
                        {" --model cbow --loss hs", "cbow", "hs", 0.05},
                        {" --loss hs --mode pair", "skipgram", "hs", 0.025}};
  for (const Case& c : cases) {
    INFO("wv-train" << c.flags);
    const auto r = wv_train("-i " + corpus + " -o " + dir.file("m.wv") + kSettings + c.flags);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const ModelFile m = ModelFile::open(dir.file("m.wv"));
    CHECK(m.settings().at("model") == c.model);
    CHECK(m.settings().at("loss") == c.loss);
    CHECK(m.settings().at("lr").get<double>() == Approx(c.lr));
    CHECK(own_topic_neighbours(m) == 18);
    // Hierarchical softmax's context rows are the tree's nodes: the tree is stored with them.
    const ModelFile::Section* tree = m.section(wordvec::kHuffmanSection);
    REQUIRE((tree != nullptr) == (c.loss == "hs"));
    if (tree) {
      std::vector<std::uint64_t> counts;
      for (wordvec::WordId w = 0; w < m.vocab_size(); ++w) counts.push_back(m.count(w));
      const HuffmanTree stored = HuffmanTree::decode(tree->data, tree->size, m.vocab_size(), 64);
      CHECK(stored.encoded() == HuffmanTree(counts, 64).encoded());
    }
  }
}

TEST_CASE("wv-train refuses model and loss flags it cannot use, in one line", "[cli][cbow][hs]") {
  TempDir dir;
  const std::string args = "-i " + dir.write("c.txt", topics_corpus()) + " -o " + dir.file("m.wv") + kSettings;
  expect_one_line_error(wv_train(args + " --model sg"), 2, "--model must be 'skipgram' or 'cbow', got 'sg'");
  expect_one_line_error(wv_train(args + " --loss softmax"), 2, "--loss must be 'ns'");
  expect_one_line_error(wv_train(args + " --loss hs --negative 5"), 2, "draws no negative samples: drop --negative");
  expect_one_line_error(wv_train(args + " --model cbow --mode window"), 2, "drop --mode");
  // A vocabulary whose counts grow like Fibonacci numbers makes a tree
  // deeper than hierarchical softmax can train.
  std::string vocab;
  std::uint64_t a = 1, b = 1;
  for (int i = 0; i < 70; ++i, b = a + b, a = b - a) vocab += "w" + std::to_string(i) + " " + std::to_string(a) + "\n";
  expect_one_line_error(wv_train(args + " --loss hs --read-vocab " + dir.write("v.txt", vocab)), 1, "levels deep");
  CHECK_FALSE(std::filesystem::exists(dir.file("m.wv")));
}

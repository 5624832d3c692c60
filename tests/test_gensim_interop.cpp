// Acceptance check that our word2vec export is what gensim users get: the
// exported vectors, loaded by gensim, give the same nearest neighbours as
// wv-query gives on our own model file.
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

using namespace wordvec::test;

namespace {
bool gensim_available() { return run_program("/usr/bin/python3", {"-c", "import gensim"}).status == 0; }

std::vector<std::string> words_of(const nlohmann::json& neighbours) {
  std::vector<std::string> words;
  for (const auto& n : neighbours) words.push_back(n.at("word").get<std::string>());
  return words;
}
}  // namespace

TEST_CASE("word2vec export gives gensim the neighbours wv-query gives", "[interop][gensim]") {
  if (!gensim_available()) WORDVEC_SKIP("gensim is not installed for /usr/bin/python3 (apt-get install python3-gensim)");
  TempDir dir;
  const std::string model = dir.file("demo.wv"), exported = dir.file("demo.bin");
  auto trained = wv_train("-i " + source_path("data/demo-corpus.txt") + " -o " + model + " --export-w2v " + exported +
                          " --dim 50 --epochs 2 --threads 1 -q");
  INFO(trained.err);
  REQUIRE(trained.status == 0);

  const std::vector<std::string> queries = {"cat", "paris", "king", "dogs"};
  const std::string script =
      "import json, sys\n"
      "from gensim.models import KeyedVectors\n"
      "kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)\n"
      "for w in sys.argv[2:]:\n"
      "    print(json.dumps([x for x, _ in kv.most_similar(w, topn=10)]))\n"
      "print(json.dumps([x for x, _ in kv.most_similar(positive=['king', 'woman'], negative=['man'], topn=10)]))\n";
  const std::string script_path = dir.write("gensim_neighbours.py", script);
  std::vector<std::string> args = {script_path, exported};
  args.insert(args.end(), queries.begin(), queries.end());
  auto gensim = run_program("/usr/bin/python3", args);
  INFO(gensim.err);
  REQUIRE(gensim.status == 0);
  std::istringstream gensim_lines(gensim.out);

  for (const auto& q : queries) {
    auto ours = wv_query(model + " neighbours " + q + " --json");
    REQUIRE(ours.status == 0);
    std::string line;
    REQUIRE(std::getline(gensim_lines, line));
    INFO("query " << q);
    CHECK(words_of(nlohmann::json::parse(ours.out).at("neighbours")) == nlohmann::json::parse(line).get<std::vector<std::string>>());
  }
  auto ours = wv_query(model + " analogy man king woman --json");
  REQUIRE(ours.status == 0);
  std::string line;
  REQUIRE(std::getline(gensim_lines, line));
  CHECK(words_of(nlohmann::json::parse(ours.out).at("neighbours")) == nlohmann::json::parse(line).get<std::vector<std::string>>());
}

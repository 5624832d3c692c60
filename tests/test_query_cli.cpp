// wv-query as a script uses it: output formats, exit statuses, batch mode.
#include <sstream>

#include <nlohmann/json.hpp>

#include "query_test_support.h"

using namespace wordvec::test;
using nlohmann::json;

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  return fields;
}

struct CliModel {
  TempDir dir;
  std::string path = write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors, {{"dim", 3}, {"model", "sgns"}});
};

}  // namespace

TEST_CASE("wv-query answers one-shot neighbours, analogies, expressions and similarities", "[query][cli]") {
  CliModel m;
  auto r = wv_query(m.path + " neighbours king -k 2");
  REQUIRE(r.status == 0);
  CHECK(lines_of(r.out).size() == 2);
  CHECK(r.out.find("prince") < r.out.find("queen"));

  r = wv_query(m.path + " analogy man king woman --json -k 1");
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["query"] == "analogy man king woman");
  CHECK(j["neighbours"][0]["word"] == "queen");

  // The expression form, quoted or as separate arguments (-- lets "-" pass).
  for (const auto& args : std::vector<std::vector<std::string>>{{m.path, "king - man + woman", "--json", "-k", "1"},
                                                                {m.path, "--json", "-k", "1", "--", "king", "-", "man", "+", "woman"}}) {
    r = run_program(bin("wv-query"), args);
    REQUIRE(r.status == 0);
    j = json::parse(r.out);
    CHECK(j["query"] == "king - man + woman");
    CHECK(j["neighbours"][0]["word"] == "queen");
    CHECK(j["neighbours"][0]["score"].get<double>() > 0.9);
  }
  r = wv_query(m.path + " king --method mul --json -k 1");
  CHECK(json::parse(r.out)["neighbours"][0]["word"] == "prince");
  r = wv_query(m.path + " similarity king queen --json");
  CHECK(json::parse(r.out)["similarity"].get<double>() == Approx(1.01 / (std::sqrt(1.01) * std::sqrt(2.01))));
}

TEST_CASE("wv-query names unknown words and exits 1, usage errors exit 2", "[query][cli]") {
  CliModel m;
  auto r = wv_query(m.path + " analogy man king duchess");
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "wv-query: error: word 'duchess' is not in the vocabulary\n");
  expect_one_line_error(run_program(bin("wv-query"), {m.path, "king man"}), 1, "expected + or - between 'king' and 'man'");
  r = wv_query(m.path + " king -k 0");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("usage error") != std::string::npos);
  CHECK(wv_query(m.path + " king --method div").status == 2);
  CHECK(wv_query(m.path + " eval-analogy").status == 2);
  CHECK(wv_query("").status == 2);
  expect_one_line_error(wv_query(m.dir.file("missing.wv") + " king"), 1, "cannot open");
  CHECK(wv_query("--help").status == 0);
}

TEST_CASE("wv-query batch writes one parseable record per query and goes on after errors", "[query][cli]") {
  CliModel m;
  const auto queries = m.dir.write("q.txt", "king\n\n# a comment\nsimilarity king queen\nanalogy man king duchess\n"
                                            "king - man + woman\nking man\n");
  auto r = wv_query(m.path + " batch " + queries + " -k 2");
  CHECK(r.status == 1);  // some lines failed
  auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 5);  // five records; the summary is on stderr
  CHECK(split_tabs(lines[0]) == std::vector<std::string>{"1", "king", "ok", "prince", split_tabs(lines[0])[4], "queen",
                                                          split_tabs(lines[0])[6]});
  CHECK(std::stod(split_tabs(lines[0])[4]) > std::stod(split_tabs(lines[0])[6]));
  CHECK(split_tabs(lines[1])[0] == "4");
  CHECK(split_tabs(lines[1])[2] == "ok");
  CHECK(split_tabs(lines[2]) == std::vector<std::string>{"5", "analogy man king duchess", "error",
                                                          "word 'duchess' is not in the vocabulary"});
  CHECK(split_tabs(lines[3])[3] == "queen");
  CHECK(split_tabs(lines[4])[2] == "error");
  CHECK(r.err == "wv-query: error: 2 of 5 queries failed\n");

  // JSON lines from stdin, with no command (stdin is not a terminal).
  r = wv_query(m.path + " --json -k 1", with_stdin("king\nsimilarity king queen\nneighbours king zebra\n"));
  CHECK(r.status == 1);
  lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(r.err == "wv-query: error: 1 of 3 queries failed\n");
  CHECK(json::parse(lines[0])["neighbours"].size() == 1);
  CHECK(json::parse(lines[1])["line"] == 2);
  const json error = json::parse(lines[2]);
  CHECK(error["error"] == "word 'zebra' is not in the vocabulary");
  CHECK(error["oov"] == json::array({"zebra"}));

  r = wv_query(m.path + " batch -", with_stdin("king\nqueen\n"));
  CHECK(r.status == 0);
  CHECK(lines_of(r.out).size() == 2);
  CHECK(r.err.empty());
}

TEST_CASE("wv-query info and evaluations print what scripts need", "[query][cli]") {
  CliModel m;
  auto r = wv_query(m.path + " info --json");
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["words"] == 6);
  CHECK(j["dim"] == 3);
  CHECK(j["format"] == "wv");
  CHECK(j["settings"]["model"] == "sgns");
  r = wv_query(m.path + " info");
  CHECK(r.out.find("dimension:       3") != std::string::npos);

  const auto questions = m.dir.write("q.txt", ": family\nman king woman queen\nman king woman apple\nman king zebra queen\n");
  r = wv_query(m.path + " eval-analogy " + questions + " --json");
  REQUIRE(r.status == 0);
  j = json::parse(r.out);
  CHECK(j["correct"] == 1);
  CHECK(j["seen"] == 2);
  CHECK(j["total"] == 3);
  CHECK(j["accuracy"] == 50.0);
  CHECK(j["sections"][0]["name"] == "family");
  CHECK(j["semantic"]["seen"] == 2);
  r = wv_query(m.path + " eval-analogy " + questions);
  CHECK(r.out.find("Questions seen / total: 2 / 3") != std::string::npos);

  const auto pairs = m.dir.write("p.txt", "king queen 8\nking apple 1\nman woman 6\nking zebra 3\n");
  r = wv_query(m.path + " eval-similarity " + pairs + " " + pairs + " --json");
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  j = json::parse(lines[0]);
  CHECK(j["used"] == 3);
  CHECK(j["missing"] == 1);
  CHECK(j["spearman"].is_number());
}

TEST_CASE("wv-query reads word2vec files and checks the model checksum", "[query][cli]") {
  CliModel m;
  const auto bin_file = write_test_word2vec(m.dir, "v.bin", kRoyalWords, kRoyalVectors, true);
  auto r = wv_query(bin_file + " analogy man king woman -k 1 --json");
  REQUIRE(r.status == 0);
  CHECK(json::parse(r.out)["neighbours"][0]["word"] == "queen");
  CHECK(wv_query(bin_file + " --format w2v-text king").status == 1);
  r = wv_query(m.path + " --format w2v-bin king");
  CHECK(r.status == 1);
  {
    std::fstream f(m.path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(128 + 8 * 6 + 8 * 7 + 3);  // the last letter of "king", the first word
    f.put('X');
  }
  expect_one_line_error(wv_query(m.path + " queen"), 1, "checksum mismatch");
  r = wv_query(m.path + " queen --no-verify -k 6");
  CHECK(r.status == 0);
  CHECK(r.out.find("kinX") != std::string::npos);
}

// The query engine as any front end uses it: a block of queries answered
// together, its records, and the help the command table gives.
#include <nlohmann/json.hpp>

#include "query/answer.h"
#include "query/commands.h"
#include "query/embeddings.h"
#include "query_test_support.h"

using namespace wordvec;
using namespace wordvec::test;

TEST_CASE("A block of queries is answered together, each failure in its own record", "[query][answer]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  SearchOptions options;
  options.k = 1;
  const std::vector<Answer> answers =
      answer_queries(e, {{"analogy", "man", "king", "woman"}, {"similarity", "king", "queen"}, {"analogy", "a"}}, options);
  REQUIRE(answers.size() == 3);
  CHECK(answer_tsv(e, answers[0], 1).rfind("1\tanalogy man king woman\tok\tqueen\t", 0) == 0);
  CHECK(answer_text(e, answers[0]).rfind("   1  queen         ", 0) == 0);
  CHECK(nlohmann::json::parse(answer_json(e, answers[1]))["similarity"].get<double>() == Approx(cosine_similarity(e, 0, 1)));
  CHECK(answer_text(e, answers[1]).rfind("cosine(king, queen) = ", 0) == 0);
  // A query that does not parse keeps its text for its record.
  CHECK(answer_json(e, answers[2], 3) ==
        R"j({"line":3,"query":"analogy a","error":"analogy needs 3 words (A B C: A is to B as C is to ?), got 1"})j");
}

TEST_CASE("The help lists every command of the table", "[query][answer]") {
  const std::string help = commands_help();
  for (const Command& c : commands())
    CHECK(help.find("\n  " + (c.names.empty() ? c.usage : c.names[0])) != std::string::npos);
}

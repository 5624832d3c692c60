// The query expression parser and the query request forms.
#include "query/commands.h"
#include "query/embeddings.h"
#include "query/query_expression.h"
#include "query_test_support.h"
#include "query/search.h"

using namespace wordvec;
using namespace wordvec::test;
using Words = std::vector<std::string>;

TEST_CASE("Expressions split into positive and negative words", "[query][expression]") {
  auto e = parse_query_expression("king - man + woman");
  CHECK(e.positive == Words{"king", "woman"});
  CHECK(e.negative == Words{"man"});
  e = parse_query_expression("  paris\t-  france + italy ");
  CHECK(e.positive == Words{"paris", "italy"});
  CHECK(e.negative == Words{"france"});
  CHECK(parse_query_expression("-lrb-").positive == Words{"-lrb-"});  // a word, not an operator
  e = parse_query_expression("- man + woman");
  CHECK(e.positive == Words{"woman"});
  CHECK(e.negative == Words{"man"});
  e = parse_query_expression("e-mail");
  CHECK(e.positive == Words{"e-mail"});
  CHECK(e.negative.empty());
}

TEST_CASE("Malformed expressions give an Error saying what is wrong", "[query][expression]") {
  CHECK_THROWS_WITH(parse_query_expression(""), "empty query");
  CHECK_THROWS_WITH(parse_query_expression("   "), "empty query");
  CHECK_THROWS_WITH(parse_query_expression("king -"), Catch::Contains("'-' at the end"));
  CHECK_THROWS_WITH(parse_query_expression("king - + man"), Catch::Contains("'+' follows '-'"));
  CHECK_THROWS_WITH(parse_query_expression("king man"), Catch::Contains("expected + or - between 'king' and 'man'"));
  CHECK_THROWS_WITH(parse_query_expression("+"), Catch::Contains("needs a word after it"));
}

TEST_CASE("Query requests: commands, expressions and their word counts", "[query][expression]") {
  auto r = parse_query_request({"analogy", "man", "king", "woman"});
  CHECK(r.command->kind == Command::Kind::Neighbours);
  CHECK(r.positive == Words{"king", "woman"});
  CHECK(r.negative == Words{"man"});
  CHECK(r.text == "analogy man king woman");
  r = parse_query_request({"neighbours", "a", "b"});
  CHECK(r.positive == Words{"a", "b"});
  r = parse_query_request({"similarity", "a", "b"});
  CHECK(r.command->kind == Command::Kind::Similarity);
  r = parse_query_request({"king", "-", "man"});
  CHECK(r.text == "king - man");
  CHECK(r.negative == Words{"man"});
  CHECK_THROWS_WITH(parse_query_request({"analogy", "a", "b"}), Catch::Contains("analogy needs 3 words"));
  CHECK_THROWS_WITH(parse_query_request({"similarity", "a"}), Catch::Contains("similarity needs 2 words"));
  CHECK_THROWS_WITH(parse_query_request({"neighbours"}), Catch::Contains("at least one word"));
}

TEST_CASE("Resolving a query names every word the model lacks", "[query][expression]") {
  TempDir dir;
  const Embeddings e = Embeddings::load(write_test_model(dir, "m.wv", kRoyalWords, kRoyalVectors));
  const Query q = resolve_query(e, parse_query_request({"king", "-", "man"}));
  CHECK(q.positive == std::vector<std::uint32_t>{0});
  CHECK(q.negative == std::vector<std::uint32_t>{2});
  try {
    resolve_query(e, parse_query_request({"analogy", "kingdom", "king", "dukes"}));
    FAIL("no OutOfVocabulary");
  } catch (const OutOfVocabulary& oov) {
    CHECK(oov.words() == Words{"dukes", "kingdom"});  // positive words first
    CHECK(std::string(oov.what()) == "words 'dukes', 'kingdom' are not in the vocabulary");
  }
  CHECK_THROWS_WITH(resolve_query(e, parse_query_request({"king-man"})),
                    "word 'king-man' is not in the vocabulary (in an expression, put spaces around + and -)");
}

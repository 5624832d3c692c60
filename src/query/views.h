#pragma once
// Owns: the commands that show the space (map, axis, attend, sense): their options, and their answers as text, TSV, JSON and SVG.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "query/embeddings.h"
#include "query/semantic.h"

namespace wordvec {

// What the view commands take besides their arguments (wv-query's flags).
struct ViewOptions {
  std::string model_path;               // named in captions and errors
  std::size_t k = 10, restrict_to = 0;  // axis's extremes, sense's neighbours
  std::string x_axis, y_axis;           // map: --x, --y ("NEG : POS")
  std::vector<std::string> groups;      // map: --group ("NAME: WORD...")
  double temperature = kDefaultTemperature;  // attend, sense
  std::vector<std::string> sentences;   // sense: --in
  bool picture = false;                 // -o: draw the SVG too
};

// One command's answer, in every form the front end prints.
struct ViewAnswer {
  std::string text;             // one-shot output, whole lines
  nlohmann::ordered_json json;  // the answer's fields (an object)
  std::string tsv;              // batch: the fields after "ok", each after a tab
  std::string svg;              // the picture, when options.picture and the command draws one
  std::string warning;          // one line for stderr (words left out), or empty
  std::vector<std::string> oov;  // the words left out
};

// Each takes the command's arguments as the command line gives them (one
// argument may hold several words: `axis "small tiny : large big"`).
// Throw Error (OutOfVocabulary when unknown words are the problem).
ViewAnswer map_view(const Embeddings& embeddings, const ViewOptions& options, const std::vector<std::string>& args);
ViewAnswer axis_view(const Embeddings& embeddings, const ViewOptions& options, const std::vector<std::string>& args);
ViewAnswer attend_view(const Embeddings& embeddings, const ViewOptions& options, const std::vector<std::string>& args);
ViewAnswer sense_view(const Embeddings& embeddings, const ViewOptions& options, const std::vector<std::string>& args);

// A batch or prompt line of a view command split into arguments: words
// separated by whitespace, and "double-quoted text" as one argument
// (quotes removed), so that `axis "small tiny : large big" cat dog` reads
// as it does on the command line. Throws Error for an unclosed quote.
std::vector<std::string> split_arguments(std::string_view line);

}  // namespace wordvec

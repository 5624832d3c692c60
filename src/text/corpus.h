#pragma once
// Owns: the first pass over the corpus: reading the inputs once, counting the vocabulary and spooling the text as word ids for the epochs to read.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "text/spool.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace wordvec {

struct CorpusOptions {
  TokenizerOptions tokenizer;
  VocabularyOptions vocab;
  std::size_t max_sentence_words = 1000;
  std::string tmp_dir;       // where the spool goes
  std::string what_tmp_dir;  // how errors name it, e.g. "--tmp-dir '/scratch'"
  int decoder_threads = 1;   // for xz inputs of several blocks
  bool spool = true;         // false: only count (the spool stays empty; for --save-vocab alone)
  // This process's share when several train together (src/cluster): every
  // process reads the whole text, cut into pieces (a line, or each
  // max_sentence_words tokens of one), and keeps piece k where
  // k % share_count == share_index; each kept piece starts a sentence.
  int share_index = 0, share_count = 1;
  // If set, the vocabulary is not finalized here: it receives this
  // process's counts of its share and returns the vocabulary that every
  // process uses, or nothing when they are to stop.
  std::function<std::optional<Vocabulary>(const Vocabulary& counted)> agree_vocabulary;
  // Continued training: the model's vocabulary, merged into the counted one
  // (see VocabularyCounter::finish). The spool is then marked as made from a
  // given vocabulary, so a checkpoint resumes with the merged one.
  const Vocabulary* base = nullptr;
};

// Progress of the first pass, for a display.
struct ReadProgress {
  std::uint64_t input_bytes = 0;  // read from the inputs (compressed bytes for compressed ones)
  std::uint64_t text_bytes = 0;   // text decoded
  std::uint64_t tokens = 0;       // tokens read
  std::size_t distinct = 0;       // distinct words held (after pruning)
  double seconds = 0;
  bool finished = false;
};

// What the first pass did, for the log and the benchmark.
struct CorpusStats {
  std::uint64_t input_bytes = 0, text_bytes = 0;
  std::uint64_t tokens = 0;           // every token of the text
  std::uint64_t raw_spool_bytes = 0;  // the spool's size at its largest, before finishing
  double read_seconds = 0;            // reading, decoding, tokenizing, counting and spooling
  double wait_seconds = 0;            // of which the tokenizer waited for the decoding thread
  double finish_seconds = 0;          // rewriting the spool with the final ids
};

struct Corpus {
  Vocabulary vocab;
  Spool spool;
  CorpusStats stats;
};

// The spool's size per token; the disk check assumes a token per 6 bytes of
// text (English averages 5.9 with its separator), so 2/3 of the text's size.
inline constexpr double kSpoolBytesPerTextByte = static_cast<double>(kSpoolEntryBytes) / 6.0;

// Before reading: throws Error (one line) if the spool that `inputs` are
// estimated to need would not fit in the free space of options.tmp_dir
// (nothing to check if options.spool is false).
void check_spool_space(const std::vector<std::string>& inputs, const CorpusOptions& options);

// Reads `inputs` (as expand_inputs names them) once, in order: counts the
// vocabulary (merged with options.base if set; or, if `given`, keeps its
// words and drops the others) and
// spools every token. `report` is called about every `report_seconds` and
// once at the end. Returns nothing if *stop was set (the spool is gone with
// it). Throws Error naming the input, or the temporary directory, on failure.
std::optional<Corpus> read_corpus(const std::vector<std::string>& inputs, const CorpusOptions& options,
                                  const Vocabulary* given = nullptr,
                                  const std::function<void(const ReadProgress&)>& report = nullptr,
                                  double report_seconds = 0.5, const std::atomic<bool>* stop = nullptr);

}  // namespace wordvec

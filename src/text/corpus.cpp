#include "text/corpus.h"

#include <chrono>
#include <numeric>

#include <fmt/format.h>

#include "base/error.h"
#include "base/temp_file.h"
#include "base/text.h"
#include "text/corpus_input.h"

namespace wordvec {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Which tokens are this process's share of the text (CorpusOptions::share_*):
// pieces dealt out in turn, so that every share samples the whole corpus
// (one topic-sorted file would otherwise give each process one topic).
class TextShare {
 public:
  explicit TextShare(const CorpusOptions& options)
      : index_(static_cast<std::uint64_t>(options.share_index)), count_(static_cast<std::uint64_t>(options.share_count)),
        piece_words_(options.max_sentence_words) {}

  // Whether the token after `newline` is kept; a kept piece's first token
  // gets `newline` set so that it starts a sentence in the spool.
  bool keep(bool& newline) {
    if (count_ == 1) return true;
    const bool starts = pieces_ == 0 || newline || in_piece_ >= piece_words_;
    if (starts) {
      ++pieces_;
      in_piece_ = 0;
    }
    ++in_piece_;
    if ((pieces_ - 1) % count_ != index_) return false;
    newline |= starts;
    return true;
  }

  // Throws Error (the same on every process) if some process got no text.
  void check_every_process_has_text() const {
    if (count_ > 1 && pieces_ < count_)
      throw Error(fmt::format("the corpus has {} piece{} of text (lines, or --max-sentence-words words of a line), fewer "
                              "than the {} processes sharing it: run fewer (mpirun -np)",
                              pieces_, pieces_ == 1 ? "" : "s", count_));
  }

 private:
  std::uint64_t index_, count_;
  std::uint64_t piece_words_;
  std::uint64_t pieces_ = 0, in_piece_ = 0;
};

// Each token's spool id: the given vocabulary's (tokens it lacks are
// dropped, a newline before them carried to the next kept token), or the
// counter's provisional id.
struct TokenIds {
  const Vocabulary* given;
  VocabularyCounter& counter;
  bool pending_newline = false;

  // False: the token is dropped.
  bool next(std::string_view token, bool& newline, std::uint32_t& id) {
    if (!given) {
      id = counter.add(token);
      return true;
    }
    id = given->find(token);
    pending_newline |= newline;
    if (id == kNoWord) return false;
    newline = pending_newline;
    pending_newline = false;
    return true;
  }
};

Error empty_corpus(const std::vector<std::string>& inputs) {
  return Error(inputs.size() == 1 ? fmt::format("corpus {} is empty", input_display_name(inputs[0]))
                                  : fmt::format("the corpus is empty: none of its {} inputs holds any text", inputs.size()));
}

// What the first pass read, decoded, counted and spooled.
CorpusStats first_pass_stats(CorpusInput& input, std::uint64_t tokens, const Spool& spool, Clock::time_point start) {
  CorpusStats stats;
  stats.input_bytes = input.counters().input_bytes.load();
  stats.text_bytes = input.counters().text_bytes.load();
  stats.tokens = tokens;
  stats.raw_spool_bytes = spool.appended() * kSpoolEntryBytes;
  stats.wait_seconds = input.wait_seconds();
  stats.read_seconds = seconds_since(start);
  return stats;
}

// The vocabulary the spool is finished with, and each spooled id's final
// id: the given one as it is, one agreed by several processes, or the
// counter's, finalized (onto `base`, a continued model's, if there is one);
// nothing if the processes agreed to stop.
std::optional<Vocabulary> final_vocabulary(const Vocabulary* given, const CorpusOptions& options,
                                           VocabularyCounter& counter, std::vector<WordId>& final_ids) {
  if (given) {
    final_ids.resize(given->size());
    std::iota(final_ids.begin(), final_ids.end(), WordId{0});
    return *given;
  }
  if (options.agree_vocabulary) {
    std::optional<Vocabulary> agreed = options.agree_vocabulary(counter.counted());
    if (agreed) final_ids = counter.ids_in(*agreed);
    return agreed;
  }
  return counter.finish(&final_ids, options.base);
}

}  // namespace

void check_spool_space(const std::vector<std::string>& inputs, const CorpusOptions& options) {
  if (!options.spool) return;
  const double text = static_cast<double>(estimated_text_bytes(inputs));
  const double needed = text * kSpoolBytesPerTextByte;
  const double free = static_cast<double>(free_bytes(options.tmp_dir, options.what_tmp_dir));
  if (needed > free)
    throw Error(fmt::format("the corpus (about {} of text) needs a spool of about {} in {} (4 bytes a word), but only {} "
                            "are free there: give --tmp-dir a directory with more space",
                            readable_size(text), readable_size(needed), options.what_tmp_dir, readable_size(free)));
}

std::optional<Corpus> read_corpus(const std::vector<std::string>& inputs, const CorpusOptions& options,
                                  const Vocabulary* given, const std::function<void(const ReadProgress&)>& report,
                                  double report_seconds, const std::atomic<bool>* stop) {
  const auto start = Clock::now();
  if (given && given->size() >= kSpoolMark) throw Error("the vocabulary has more than 2 billion words");
  Spool spool(options.tmp_dir, options.what_tmp_dir);
  CorpusInput input(inputs, options.decoder_threads, stop);
  TokenStream stream(input, options.tokenizer);
  VocabularyCounter counter(options.vocab);
  const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(report_seconds));
  auto next_report = start + interval;
  std::uint64_t tokens = 0;
  auto progress = [&](bool finished) {
    ReadProgress p;
    p.input_bytes = input.counters().input_bytes.load(std::memory_order_relaxed);
    p.text_bytes = input.counters().text_bytes.load(std::memory_order_relaxed);
    p.tokens = tokens;
    p.distinct = given ? given->size() : counter.distinct();
    p.seconds = seconds_since(start);
    p.finished = finished;
    return p;
  };

  std::string_view token;
  bool newline = false;
  TokenIds ids{given, counter};
  TextShare share(options);
  while (stream.next(token, newline)) {
    if ((++tokens & 0xFFFF) == 0) {
      if (stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
      if (report && Clock::now() >= next_report) {
        report(progress(false));
        next_report = Clock::now() + interval;
      }
    }
    if (!share.keep(newline)) continue;
    std::uint32_t id;
    if (!ids.next(token, newline, id)) continue;
    if (options.spool) spool.append(id | (newline ? kSpoolMark : 0));
  }
  if (stop && stop->load()) return std::nullopt;
  if (input.counters().text_bytes.load() == 0) throw empty_corpus(inputs);
  CorpusStats stats = first_pass_stats(input, tokens, spool, start);
  share.check_every_process_has_text();
  if (report) report(progress(true));

  const auto finishing = Clock::now();
  std::vector<WordId> final_ids;
  std::optional<Vocabulary> vocab = final_vocabulary(given, options, counter, final_ids);
  if (!vocab) return std::nullopt;
  spool.finish(final_ids, options.max_sentence_words, given != nullptr || options.base != nullptr);
  stats.finish_seconds = seconds_since(finishing);
  return Corpus{std::move(*vocab), std::move(spool), stats};
}

}  // namespace wordvec

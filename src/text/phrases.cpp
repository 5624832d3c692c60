#include "text/phrases.h"

#include <chrono>
#include <exception>
#include <memory>
#include <numeric>
#include <thread>

#include "base/error.h"
#include "text/corpus_input.h"
#include "text/pair_table.h"
#include "text/spool.h"
#include "text/vocabulary.h"

namespace wordvec {

namespace {
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadEntries = std::size_t{1} << 16;  // 256 KB of spool at a time
constexpr std::size_t kWriteBytes = std::size_t{1} << 20;   // text handed to `write` at a time

// Thrown through a pass when options.stop is set.
struct Stopped {};

void check_stop(const std::atomic<bool>* stop) {
  if (stop && stop->load(std::memory_order_relaxed)) throw Stopped{};
}

// Calls visit(entry) for each entry of a finished spool, in order.
template <class Visit>
void for_each_entry(const Spool& spool, const std::atomic<bool>* stop, Visit&& visit) {
  std::vector<std::uint32_t> buffer(kReadEntries);
  for (std::uint64_t at = 0; at < spool.size();) {
    check_stop(stop);
    const std::size_t n = spool.read(at, buffer.data(), buffer.size());
    for (std::size_t i = 0; i < n; ++i) visit(buffer[i]);
    at += n;
  }
}

// Marks a spool's entries as read back: the spool mark starts each line.
void finish_spool(Spool& spool, std::size_t words) {
  std::vector<WordId> same(words);
  std::iota(same.begin(), same.end(), WordId{0});
  spool.finish(same, SIZE_MAX, false);
}

// The words of the text: every distinct token seen (by any pass), by id.
// Never pruned, since the text written at the end needs every word; its
// counts are unused (each pass counts its own tokens).
struct Words {
  Vocabulary texts;
  std::vector<char> underscore;  // by id: the text holds a '_'

  WordId add(std::string_view text) {
    const WordId id = texts.add(text, 0);
    if (id == underscore.size()) underscore.push_back(text.find('_') != std::string_view::npos);
    if (id >= kSpoolMark) throw Error("the text has more than 2 billion distinct tokens");
    return id;
  }
  std::string joined(WordId a, WordId b) const { return texts.word(a) + "_" + texts.word(b); }
};

// The first pass's reading: the inputs' tokens into `words` and `spool`.
void read_inputs(const std::vector<std::string>& inputs, const PhraseOptions& options, Words& words, Spool& spool) {
  CorpusInput input(inputs, options.decoder_threads, options.stop);
  TokenStream stream(input, options.tokenizer);
  std::string_view token;
  bool newline = false;
  while (stream.next(token, newline)) spool.append(words.add(token) | (newline ? kSpoolMark : 0));
  check_stop(options.stop);  // the input ends early when stopped
  finish_spool(spool, words.texts.size());
}

// One pass's counts: tokens by id, and adjacent pairs, partitioned over
// tables by hash so that each counting thread owns one.
struct PassCounts {
  std::uint64_t tokens = 0;
  std::vector<std::uint64_t> words;
  std::vector<PairTable> pairs;

  std::size_t table_of(std::uint64_t hash) const { return static_cast<std::size_t>(hash >> 40) % pairs.size(); }
  std::uint64_t pair(std::uint64_t key) const { return pairs[table_of(PairTable::hash(key))].find(key); }
  std::size_t distinct_pairs() const {
    std::size_t n = 0;
    for (const PairTable& t : pairs) n += t.size();
    return n;
  }
};

// Counts the pairs of table `part` (and, in part 0, the tokens). Pairs
// span line ends, as word2phrase counts them (they are never joined
// across one). Bound by the cache miss of each pair's slot (the tables
// outgrow the caches: 4 million pairs, 128 MB): every thread reads the
// whole spool (sequential, from the page cache) but touches only its own
// pairs, so the misses are shared out. Measured on wiki100m (16.9M tokens,
// 4.0M distinct pairs) on the shared 2-core machine at load 5: 1.3 s a pass
// with one thread, 1.7 s with two (the second core was busy elsewhere).
void count_part(const Spool& spool, PassCounts& counts, std::size_t part, std::size_t most_pairs,
                const std::atomic<bool>* stop) {
  PairTable& table = counts.pairs[part];
  std::uint64_t prune_at_most = 1;
  bool first = true;
  WordId previous = 0;
  for_each_entry(spool, stop, [&](std::uint32_t entry) {
    const WordId id = entry & kSpoolIdMask;
    if (part == 0) ++counts.words[id];
    if (!first) {
      const std::uint64_t key = PairTable::key(previous, id), hash = PairTable::hash(key);
      if (counts.table_of(hash) == part) {
        table.add(key, hash, 1);
        if (table.size() > most_pairs) table.remove_at_most(prune_at_most++);
      }
    }
    first = false;
    previous = id;
  });
}

// `expected_pairs`: the distinct pairs of the previous pass, a close guess.
PassCounts count_pass(const Spool& spool, std::size_t word_count, std::size_t expected_pairs,
                      const PhraseOptions& options) {
  PassCounts counts;
  counts.tokens = spool.size();
  counts.words.assign(word_count, 0);
  const std::size_t parts = static_cast<std::size_t>(std::max(1, options.threads));
  counts.pairs.resize(parts);
  const std::size_t most_pairs = std::max<std::size_t>(1, options.prune_threshold / parts);
  for (PairTable& table : counts.pairs) table.reserve(std::min(most_pairs, expected_pairs / parts));
  std::vector<std::exception_ptr> failures(parts);
  std::vector<std::thread> threads;
  for (std::size_t part = 1; part < parts; ++part)
    threads.emplace_back([&, part] {
      try {
        count_part(spool, counts, part, most_pairs, options.stop);
      } catch (...) {
        failures[part] = std::current_exception();
      }
    });
  try {
    count_part(spool, counts, 0, most_pairs, options.stop);
  } catch (...) {
    failures[0] = std::current_exception();
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  return counts;
}

// word2phrase keeps words and pairs in one table keyed by their text, the
// pair (a, b) under "a_b". So a token and a pair of the same text (the
// new_york an earlier pass made, and the pair new york left unjoined) are
// one entry, counted together, and so are the pairs that spell one text in
// two ways ((new_york, times) and (new, york_times)). A text without '_'
// in its parts has one spelling and keeps its own count; this holds the
// summed counts of the others.
class TextCounts {
 public:
  TextCounts(const Words& words, const PassCounts& counts) : words_(words), word_counts_(counts.words) {
    const std::vector<char>& underscore = words.underscore;
    for (WordId id = 0; id < counts.words.size(); ++id)
      if (underscore[id] && counts.words[id] > 0) texts_.add(words.texts.word(id), counts.words[id]);
    for (const PairTable& table : counts.pairs)
      table.for_each([&](std::uint64_t key, std::uint64_t count) {
        if (spelled_many_ways(key)) texts_.add(words.joined(PairTable::first(key), PairTable::second(key)), count);
      });
    for (WordId id = 0; id < counts.words.size(); ++id)
      if (underscore[id] && counts.words[id] > 0) add_simple_spelling(id, counts);
    for (WordId id = 0; id < counts.words.size(); ++id)
      if (underscore[id] && counts.words[id] > 0) word_counts_[id] = texts_.count(texts_.find(words.texts.word(id)));
  }

  // The count word2phrase finds for a token, and for a pair counted `own` times.
  std::uint64_t word(WordId id) const { return word_counts_[id]; }
  std::uint64_t pair(std::uint64_t key, std::uint64_t own) const {
    if (spelled_many_ways(key))
      return texts_.count(texts_.find(words_.joined(PairTable::first(key), PairTable::second(key))));
    const std::uint64_t text = simple_.find(key);
    return text ? texts_.count(static_cast<WordId>(text - 1)) : own;
  }

 private:
  bool spelled_many_ways(std::uint64_t key) const {
    return words_.underscore[PairTable::first(key)] || words_.underscore[PairTable::second(key)];
  }
  // A token "x_y" (one '_') is also the pair (x, y) of two plain words.
  void add_simple_spelling(WordId id, const PassCounts& counts) {
    const std::string& text = words_.texts.word(id);
    const std::size_t cut = text.find('_');
    if (text.find('_', cut + 1) != std::string::npos) return;  // its spellings are pairs spelled many ways
    const WordId x = words_.texts.find(std::string_view(text).substr(0, cut));
    const WordId y = words_.texts.find(std::string_view(text).substr(cut + 1));
    if (x == kNoWord || y == kNoWord) return;
    const std::uint64_t key = PairTable::key(x, y), count = counts.pair(key);
    if (count == 0) return;
    const WordId entry = texts_.add(text, count);
    simple_.add(key, entry + 1);
  }

  const Words& words_;
  std::vector<std::uint64_t> word_counts_;
  Vocabulary texts_;   // text -> the summed count of its spellings
  PairTable simple_;   // a pair of plain words whose text is also a token's -> its entry in texts_ + 1
};

// The pairs that score above `threshold`, each with the id of its phrase + 1.
PairTable choose_phrases(const PassCounts& counts, Words& words, float threshold, std::uint64_t min_count) {
  const TextCounts texts(words, counts);
  std::vector<std::uint64_t> chosen;
  for (const PairTable& table : counts.pairs)
    table.for_each([&](std::uint64_t key, std::uint64_t own) {
      const std::uint64_t a = texts.word(PairTable::first(key)), b = texts.word(PairTable::second(key));
      if (a < min_count || b < min_count || own == 0) return;
      const std::uint64_t ab = texts.pair(key, own);
      if (ab >= min_count && phrase_score(ab, a, b, counts.tokens, min_count) > threshold) chosen.push_back(key);
    });
  PairTable phrases;
  for (std::uint64_t key : chosen)
    phrases.add(key, words.add(words.joined(PairTable::first(key), PairTable::second(key))) + 1);
  return phrases;
}

// Reads a pass's tokens and calls emit(id, starts_line) for each token of
// the next: a chosen pair becomes its phrase, and the token after a phrase
// is not joined to it (word2phrase starts afresh after a join). Returns the
// number of pairs joined.
template <class Emit>
std::uint64_t join_phrases(const Spool& spool, const PairTable& phrases, const std::atomic<bool>* stop, Emit&& emit) {
  std::uint64_t joined = 0;
  bool held = false, held_is_phrase = false, held_starts_line = false;
  WordId held_id = 0;
  for_each_entry(spool, stop, [&](std::uint32_t entry) {
    const WordId id = entry & kSpoolIdMask;
    const bool starts_line = (entry & kSpoolMark) != 0;
    if (held && !held_is_phrase && !starts_line) {
      if (const std::uint64_t phrase = phrases.find(PairTable::key(held_id, id))) {
        held_id = static_cast<WordId>(phrase - 1);
        held_is_phrase = true;
        ++joined;
        return;
      }
    }
    if (held) emit(held_id, held_starts_line);
    held = true;
    held_id = id;
    held_is_phrase = false;
    held_starts_line = starts_line;
  });
  if (held) emit(held_id, held_starts_line);
  return joined;
}

// The last pass: its tokens as text.
std::uint64_t write_text(const Spool& spool, const PairTable& phrases, const Words& words,
                         const std::atomic<bool>* stop, const std::function<void(std::string_view)>& write) {
  std::string out;
  out.reserve(kWriteBytes + 256);
  bool first = true;
  const std::uint64_t joined = join_phrases(spool, phrases, stop, [&](WordId id, bool starts_line) {
    if (!first) out.push_back(starts_line ? '\n' : ' ');
    first = false;
    out.append(words.texts.word(id));
    if (out.size() >= kWriteBytes) {
      write(out);
      out.clear();
    }
  });
  if (!first) out.push_back('\n');
  write(out);
  return joined;
}

std::vector<PhrasePassStats> run_passes(const std::vector<std::string>& inputs, const PhraseOptions& options,
                                        const std::function<void(std::string_view)>& write) {
  auto start = Clock::now();
  Words words;
  auto spool = std::make_unique<Spool>(options.tmp_dir, options.what_tmp_dir);
  read_inputs(inputs, options, words, *spool);
  std::vector<PhrasePassStats> passes;
  for (std::size_t pass = 0; pass < options.thresholds.size(); ++pass) {
    PhrasePassStats stats;
    stats.threshold = options.thresholds[pass];
    PairTable phrases;
    {
      const auto count_start = Clock::now();
      const PassCounts counts =
          count_pass(*spool, words.texts.size(), passes.empty() ? 0 : passes.back().distinct_pairs, options);
      stats.count_seconds = std::chrono::duration<double>(Clock::now() - count_start).count();
      stats.tokens = counts.tokens;
      stats.distinct_pairs = counts.distinct_pairs();
      phrases = choose_phrases(counts, words, stats.threshold, options.min_count);
    }
    stats.phrase_types = phrases.size();
    if (pass + 1 == options.thresholds.size()) {
      stats.joined = write_text(*spool, phrases, words, options.stop, write);
    } else {
      auto next = std::make_unique<Spool>(options.tmp_dir, options.what_tmp_dir);
      stats.joined = join_phrases(*spool, phrases, options.stop, [&](WordId id, bool starts_line) {
        next->append(id | (starts_line ? kSpoolMark : 0));
      });
      spool = std::move(next);
      finish_spool(*spool, words.texts.size());
    }
    const auto now = Clock::now();
    stats.seconds = std::chrono::duration<double>(now - start).count();
    start = now;
    passes.push_back(stats);
  }
  return passes;
}

}  // namespace

std::optional<std::vector<PhrasePassStats>> find_phrases(const std::vector<std::string>& inputs,
                                                         const PhraseOptions& options,
                                                         const std::function<void(std::string_view)>& write) {
  if (options.thresholds.empty()) throw Error("no pass to run: give at least one threshold");
  try {
    return run_passes(inputs, options, write);
  } catch (const Stopped&) {
    return std::nullopt;
  }
}

}  // namespace wordvec

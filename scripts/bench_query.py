#!/usr/bin/env python3
"""Times wv-query next to gensim and word2vec's compute-accuracy on the same
vectors, and checks that they agree. Run through scripts/bench_query.sh.

usage: bench_query.py WV_QUERY MODEL_BIN [MODEL_WV] --data DIR [--compute-accuracy PATH]

MODEL_BIN is a word2vec binary file (what all three tools read); MODEL_WV,
if given, the same vectors as a wordvec model, to time opening that too.
gensim and scipy are optional (Debian: python3-gensim python3-scipy): without
them their rows are skipped.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)


def best_of(n, fn):
    """Least wall time of n runs (the machine is shared), and the last result."""
    times, result = [], None
    for _ in range(n):
        t, result = timed(fn)
        times.append(t)
    return min(times), result


def same_ranking(ours, theirs, tolerance=1e-5):
    """Neighbour lists agree: scores within tolerance, and words equal except
    where scores are within tolerance of each other or at the last place
    (float rounding can swap near-ties, or pick the other of two words tied
    at the cut-off)."""
    if len(ours) != len(theirs):
        return False
    for (w1, s1), (w2, s2) in zip(ours, theirs):
        if abs(s1 - s2) > tolerance:
            return False
    our_words, their_words = [w for w, _ in ours], [w for w, _ in theirs]
    if our_words == their_words:
        return True
    scores = [s for _, s in theirs]
    return all(a == b or i == len(scores) - 1 or any(abs(scores[i] - scores[j]) < tolerance for j in range(len(scores)) if j != i)
               for i, (a, b) in enumerate(zip(our_words, their_words)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("wv_query")
    p.add_argument("model_bin")
    p.add_argument("model_wv", nargs="?")
    p.add_argument("--data", required=True)
    p.add_argument("--compute-accuracy")
    p.add_argument("--queries", type=int, default=1000)
    args = p.parse_args()
    questions = os.path.join(args.data, "questions-words.txt")
    pair_files = [os.path.join(args.data, f) for f in ("ws353.txt", "men3k.txt")]
    rows, checks = [], []

    def row(what, ours, theirs="", tool=""):
        rows.append((what, ours, theirs, tool))

    def wvq(*cmd, stdin=None):
        return run([args.wv_query, args.model_bin, *cmd], stdin=stdin)

    # Opening a model: the whole process for `info`.
    if args.model_wv:
        t, _ = best_of(3, lambda: run([args.wv_query, args.model_wv, "info"]))
        row("open model (wordvec, checksum verified)", f"{t * 1000:.0f} ms")
        t, _ = best_of(3, lambda: run([args.wv_query, args.model_wv, "info", "--no-verify"]))
        row("open model (wordvec, --no-verify)", f"{t * 1000:.0f} ms")
    t_open, info = best_of(3, lambda: wvq("info", "--json"))
    info = json.loads(info.stdout)
    words = info["words"]

    try:
        from gensim.models import KeyedVectors
        from scipy.stats import spearmanr
    except ImportError:
        KeyedVectors = None
    kv = None
    if KeyedVectors:
        t_gensim, kv = timed(lambda: KeyedVectors.load_word2vec_format(args.model_bin, binary=True))
        kv.fill_norms()
        row("open model (word2vec binary)", f"{t_open * 1000:.0f} ms", f"{t_gensim * 1000:.0f} ms", "gensim load_word2vec_format")
    else:
        row("open model (word2vec binary)", f"{t_open * 1000:.0f} ms", "n/a", "gensim not installed")

    # Query latency: a batch of single-word queries (words of the analogy
    # questions), less the time to open.
    lines = [l.split() for l in open(questions) if not l.startswith(":")]
    rng = random.Random(1)
    question_words = sorted({w.lower() for q in lines for w in q})
    sample = [rng.choice(question_words) for _ in range(args.queries)]
    t_batch, out = best_of(3, lambda: wvq("batch", "--json", stdin="\n".join(sample) + "\n"))
    ours = [r for r in map(json.loads, out.stdout.splitlines()) if "neighbours" in r]
    per_query_batch = (t_batch - t_open) / len(sample)
    t_one, _ = best_of(5, lambda: wvq("neighbours", ours[0]["query"]))
    gensim_query = ""
    if kv:
        t, theirs = timed(lambda: [kv.most_similar(r["query"], topn=10) for r in ours])
        gensim_query = f"{t / len(ours) * 1000:.3f} ms"
        agree = sum(same_ranking([(n["word"], n["score"]) for n in o["neighbours"]], th) for o, th in zip(ours, theirs))
        checks.append(f"neighbours: {agree} / {len(ours)} queries agree with gensim most_similar (top 10, scores within 1e-5)")
    row(f"neighbours, per query (batch of {len(sample)})", f"{per_query_batch * 1000:.3f} ms", gensim_query, "gensim most_similar")
    row("neighbours, one query (one-shot process, open included)", f"{t_one * 1000:.1f} ms")

    # Analogies, both methods, on the first questions whose words are known.
    known = set(kv.key_to_index) if kv else set()
    analogy_questions = [q for q in lines if all(w.lower() in known for w in q)][: args.queries] if kv else []
    for method, gensim_fn in (("add", "most_similar"), ("mul", "most_similar_cosmul")):
        if not analogy_questions:
            break
        batch = "".join(f"analogy {a.lower()} {b.lower()} {c.lower()}\n" for a, b, c, _ in analogy_questions)
        out = wvq("batch", "--json", "--method", method, stdin=batch)
        ours = [json.loads(line) for line in out.stdout.splitlines()]
        fn = getattr(kv, gensim_fn)
        t, theirs = timed(lambda: [fn(positive=[b.lower(), c.lower()], negative=[a.lower()], topn=10)
                                   for a, b, c, _ in analogy_questions])
        agree = sum(same_ranking([(n["word"], n["score"]) for n in o["neighbours"]], th) for o, th in zip(ours, theirs))
        checks.append(f"analogy --method {method}: {agree} / {len(ours)} agree with gensim {gensim_fn} (top 10)")

    # The whole Google analogy evaluation.
    for restrict in (30000, 0):
        t, out = best_of(3, lambda: wvq("eval-analogy", questions, "--restrict", str(restrict), "--json"))
        ours = json.loads(out.stdout)
        theirs_time, tool = "", ""
        if args.compute_accuracy:
            t_ca, ca = timed(lambda: run([args.compute_accuracy, args.model_bin, str(restrict)], stdin=open(questions).read()))
            sections = [tuple(map(int, m)) for m in re.findall(r"ACCURACY TOP1: .*?\((\d+) / (\d+)\)", ca.stdout)]
            mine = [(s["correct"], s["seen"]) for s in ours["sections"]]
            theirs_time, tool = f"{t_ca:.2f} s", "word2vec compute-accuracy"
            checks.append(f"eval-analogy --restrict {restrict}: {ours['correct']} / {ours['seen']} correct; per-section "
                          f"counts {'identical to' if mine == sections else 'DIFFERENT from'} compute-accuracy's")
        label = f"eval-analogy, 19,544 questions, restrict {restrict or 'none'} ({ours['seen']} seen)"
        row(label, f"{t:.2f} s", theirs_time, tool)
    if kv:
        t, _ = timed(lambda: kv.evaluate_word_analogies(questions, restrict_vocab=30000))
        row("eval-analogy, restrict 30000", "", f"{t:.2f} s", "gensim evaluate_word_analogies")

    # Word-pair similarity against scipy.
    for path in pair_files:
        if not os.path.exists(path):
            continue
        t, out = best_of(3, lambda: wvq("eval-similarity", path, "--case-sensitive", "--json"))
        ours = json.loads(out.stdout)
        if kv:
            model, human = [], []
            for line in open(path):
                w1, w2, score = line.split()
                if w1 in kv.key_to_index and w2 in kv.key_to_index:
                    model.append(kv.similarity(w1, w2))
                    human.append(float(score))
            rho = spearmanr(model, human).correlation
            checks.append(f"eval-similarity {os.path.basename(path)}: Spearman {ours['spearman']:.6f} vs scipy {rho:.6f} "
                          f"({ours['used']} pairs, {len(model)} for scipy)")
        row(f"eval-similarity {os.path.basename(path)}", f"{t * 1000:.0f} ms")

    print(f"model: {args.model_bin} ({words} words, dimension {info['dim']})")
    widths = [max(len(r[i]) for r in rows + [("what", "wv-query", "other", "other tool")]) for i in range(4)]
    for r in [("what", "wv-query", "other", "other tool")] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print()
    for c in checks:
        print("check:", c)


if __name__ == "__main__":
    sys.exit(main())

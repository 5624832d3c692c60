#pragma once
// Owns: the marker for functions whose float arithmetic must not be fused.

// Marks functions whose float arithmetic must be done operation for
// operation as written, without fusing a*b+c into one FMA (GCC fuses by
// default in C++ wherever the target has FMA). eval-analogy relies on it to
// reproduce word2vec's compute-accuracy bit for bit.
#if defined(__clang__)
#define WORDVEC_EXACT_FLOAT
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#define WORDVEC_EXACT_FLOAT __attribute__((optimize("fp-contract=off")))
#else
#define WORDVEC_EXACT_FLOAT
#endif

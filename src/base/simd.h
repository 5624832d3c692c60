#pragma once
// Owns: the one macro that compiles a hot function for several instruction sets.

// A function marked WORDVEC_SIMD_CLONES is compiled for AVX-512 (x86-64-v4),
// AVX2 (x86-64-v3) and baseline x86-64, and the loader picks the best clone
// for the running CPU (GCC function multiversioning through ifunc), so one
// portable binary still uses the widest vectors the machine has. Clang and
// other targets get the single baseline version.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WORDVEC_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define WORDVEC_SIMD_CLONES
#endif

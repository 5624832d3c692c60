#pragma once
// Owns: wv-train's command line: its flags, the order of the work, and what it writes.
namespace wordvec {

// wv-train with these arguments (argv[0] is the program's name); returns
// its exit status. The executable's main, and the command-line fuzzer.
int wv_train_main(int argc, char** argv);

}  // namespace wordvec

#include "cli/cli.hpp"

int main(int argc, char** argv) { return iwmo::cli::run(argc, argv); }

// The `heatmap` command. All of it is heatmap::run_cli (cli.hpp), so that tests run it in-process;
// main() adds only what belongs to a process of its own: SIGINT, SIGTERM, SIGHUP and SIGPIPE remove
// the temporary files of outputs being written before the command dies of them.
#include <heatmap/cli.hpp>

#include <iostream>

int main(int argc, char** argv) {
    heatmap::remove_temporaries_on_signals();
    return heatmap::run_cli(argc, argv, std::cin, std::cout, std::cerr);
}

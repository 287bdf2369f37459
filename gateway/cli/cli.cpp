#include "cli/cli.hpp"

#include <iostream>
#include <string_view>

namespace iwmo::cli {
namespace {

constexpr std::string_view usage = R"(iwmo-gateway: iWmo 3.2 message gateway

usage: iwmo-gateway <command> [options]

commands:
  validate   check messages: schema (level 1), content rules (level 2), Dagtekening (TR135)
  retour     write the answer (retour or WMO325) to one heen message
  rules      list the rules with their ids, levels and retourcodes
  process    run messages through the full pipeline into a database, writing their answers
  reconcile  totals and attention lines per municipality and month, from the ledger
  rebuild    recompute the ledger from the stored state
  signals    run the rechtmatigheid signals over a database (and evaluate them against a ground truth)
  serve      run the daemon: HTTP(S) API, pipeline, push delivery (--config FILE)
  token      create, list and revoke bearer tokens
  replay     make dead letters of the push outbox pending again
  backup     write a consistent copy of the database to a new file, also while the daemon runs
  restore    check a backup and copy it into the database (the daemon stopped)
  purge      remove the content of messages older than the retention period
  help       show this text (or: iwmo-gateway <command> --help)
  version    show the version

exit codes: 0 success, 1 an input is not a valid message, 2 usage or I/O error
)";

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  const std::string command = argc >= 2 ? argv[1] : "";
  try {
    if (command == "validate") return validate_command(args, std::cout, std::cerr);
    if (command == "retour") return retour_command(args, std::cout, std::cerr);
    if (command == "rules") return rules_command(args, std::cout, std::cerr);
    if (command == "process") return process_command(args, std::cout, std::cerr);
    if (command == "reconcile") return reconcile_command(args, std::cout, std::cerr);
    if (command == "rebuild") return rebuild_command(args, std::cout, std::cerr);
    if (command == "signals") return signals_command(args, std::cout, std::cerr);
    if (command == "serve") return serve_command(args, std::cout, std::cerr);
    if (command == "token") return token_command(args, std::cout, std::cerr);
    if (command == "replay") return replay_command(args, std::cout, std::cerr);
    if (command == "backup") return backup_command(args, std::cout, std::cerr);
    if (command == "restore") return restore_command(args, std::cout, std::cerr);
    if (command == "purge") return purge_command(args, std::cout, std::cerr);
    if (command == "version" || command == "--version") {
      std::cout << "iwmo-gateway " << IWMO_VERSION << "\n";
      return exit_ok;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << usage;
      return exit_ok;
    }
    std::cerr << (command.empty() ? std::string("no command given")
                                  : "unknown command '" + command + "'")
              << "\n\n"
              << usage;
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "iwmo-gateway: " << e.what() << "\n";
    return exit_usage;
  }
}

}  // namespace iwmo::cli

#pragma once
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace iwmo::cli {

// Exit codes shared by all commands.
inline constexpr int exit_ok = 0;        // every input valid / command succeeded
inline constexpr int exit_invalid = 1;   // at least one input is not a valid message
inline constexpr int exit_usage = 2;     // wrong arguments, unreadable input, broken setup

int run(int argc, char** argv);

// Commands take their arguments (after the command name) and the streams to write to.
int validate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int retour_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int rules_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int process_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int reconcile_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int rebuild_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int replay_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int signals_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int backup_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int restore_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int purge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// A UTC timestamp as the store writes them ("2026-11-22T09:00:00Z").
[[nodiscard]] std::string utc_timestamp(std::chrono::system_clock::time_point t);

}  // namespace iwmo::cli

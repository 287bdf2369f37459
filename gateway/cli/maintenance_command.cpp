// `backup`, `restore` and `purge`: the database file and its retention.
#include <chrono>
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "store/maintenance.hpp"
#include "store/store.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

namespace {

// The database of a command: --db, or the one the --config file names.
std::optional<std::filesystem::path> database_of(const std::string& config_file, const std::string& db_file,
                                                 std::string_view command, std::ostream& err) {
  if (config_file.empty() == db_file.empty()) {
    err << command << ": give --config or --db\n";
    return std::nullopt;
  }
  if (!db_file.empty()) return std::filesystem::path(db_file);
  const auto cfg = load_config(config_file, command, err);
  if (!cfg) return std::nullopt;
  return cfg->database;
}

std::string size_text(std::int64_t bytes) {
  if (bytes >= 10 * 1024 * 1024) return fmt::format("{} MiB", bytes / (1024 * 1024));
  return fmt::format("{} KiB", (bytes + 1023) / 1024);
}

}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

int backup_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway backup (--config FILE | --db FILE) --to NEW_FILE\n"
      "Writes a consistent copy of the database to a new file with SQLite's online backup API, also\n"
      "while the daemon runs and commits; the copy is checked before the command succeeds.\n"
      "options");
  std::string config_file, db_file, target;
  visible.add_options()("config", po::value(&config_file), "the configuration file (its database)")(
      "db", po::value(&db_file), "the database file (instead of --config)")("to", po::value(&target), "the new file")(
      "help,h", "show this help");
  const auto parsed = parse_command(args, visible, "backup", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (target.empty() || !parsed->files.empty()) {
    err << "backup: give --config or --db, and --to\n" << visible;
    return exit_usage;
  }
  const auto source = database_of(config_file, db_file, "backup", err);
  if (!source) return exit_usage;
  try {
    const auto started = std::chrono::steady_clock::now();
    const auto r = store::backup_database(*source, target);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // Checked as it is: opening it as a gateway database would migrate the copy.
    const auto checked = store::check_backup(target);
    out << fmt::format("{} backed up to {} ({}, schema version {}, {} messages, {:.2f} s); integrity check ok\n",
                       source->string(), target, size_text(r.bytes), checked.schema_version, checked.messages, seconds);
    return exit_ok;
  } catch (const std::exception& e) {
    err << "backup: " << e.what() << "\n";
    return exit_usage;
  }
}

int restore_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway restore --from BACKUP (--config FILE | --db FILE) [--force]\n"
      "Checks a backup (SQLite's integrity check, its schema version) and copies it into the database.\n"
      "The daemon of that database must be stopped. An existing database is only replaced with --force,\n"
      "and is kept beside it as <database>.before-restore.\n"
      "options");
  std::string config_file, db_file, from;
  bool force = false;
  visible.add_options()("from", po::value(&from), "the backup file")("config", po::value(&config_file),
                                                                      "the configuration file (its database)")(
      "db", po::value(&db_file), "the database file (instead of --config)")("force", po::bool_switch(&force),
                                                                            "replace an existing database")(
      "help,h", "show this help");
  const auto parsed = parse_command(args, visible, "restore", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (from.empty() || !parsed->files.empty()) {
    err << "restore: give --from, and --config or --db\n" << visible;
    return exit_usage;
  }
  const auto target = database_of(config_file, db_file, "restore", err);
  if (!target) return exit_usage;
  try {
    const auto checked = store::check_backup(from);
    store::instance_lock lock(*target);  // refuses while a daemon serves this database
    if (std::filesystem::exists(*target)) {
      if (!force) {
        err << fmt::format("restore: {} exists; give --force to replace it (it is kept as {}.before-restore)\n",
                           target->string(), target->string());
        return exit_usage;
      }
      auto kept = *target;
      kept += ".before-restore";
      std::filesystem::remove(kept);
      store::backup_database(*target, kept);
      out << fmt::format("the database that is replaced is kept as {}\n", kept.string());
    }
    store::restore_database(from, *target);
    store::database restored(*target);  // migrates an older backup to this gateway's schema
    if (!restored.integrity_ok()) throw std::runtime_error("the restored database fails SQLite's integrity check");
    out << fmt::format("{} restored from {} (schema version {} -> {}, {} messages); integrity check ok\n", target->string(),
                       from, checked.schema_version, store::database::current_version(), restored.message_count());
    return exit_ok;
  } catch (const std::exception& e) {
    err << "restore: " << e.what() << "\n";
    return exit_usage;
  }
}

int purge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway purge (--config FILE | --db FILE) [--older-than-days N | --before YYYY-MM-DD] [--dry-run]\n"
      "Removes the content of messages received before the cutoff: their bytes, their answers' bytes,\n"
      "their schema error texts and their BSN search keys. Metadata, verdicts, the state, the ledger and\n"
      "the signals stay. Mailbox items never collected are closed as expired, their pending pushes dead.\n"
      "Without a cutoff option the configuration's [retention] message_days applies. Safe while the\n"
      "daemon runs.\n"
      "options");
  std::string config_file, db_file, before;
  int days = -1;
  bool dry_run = false;
  visible.add_options()("config", po::value(&config_file), "the configuration file (its database, its retention)")(
      "db", po::value(&db_file), "the database file (instead of --config)")(
      "older-than-days", po::value(&days), "purge what was received more than N days ago")(
      "before", po::value(&before), "purge what was received before this date (UTC)")(
      "dry-run", po::bool_switch(&dry_run), "count, change nothing")("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "purge", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (!parsed->files.empty() || (days >= 0 && !before.empty())) {
    err << "purge: give one of --older-than-days and --before\n" << visible;
    return exit_usage;
  }
  if (config_file.empty() == db_file.empty()) {
    err << "purge: give --config or --db\n" << visible;
    return exit_usage;
  }
  std::filesystem::path database = db_file;
  if (!config_file.empty()) {
    const auto cfg = load_config(config_file, "purge", err);
    if (!cfg) return exit_usage;
    database = cfg->database;
    if (days < 0 && before.empty()) {
      if (cfg->retention.message_days == 0) {
        err << "purge: " << config_file << " keeps messages ([retention] message_days is 0 or absent); give a cutoff\n";
        return exit_usage;
      }
      days = cfg->retention.message_days;
    }
  }
  std::string cutoff;
  const auto now = std::chrono::system_clock::now();
  if (!before.empty()) {
    const auto d = model::date::parse(before);
    if (!d) {
      err << "purge: --before " << before << " is not a date (YYYY-MM-DD)\n";
      return exit_usage;
    }
    cutoff = before + "T00:00:00Z";
  } else if (days >= 0) {
    cutoff = utc_timestamp(now - std::chrono::hours(24) * days);
  } else {
    err << "purge: give --older-than-days or --before (or --config with [retention] message_days)\n";
    return exit_usage;
  }
  try {
    if (!std::filesystem::exists(database)) throw std::runtime_error(database.string() + " does not exist");
    store::database db(database);
    const auto r = db.purge(cutoff, utc_timestamp(now), dry_run);
    out << fmt::format(
        "{}received before {}: {} messages, {} answers, {} BSN search keys; {} mailbox items expired, {} pushes dead\n",
        dry_run ? "would purge (dry run) " : "purged ", cutoff, r.messages, r.answers, r.bsn_keys, r.expired_mailbox,
        r.dead_outbox);
    if (r.oldest_kept) out << "oldest message kept whole: received " << *r.oldest_kept << "\n";
    return exit_ok;
  } catch (const std::exception& e) {
    err << "purge: " << e.what() << "\n";
    return exit_usage;
  }
}

}  // namespace iwmo::cli

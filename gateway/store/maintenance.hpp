#pragma once
// Operating the database file: a consistent copy while the daemon writes (SQLite's online backup
// API), a restore from such a copy, and the lock that keeps one daemon per database.
#include <cstdint>
#include <filesystem>
#include <string>

namespace iwmo::store {

struct copy_report {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  int schema_version = 0;
  std::int64_t messages = 0;
};

// Copies the database `source` into the new file `target` with SQLite's online backup API, in one
// read transaction: in WAL mode the daemon keeps committing meanwhile, and the copy is the state of
// one moment. Written to "<target>.partial", synced and renamed, so `target` is complete or absent.
// Throws store_error when `target` exists or either file cannot be used. The source is not
// migrated.
copy_report backup_database(const std::filesystem::path& source, const std::filesystem::path& target);

// Checks a backup (SQLite's integrity check, a schema version this gateway knows) without changing
// it; throws store_error saying what is wrong.
copy_report check_backup(const std::filesystem::path& backup);

// Replaces the database `target` (which may exist) by the content of `backup`, after check_backup,
// with the online backup API: one write transaction, so a failure leaves `target` as it was. The
// caller holds the instance_lock of `target`.
copy_report restore_database(const std::filesystem::path& backup, const std::filesystem::path& target);

// An exclusive advisory lock (flock) on "<database>.lock": the daemon holds it while it runs, and
// restore takes it, so a database is never restored under a running daemon, nor served twice.
// The kernel releases it when the process ends, also after SIGKILL.
class instance_lock {
 public:
  // Throws store_error naming the lock file when another process holds it.
  explicit instance_lock(const std::filesystem::path& database);
  ~instance_lock();
  instance_lock(const instance_lock&) = delete;
  instance_lock& operator=(const instance_lock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace iwmo::store

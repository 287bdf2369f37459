#include "store/maintenance.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace iwmo::store {
namespace {

struct closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using handle = std::unique_ptr<sqlite3, closer>;

handle open_file(const std::filesystem::path& file, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  handle h(db);
  if (rc != SQLITE_OK) {
    throw store_error(fmt::format("cannot open {}: {}", file.string(), db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  return h;
}

// One integer from a PRAGMA.
std::int64_t pragma(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) throw store_error(sqlite3_errmsg(db));
  const std::int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return v;
}

std::string integrity(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(10)", -1, &st, nullptr) != SQLITE_OK) throw store_error(sqlite3_errmsg(db));
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out += (out.empty() ? "" : "; ") + std::string(text != nullptr ? text : "");
  }
  sqlite3_finalize(st);
  return out;
}

// Everything of `from` into `to`, in one step (one read transaction on the source, one write
// transaction on the destination).
void copy_all(sqlite3* from, sqlite3* to, const std::filesystem::path& what) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (b == nullptr) throw store_error(fmt::format("cannot copy {}: {}", what.string(), sqlite3_errmsg(to)));
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 200; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);  // a writer holds a lock that the step needs: wait and go on
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw store_error(fmt::format("copying {} failed: {}", what.string(), sqlite3_errstr(rc)));
  const int finished = sqlite3_errcode(to);
  if (finished != SQLITE_OK) throw store_error(fmt::format("copying {} failed: {}", what.string(), sqlite3_errmsg(to)));
}

void sync_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw store_error(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw store_error(fmt::format("cannot sync {}: {}", file.string(), std::strerror(errno)));
}

copy_report report_of(sqlite3* db) {
  copy_report r;
  r.pages = pragma(db, "PRAGMA page_count");
  r.bytes = r.pages * pragma(db, "PRAGMA page_size");
  r.schema_version = static_cast<int>(pragma(db, "PRAGMA user_version"));
  if (r.schema_version > 0 && r.schema_version <= database::current_version()) {
    r.messages = pragma(db, "SELECT COUNT(*) FROM message");
  }
  return r;
}

}  // namespace

copy_report backup_database(const std::filesystem::path& source, const std::filesystem::path& target) {
  if (!std::filesystem::exists(source)) throw store_error(fmt::format("{} does not exist", source.string()));
  if (std::filesystem::exists(target)) throw store_error(fmt::format("{} exists already; back up into a new file", target.string()));
  auto partial = target;
  partial += ".partial";
  std::filesystem::remove(partial);
  auto from = open_file(source, SQLITE_OPEN_READWRITE);
  copy_report r;
  {
    auto to = open_file(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_all(from.get(), to.get(), source);
    // The copy as one file: a rollback journal, not WAL, so it can be moved and mailed on its own.
    sqlite3_exec(to.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    r = report_of(to.get());
  }
  sync_file(partial);
  std::filesystem::rename(partial, target);
  sync_file(target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path());
  return r;
}

copy_report check_backup(const std::filesystem::path& backup) {
  if (!std::filesystem::is_regular_file(backup)) throw store_error(fmt::format("{} is not a file", backup.string()));
  auto db = open_file(backup, SQLITE_OPEN_READONLY);
  std::string result;
  try {
    result = integrity(db.get());
  } catch (const store_error& e) {
    throw store_error(fmt::format("{} is not a gateway database: {}", backup.string(), e.what()));
  }
  if (result != "ok") throw store_error(fmt::format("{} fails SQLite's integrity check: {}", backup.string(), result));
  auto r = report_of(db.get());
  if (r.schema_version < 1) throw store_error(fmt::format("{} holds no gateway schema", backup.string()));
  if (r.schema_version > database::current_version()) {
    throw store_error(fmt::format("{} has schema version {}; this gateway knows up to version {}", backup.string(),
                                  r.schema_version, database::current_version()));
  }
  return r;
}

copy_report restore_database(const std::filesystem::path& backup, const std::filesystem::path& target) {
  check_backup(backup);
  auto from = open_file(backup, SQLITE_OPEN_READONLY);
  auto to = open_file(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  copy_all(from.get(), to.get(), backup);
  auto r = report_of(to.get());
  sqlite3_exec(to.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  return r;
}

instance_lock::instance_lock(const std::filesystem::path& database) {
  auto file = database;
  file += ".lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw store_error(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    ::close(fd_);
    fd_ = -1;
    if (e == EWOULDBLOCK) {
      throw store_error(fmt::format("{} is in use by a running gateway (it holds {})", database.string(), file.string()));
    }
    throw store_error(fmt::format("cannot lock {}: {}", file.string(), std::strerror(e)));
  }
}

instance_lock::~instance_lock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace iwmo::store

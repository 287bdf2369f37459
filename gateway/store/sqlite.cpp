#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace iwmo::store {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw store_error(fmt::format("{}: {}", what, db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

connection::connection(const std::filesystem::path& file) {
  const int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw store_error(fmt::format("cannot open database {}: {}", file.string(), message));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
}

connection::~connection() {
  statements_.clear();  // finalise before closing
  sqlite3_close_v2(db_);
}

void connection::exec(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw store_error(fmt::format("sql failed: {}", message));
  }
}

statement& connection::prepared(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(std::string(sql), std::make_unique<statement>(db_, sql)).first;
  }
  return *it->second;
}

std::int64_t connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int connection::changes() const { return sqlite3_changes(db_); }

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st_, nullptr) !=
      SQLITE_OK) {
    fail(db, fmt::format("cannot prepare '{}'", sql.substr(0, 80)));
  }
}

statement::~statement() { sqlite3_finalize(st_); }

statement& statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(st_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(st_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

statement& statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(st_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind_null(int index) {
  if (sqlite3_bind_null(st_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

statement& statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool statement::step() {
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

void statement::run() {
  while (step()) {
  }
}

void statement::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

bool statement::is_null(int column) const { return sqlite3_column_type(st_, column) == SQLITE_NULL; }
std::int64_t statement::integer(int column) const { return sqlite3_column_int64(st_, column); }

std::string statement::text(int column) const {
  const auto* p = sqlite3_column_text(st_, column);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, column)));
}

std::optional<std::string> statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> statement::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

std::string statement::blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, column));
  return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, column)));
}

transaction::transaction(connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }

transaction::~transaction() {
  if (!done_) sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

savepoint::savepoint(connection& c) : c_(c) { c_.exec("SAVEPOINT message"); }

savepoint::~savepoint() {
  if (done_) return;
  sqlite3_exec(c_.handle(), "ROLLBACK TO message", nullptr, nullptr, nullptr);
  sqlite3_exec(c_.handle(), "RELEASE message", nullptr, nullptr, nullptr);
}

void savepoint::release() {
  c_.exec("RELEASE message");
  done_ = true;
}

}  // namespace iwmo::store

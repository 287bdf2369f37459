#pragma once
// A small RAII layer over the SQLite C API: a connection owned from the line it is opened,
// statements prepared once and reset after every use, and a transaction that rolls back in its
// destructor unless committed. Destructors never throw; errors raise store_error.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace iwmo::store {

class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class statement;

class connection {
 public:
  explicit connection(const std::filesystem::path& file);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void exec(std::string_view sql);
  // A statement prepared once per connection and reused; call through `query`.
  statement& prepared(std::string_view sql);
  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] int changes() const;
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<statement>, std::less<>> statements_;
};

class statement {
 public:
  statement(sqlite3* db, std::string_view sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  // Parameters are bound by index, 1-based.
  statement& bind(int index, std::int64_t value);
  statement& bind(int index, std::string_view value);
  statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  statement& bind_blob(int index, std::string_view bytes);
  statement& bind_null(int index);
  statement& bind(int index, const std::optional<std::string>& value);
  statement& bind(int index, const std::optional<std::int64_t>& value);

  // true while a row is available.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int column) const;
  [[nodiscard]] std::string blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

// Binds, steps and resets a prepared statement: the guard resets it on every exit path.
class query {
 public:
  query(connection& c, std::string_view sql) : st_(c.prepared(sql)) {}
  ~query() { st_.reset(); }
  query(const query&) = delete;
  query& operator=(const query&) = delete;
  template <class... T> query& with(const T&... values) {
    int i = 0;
    (st_.bind(++i, values), ...);
    return *this;
  }
  statement* operator->() { return &st_; }
  statement& get() { return st_; }

 private:
  statement& st_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless committed.
class transaction {
 public:
  explicit transaction(connection& c);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit();

 private:
  connection& c_;
  bool done_ = false;
};

// A savepoint inside a transaction: released on release(), rolled back to on any other exit,
// so one failing message of a group commit leaves the others intact.
class savepoint {
 public:
  explicit savepoint(connection& c);
  ~savepoint();
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;
  void release();

 private:
  connection& c_;
  bool done_ = false;
};

}  // namespace iwmo::store

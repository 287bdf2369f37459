#pragma once
// Writing the message stream: each message becomes the next file in messages/, named so that
// sorting by name gives the order in which it was sent:
//   0000001-WMO301-0344-98123456.xml   (sequence, message type, Afzender, Ontvanger)
// Messages are serialised by xml::write_message and written at once; nothing is kept.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "model/messages.hpp"
#include "model/values.hpp"

namespace iwmo::gen {

// A CSV field: quoted (with "" for a quote) when it holds a comma, a quote or a line end.
[[nodiscard]] std::string csv_field(std::string_view text);

// Writes a whole file; throws std::runtime_error when that fails.
void write_text_file(const std::filesystem::path& path, std::string_view text);

class message_sink {
 public:
  explicit message_sink(std::filesystem::path folder);

  // Writes the message dated `day`; returns its file name.
  std::string write(const model::message& m, model::date day);

  [[nodiscard]] const std::map<std::string, std::int64_t>& per_type() const { return per_type_; }
  [[nodiscard]] std::int64_t files() const { return seq_; }
  [[nodiscard]] std::int64_t bytes() const { return bytes_; }
  [[nodiscard]] model::date first_day() const { return first_; }
  [[nodiscard]] model::date last_day() const { return last_; }

 private:
  std::filesystem::path folder_;
  std::int64_t seq_ = 0;
  std::int64_t bytes_ = 0;
  std::map<std::string, std::int64_t> per_type_;
  model::date first_;
  model::date last_;
};

}  // namespace iwmo::gen

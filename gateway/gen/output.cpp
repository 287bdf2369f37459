#include "gen/output.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "xml/message_codec.hpp"

namespace iwmo::gen {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

message_sink::message_sink(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::filesystem::create_directories(folder_);
}

std::string message_sink::write(const model::message& m, model::date day) {
  const auto h = model::header_of(m);
  const auto type = std::string(model::info_of(m).name);
  const auto name = fmt::format("{:07}-{}-{}-{}.xml", ++seq_, type, *h.afzender, *h.ontvanger);
  const auto text = xml::write_message(m);
  write_text_file(folder_ / name, text);
  bytes_ += static_cast<std::int64_t>(text.size());
  ++per_type_[type];
  if (seq_ == 1) first_ = day;
  last_ = day;
  return name;
}

}  // namespace iwmo::gen

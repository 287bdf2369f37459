#include "xml/input_checks.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "model/utf8.hpp"

namespace iwmo::xml {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_blank(std::string_view s) {
  return std::ranges::all_of(s, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

diagnostic at(std::string_view bytes, std::size_t offset, std::string text) {
  const auto pos = position_of(bytes, offset);
  return {pos.line, pos.column, std::move(text)};
}

// The encoding named in an XML declaration at the start of the document, if any.
std::optional<std::string> declared_encoding(std::string_view doc) {
  if (!doc.starts_with("<?xml")) return std::nullopt;
  const auto end = doc.find("?>");
  const auto decl = doc.substr(0, end == std::string_view::npos ? doc.size() : end);
  const auto key = decl.find("encoding");
  if (key == std::string_view::npos) return std::nullopt;
  auto rest = decl.substr(key + 8);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=' || rest.front() == '\t' ||
                           rest.front() == '\r' || rest.front() == '\n')) {
    rest.remove_prefix(1);
  }
  if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return std::nullopt;
  const char quote = rest.front();
  rest.remove_prefix(1);
  const auto close = rest.find(quote);
  return std::string(rest.substr(0, close));
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

position position_of(std::string_view bytes, std::size_t offset) {
  position pos;
  offset = std::min(offset, bytes.size());
  for (std::size_t i = 0; i < offset; ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((b & 0xC0) != 0x80) {  // count characters, not continuation bytes
      ++pos.column;
    }
  }
  return pos;
}

std::optional<diagnostic> check_input(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return diagnostic{0, 0,
                      fmt::format("input is larger than {} bytes (the limit is {} bytes); not read",
                                  max_bytes, max_bytes)};
  }
  if (bytes.empty()) return diagnostic{0, 0, "empty input: no XML document (0 bytes)"};

  const auto b = [&](std::size_t i) {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u;
  };
  if ((b(0) == 0xFE && b(1) == 0xFF) || (b(0) == 0xFF && b(1) == 0xFE)) {
    return diagnostic{1, 1, "input is UTF-16 or UTF-32 (byte order mark); iWmo messages must be UTF-8"};
  }
  if ((b(0) == 0x00 && b(1) == 0x00 && b(2) == 0xFE && b(3) == 0xFF) ||
      (b(0) == 0x00 && b(1) == 0x3C) || (b(0) == 0x3C && b(1) == 0x00)) {
    return diagnostic{1, 1, "input is UTF-16 or UTF-32; iWmo messages must be UTF-8"};
  }

  auto doc = bytes;
  if (doc.starts_with(utf8_bom)) doc.remove_prefix(utf8_bom.size());
  const std::size_t base = bytes.size() - doc.size();
  if (is_blank(doc)) return diagnostic{0, 0, "empty input: no XML document (only white space)"};

  for (std::size_t i = 0; i < doc.size();) {
    if (doc[i] == '\0') {
      return at(bytes, base + i,
                "binary data: NUL byte found; this is not an XML document");
    }
    const auto len = model::utf8_sequence_length(doc, i);
    if (len == 0) {
      return at(bytes, base + i,
                fmt::format("invalid UTF-8 byte sequence (byte 0x{:02X} at offset {}); iWmo "
                            "messages must be UTF-8",
                            static_cast<unsigned char>(doc[i]), base + i));
    }
    i += len;
  }

  if (const auto enc = declared_encoding(doc); enc && !iequals(*enc, "UTF-8")) {
    return diagnostic{1, 1,
                      fmt::format("the XML declaration names encoding '{}'; iWmo messages must "
                                  "be UTF-8",
                                  *enc)};
  }
  return std::nullopt;
}

}  // namespace iwmo::xml

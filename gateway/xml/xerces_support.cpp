#include "xml/xerces_support.hpp"

#include <mutex>

#include <xercesc/util/PlatformUtils.hpp>

namespace iwmo::xml::detail {

void ensure_xerces() {
  static std::once_flag once;
  std::call_once(once, [] { xercesc::XMLPlatformUtils::Initialize(); });
}

std::string to_utf8(const XMLCh* text) {
  if (text == nullptr) return {};
  std::size_t n = 0;
  while (text[n] != 0) ++n;
  return to_utf8(text, n);
}

std::string to_utf8(const XMLCh* text, std::size_t length) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    char32_t c = text[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && text[i + 1] >= 0xDC00 &&
        text[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::u16string to_xmlch(std::string_view utf8) {
  std::u16string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    char32_t c = 0xFFFD;
    std::size_t len = 1;
    if (b < 0x80) {
      c = b;
    } else if ((b >> 5) == 0x6 && i + 1 < utf8.size()) {
      c = ((b & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
      len = 2;
    } else if ((b >> 4) == 0xE && i + 2 < utf8.size()) {
      c = ((b & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
      len = 3;
    } else if ((b >> 3) == 0x1E && i + 3 < utf8.size()) {
      c = ((b & 0x07) << 18) | ((utf8[i + 1] & 0x3F) << 12) | ((utf8[i + 2] & 0x3F) << 6) |
          (utf8[i + 3] & 0x3F);
      len = 4;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (c >> 10));
      out += static_cast<char16_t>(0xDC00 + (c & 0x3FF));
    } else {
      out += static_cast<char16_t>(c);
    }
    i += len;
  }
  return out;
}

namespace {

// Values quoted in a message are shortened and control characters escaped, so that an error
// about a 20 MB text stays one readable line.
std::string shorten_quoted(const std::string& message) {
  constexpr std::size_t keep = 40;
  constexpr std::size_t limit = 60;
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    const auto open = message.find('\'', i);
    if (open == std::string::npos) {
      out.append(message, i, std::string::npos);
      break;
    }
    // Xerces cuts long messages, sometimes inside a quoted value: then the value runs to the end.
    auto close = message.find('\'', open + 1);
    if (close == std::string::npos) close = message.size();
    out.append(message, i, open + 1 - i);
    const std::string_view value(message.data() + open + 1, close - open - 1);
    std::size_t chars = 0;
    std::size_t cut = value.size();
    for (std::size_t k = 0; k < value.size(); ++k) {
      if ((static_cast<unsigned char>(value[k]) & 0xC0) != 0x80) {
        if (chars == keep) cut = k;
        ++chars;
      }
    }
    const auto shown = chars > limit ? value.substr(0, cut) : value;
    for (const char c : shown) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else out += c;
    }
    if (chars > limit) out += close == message.size() ? "..." : "... (" + std::to_string(chars) + " characters)";
    out += '\'';
    i = close + 1;
  }
  return out;
}

}  // namespace

std::string readable_message(std::string message) {
  constexpr std::string_view marker = "Message:";
  if (message.starts_with("datatype error:")) {
    if (const auto pos = message.find(marker); pos != std::string::npos) {
      message.erase(0, pos + marker.size());
    }
  }
  message = shorten_quoted(message);
  while (!message.empty() && (message.back() == ' ' || message.back() == '\n')) {
    message.pop_back();
  }
  while (!message.empty() && message.front() == ' ') message.erase(0, 1);
  return message;
}

}  // namespace iwmo::xml::detail

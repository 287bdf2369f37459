#pragma once
// What the StUF-GGK tests share: our envelope reader, the published envelope schemas of
// ../shared/reference (when present), sample envelopes and small edits of them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ggk/envelope.hpp"
#include "support/test_paths.hpp"

namespace iwmo::test {

// ../shared/reference/stuf-ggk0310-2.1.03, when present.
inline std::optional<std::filesystem::path> ggk_reference_dir() {
  const auto dir = reference_dir();
  if (!dir || !std::filesystem::is_directory(*dir / "stuf-ggk0310-2.1.03")) return std::nullopt;
  return *dir / "stuf-ggk0310-2.1.03";
}

inline ggk::envelope_reader& our_envelope_reader() {
  static ggk::envelope_reader reader;
  return reader;
}

// The published StUF-GGK, StUF 03.01 and xmlmime schemas; null when the reference is absent.
inline ggk::envelope_reader* reference_envelope_reader() {
  static const std::unique_ptr<ggk::envelope_reader> reader = []() -> std::unique_ptr<ggk::envelope_reader> {
    const auto dir = ggk_reference_dir();
    if (!dir) return nullptr;
    return std::make_unique<ggk::envelope_reader>(*dir, "ggk0310_msg.xsd");
  }();
  return reader.get();
}

// An envelope the gateway wrote is valid against our schemas and, when the reference is there,
// against the published ones.
inline void check_written(const std::string& doc) {
  const auto ours = our_envelope_reader().read(doc, ggk::max_envelope_bytes);
  INFO(doc.substr(0, 2000));
  INFO("our schemas: " << ggk::describe_errors(ours.errors));
  CHECK(ours.valid);
  auto* reference = reference_envelope_reader();
  if (reference == nullptr) {
    WARN("skipped: ../shared/reference/stuf-ggk0310-2.1.03 is absent (set IWMO_REFERENCE_DIR to run this)");
    return;
  }
  const auto published = reference->read(doc, ggk::max_envelope_bytes);
  INFO("published schemas: " << ggk::describe_errors(published.errors));
  CHECK(published.valid);
}

inline ggk::system gemeente_system(const std::string& cbs) {
  return ggk::system{cbs, "Wmo Applicatie", "test", "gebruiker1"};
}
inline ggk::system aanbieder_system(const std::string& agb) {
  return ggk::system{agb, "Applicatie leverancier", std::nullopt, std::nullopt};
}

inline constexpr std::string_view sample_reference = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

// A Di01 carrying `payload` as a `type`, from `zender` to `ontvanger`.
inline std::string envelope_of(std::string_view payload, const model::message_info& type, const ggk::system& zender,
                               const ggk::system& ontvanger, std::string_view referentienummer = sample_reference) {
  return ggk::wrap(payload, type, zender, ontvanger, ggk::outgoing{std::string(referentienummer), "20261122100000000"});
}

// The start of the first element `tag` ("StUF:functie") at or after `from`.
inline std::size_t find_open(const std::string& doc, const std::string& tag, std::size_t from = 0) {
  for (auto pos = doc.find("<" + tag, from); pos != std::string::npos; pos = doc.find("<" + tag, pos + 1)) {
    const char next = doc[pos + tag.size() + 1];
    if (next == '>' || next == ' ' || next == '/') return pos;
  }
  throw std::logic_error("no " + tag);
}

// The text of the first element `tag`.
inline std::string text_of(const std::string& doc, const std::string& tag) {
  const auto start = doc.find('>', find_open(doc, tag));
  const auto end = doc.find("</" + tag + ">", start);
  if (end == std::string::npos) throw std::logic_error("no end of " + tag);
  return doc.substr(start + 1, end - start - 1);
}

// Replaces the text of the `nth` element `tag` (1-based).
inline std::string with_text(std::string doc, const std::string& tag, const std::string& value, int nth = 1) {
  std::size_t open = find_open(doc, tag);
  for (int i = 1; i < nth; ++i) open = find_open(doc, tag, open + 1);
  const auto start = doc.find('>', open);
  const auto end = doc.find("</" + tag + ">", start);
  if (end == std::string::npos) throw std::logic_error("no end of " + tag);
  doc.replace(start + 1, end - start - 1, value);
  return doc;
}

inline std::string replaced(std::string doc, std::string_view from, std::string_view to) {
  const auto pos = doc.find(from);
  if (pos == std::string::npos) throw std::logic_error(fmt::format("'{}' is not in the envelope", from));
  doc.replace(pos, from.size(), to);
  return doc;
}

// Removes the first element `tag` with its content.
inline std::string without(std::string doc, const std::string& tag) {
  const auto open = find_open(doc, tag);
  const auto close = "</" + tag + ">";
  const auto end = doc.find(close, open);
  if (end == std::string::npos) throw std::logic_error("no end of " + tag);
  doc.erase(open, end + close.size() - open);
  return doc;
}

}  // namespace iwmo::test

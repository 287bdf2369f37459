#pragma once
// The sample region (fixtures/iwmo-3.2/region) as the service tests use it: its messages, small
// edits of their elements, the principal that may send each one, and the stops made from its
// starts that make the signals engine raise declared_after_stop.
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "app/principal.hpp"
#include "support/test_paths.hpp"

namespace iwmo::test {

inline std::string region(const std::string& name) {
  return read_file(fixtures_dir() / "iwmo-3.2" / "region" / name);
}

inline void replace_once(std::string& s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  if (pos == std::string::npos) throw std::logic_error(fmt::format("'{}' is not in the message", from));
  s.replace(pos, from.size(), to);
}

inline std::string element(const std::string& xml, const std::string& name) {
  const auto open = "<" + name + ">";
  const auto a = xml.find(open);
  const auto b = xml.find("</" + name + ">", a);
  if (a == std::string::npos || b == std::string::npos) throw std::logic_error("no " + name);
  return xml.substr(a + open.size(), b - a - open.size());
}

inline void set_element(std::string& xml, const std::string& name, const std::string& value) {
  replace_once(xml, "<" + name + ">" + element(xml, name) + "<", "<" + name + ">" + value + "<");
}

// The sender of a message, as the principal that may submit it.
inline app::principal sender_of(const std::string& xml) {
  const auto afzender = element(xml, "Afzender");
  return *app::parse_principal((afzender.size() == 4 ? "gemeente:" : "aanbieder:") + afzender);
}

// A WMO307 that stops the product of a region WMO305 (same client, toewijzing and start) on
// `einddatum`, sent on 2026-11-10 with its own identification.
inline std::string stop_of(const std::string& start_file, const std::string& einddatum, const std::string& identificatie) {
  auto m = region(start_file);
  replace_once(m, "/wmo305/schema", "/wmo307/schema");
  set_element(m, "BerichtCode", "420");
  set_element(m, "iwmo:Identificatie", identificatie);
  set_element(m, "iwmo:Dagtekening", "2026-11-10");
  replace_once(m, "<StartProducten>", "<StopProducten>");
  replace_once(m, "</StartProducten>", "</StopProducten>");
  replace_once(m, "<StartProduct>", "<StopProduct>");
  replace_once(m, "</StartProduct>", "</StopProduct>");
  replace_once(m, "<StatusAanlevering>",
               "<RedenBeeindiging>19</RedenBeeindiging>\n        <Einddatum>" + einddatum +
                   "</Einddatum>\n        <StatusAanlevering>");
  return m;
}

}  // namespace iwmo::test

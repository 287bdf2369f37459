#include "app/principal.hpp"

#include <algorithm>

namespace iwmo::app {

namespace {

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(role r) {
  switch (r) {
    case role::aanbieder: return "aanbieder";
    case role::gemeente: return "gemeente";
    case role::backoffice: return "backoffice";
    case role::toezicht: return "toezicht";
    case role::admin: return "admin";
  }
  return "admin";
}

std::optional<party> principal::as_party() const {
  if (role == role::aanbieder) return party{model::party_kind::aanbieder, code};
  if (role == role::gemeente) return party{model::party_kind::gemeente, code};
  return std::nullopt;
}

bool principal::serves(std::string_view gemeente) const {
  return gemeenten.empty() || std::ranges::find(gemeenten, gemeente) != gemeenten.end();
}

std::string principal::display() const { return name.empty() ? to_string() : name + " (" + to_string() + ")"; }

std::string principal::to_string() const {
  std::string out(app::to_string(role));
  if (is_party()) return out + ":" + code;
  for (std::size_t i = 0; i < gemeenten.size(); ++i) out += (i == 0 ? ":" : ",") + gemeenten[i];
  return out;
}

std::optional<principal> parse_principal(std::string_view text) {
  const auto colon = text.find(':');
  const auto name = text.substr(0, colon);
  auto rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  principal p;
  if (name == "aanbieder" || name == "gemeente") {
    p.role = name == "aanbieder" ? role::aanbieder : role::gemeente;
    if (!digits(rest, p.role == role::aanbieder ? 8 : 4)) return std::nullopt;
    p.code = std::string(rest);
    return p;
  }
  if (name == "backoffice") p.role = role::backoffice;
  else if (name == "toezicht") p.role = role::toezicht;
  else if (name == "admin") p.role = role::admin;
  else return std::nullopt;
  if (colon == std::string_view::npos) return p;
  if (p.role == role::admin) return std::nullopt;  // admin is not scoped to municipalities
  for (;;) {  // one or more CBS codes, separated by commas
    const auto comma = rest.find(',');
    const auto code = rest.substr(0, comma);
    if (!digits(code, 4)) return std::nullopt;
    p.gemeenten.emplace_back(code);
    if (comma == std::string_view::npos) return p;
    rest = rest.substr(comma + 1);
  }
}

}  // namespace iwmo::app

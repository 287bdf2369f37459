#pragma once
// Who is calling: a party of the message flow (a provider by AGB code, a municipality by CBS
// code) or a member of staff (back office, toezicht, admin), optionally limited to some
// municipalities. Written as text in the configuration and in the token store:
//   aanbieder:98000011   gemeente:0344   backoffice   backoffice:0344,0307   toezicht:0344   admin
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/parties.hpp"

namespace iwmo::app {

enum class role : std::uint8_t { aanbieder, gemeente, backoffice, toezicht, admin };

struct principal {
  app::role role = role::admin;
  std::string code;                   // AGB (aanbieder) or CBS (gemeente) code
  std::vector<std::string> gemeenten;  // staff: the municipalities they work for; empty = all
  std::string name;                    // the person, for the audit trail: a token's label (may be empty)

  [[nodiscard]] bool is_party() const { return role == role::aanbieder || role == role::gemeente; }
  [[nodiscard]] bool is_staff() const { return !is_party(); }
  // The party this principal is (only for aanbieder and gemeente).
  [[nodiscard]] std::optional<party> as_party() const;
  // Staff working for this municipality (no list means all).
  [[nodiscard]] bool serves(std::string_view gemeente) const;
  [[nodiscard]] std::string to_string() const;
  // For the audit trail and notes: "J. de Vries (toezicht:0344)", or the principal without a name.
  [[nodiscard]] std::string display() const;
  friend bool operator==(const principal&, const principal&) = default;
};

[[nodiscard]] std::string_view to_string(role r);
// nullopt when the text is not a principal (wrong role name, or a code of the wrong length).
[[nodiscard]] std::optional<principal> parse_principal(std::string_view text);

}  // namespace iwmo::app

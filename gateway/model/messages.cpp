#include "model/messages.hpp"

namespace iwmo::model {

static_assert(std::variant_size_v<message> == 14);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(message_type::wmo323), message>, wmo323>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(message_type::wmo325), message>, wmo325>);

common_header header_of(const message& m) {
  return std::visit(
      [](const auto& msg) {
        const auto& h = msg.header;
        return common_header{&h.afzender, &h.ontvanger, &h.identificatie, &h.xsd_versie};
      },
      m);
}

standard standard_of(const message& m) {
  const auto& code = std::visit([](const auto& msg) -> const text& { return msg.header.bericht_code; }, m);
  for (const auto& s : all_standards()) {
    if (message_from_code(s.std, code) == type_of(m)) return s.std;
  }
  return standard::iwmo_3_2;
}

const message_info& info_of(const message& m) { return info(standard_of(m), type_of(m)); }

}  // namespace iwmo::model

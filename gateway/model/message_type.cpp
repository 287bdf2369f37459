#include "model/message_type.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace iwmo::model {
namespace {

using enum message_type;
using enum party_kind;

#define IWMO_NS(n) "http://www.istandaarden.nl/iwmo/3_2/wmo" n "/schema"

constexpr std::array messages{
    message_info{wmo301, standard::iwmo_3_2, "WMO301", "414", IWMO_NS("301"), "WMO301.xsd",
                 "Toewijzing (assignment)", gemeente, true, wmo302},
    message_info{wmo302, standard::iwmo_3_2, "WMO302", "415", IWMO_NS("302"), "WMO302.xsd",
                 "Toewijzing retour", aanbieder, false, std::nullopt},
    message_info{wmo305, standard::iwmo_3_2, "WMO305", "418", IWMO_NS("305"), "WMO305.xsd",
                 "Start zorg (start of delivery)", aanbieder, true, wmo306},
    message_info{wmo306, standard::iwmo_3_2, "WMO306", "419", IWMO_NS("306"), "WMO306.xsd",
                 "Start zorg retour", gemeente, false, std::nullopt},
    message_info{wmo307, standard::iwmo_3_2, "WMO307", "420", IWMO_NS("307"), "WMO307.xsd",
                 "Stop zorg (end of delivery)", aanbieder, true, wmo308},
    message_info{wmo308, standard::iwmo_3_2, "WMO308", "421", IWMO_NS("308"), "WMO308.xsd",
                 "Stop zorg retour", gemeente, false, std::nullopt},
    message_info{wmo315, standard::iwmo_3_2, "WMO315", "444", IWMO_NS("315"), "WMO315.xsd",
                 "Verzoek om toewijzing (request for assignment)", aanbieder, true, wmo316},
    message_info{wmo316, standard::iwmo_3_2, "WMO316", "445", IWMO_NS("316"), "WMO316.xsd",
                 "Verzoek om toewijzing retour", gemeente, false, std::nullopt},
    message_info{wmo317, standard::iwmo_3_2, "WMO317", "480", IWMO_NS("317"), "WMO317.xsd",
                 "Verzoek om wijziging (change request)", aanbieder, true, wmo318},
    message_info{wmo318, standard::iwmo_3_2, "WMO318", "481", IWMO_NS("318"), "WMO318.xsd",
                 "Verzoek om wijziging retour", gemeente, false, std::nullopt},
    message_info{wmo319, standard::iwmo_3_2, "WMO319", "482", IWMO_NS("319"), "WMO319.xsd",
                 "Antwoordbericht (answer to a request)", gemeente, true, wmo320},
    message_info{wmo320, standard::iwmo_3_2, "WMO320", "483", IWMO_NS("320"), "WMO320.xsd",
                 "Antwoordbericht retour", aanbieder, false, std::nullopt},
    message_info{wmo323, standard::iwmo_3_2, "WMO323", "484", IWMO_NS("323"), "WMO323.xsd",
                 "Declaratie (declaration)", aanbieder, true, wmo325},
    message_info{wmo325, standard::iwmo_3_2, "WMO325", "485", IWMO_NS("325"), "WMO325.xsd",
                 "Declaratie-antwoord (declaration answer)", gemeente, false, std::nullopt},
};

#undef IWMO_NS

constexpr std::array standards{
    standard_info{standard::iwmo_3_2, "iWmo 3.2", "iwmo-3.2",
                  "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema", "basisschema.xsd"},
};

// The table is indexed by the enum value; keep both in the same order.
constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (static_cast<std::size_t>(messages[i].type) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order());

}  // namespace

std::span<const message_info> all_messages() { return messages; }
std::span<const standard_info> all_standards() { return standards; }

const message_info& info(message_type type) { return messages[static_cast<std::size_t>(type)]; }
const standard_info& info(standard std) { return standards[static_cast<std::size_t>(std)]; }

std::optional<message_type> message_from_namespace(std::string_view ns) {
  const auto it = std::ranges::find(messages, ns, &message_info::target_namespace);
  if (it == messages.end()) return std::nullopt;
  return it->type;
}

std::optional<message_type> message_from_name(std::string_view name) {
  const auto it = std::ranges::find(messages, name, &message_info::name);
  if (it == messages.end()) return std::nullopt;
  return it->type;
}

std::optional<message_type> message_from_code(standard std, std::string_view code) {
  const auto it = std::ranges::find_if(
      messages, [&](const message_info& m) { return m.std == std && m.code == code; });
  if (it == messages.end()) return std::nullopt;
  return it->type;
}

}  // namespace iwmo::model

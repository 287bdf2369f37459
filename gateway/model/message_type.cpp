#include "model/message_type.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace iwmo::model {
namespace {

using enum message_type;
using enum party_kind;

#define IWMO_NS(n) "http://www.istandaarden.nl/iwmo/3_2/wmo" n "/schema"
#define IJW_NS(n) "http://www.istandaarden.nl/ijw/3_2/jw" n "/schema"

// One row per message number: the iWmo entry, then the iJw entry with the same structure.
#define IWMO_MESSAGE(t, n, wmo_code, jw_code, title, sender, heen, answer)                                  \
  message_info{t, standard::iwmo_3_2, "WMO" n, wmo_code, IWMO_NS(n), "WMO" n ".xsd", title, sender, heen, answer}
#define IJW_MESSAGE(t, n, wmo_code, jw_code, title, sender, heen, answer)                                   \
  message_info{t, standard::ijw_3_2, "JW" n, jw_code, IJW_NS(n), "JW" n ".xsd", title, sender, heen, answer}

#define MESSAGES(M)                                                                                   \
  M(wmo301, "301", "414", "436", "Toewijzing (assignment)", gemeente, true, wmo302),                  \
  M(wmo302, "302", "415", "437", "Toewijzing retour", aanbieder, false, std::nullopt),               \
  M(wmo305, "305", "418", "438", "Start zorg (start of delivery)", aanbieder, true, wmo306),          \
  M(wmo306, "306", "419", "439", "Start zorg retour", gemeente, false, std::nullopt),                \
  M(wmo307, "307", "420", "440", "Stop zorg (end of delivery)", aanbieder, true, wmo308),             \
  M(wmo308, "308", "421", "441", "Stop zorg retour", gemeente, false, std::nullopt),                 \
  M(wmo315, "315", "444", "446", "Verzoek om toewijzing (request for assignment)", aanbieder, true, wmo316), \
  M(wmo316, "316", "445", "447", "Verzoek om toewijzing retour", gemeente, false, std::nullopt),     \
  M(wmo317, "317", "480", "486", "Verzoek om wijziging (change request)", aanbieder, true, wmo318),  \
  M(wmo318, "318", "481", "487", "Verzoek om wijziging retour", gemeente, false, std::nullopt),      \
  M(wmo319, "319", "482", "488", "Antwoordbericht (answer to a request)", gemeente, true, wmo320),    \
  M(wmo320, "320", "483", "489", "Antwoordbericht retour", aanbieder, false, std::nullopt),          \
  M(wmo323, "323", "484", "490", "Declaratie (declaration)", aanbieder, true, wmo325),               \
  M(wmo325, "325", "485", "491", "Declaratie-antwoord (declaration answer)", gemeente, false, std::nullopt)

// Indexed by standard * 14 + message type.
constexpr std::array messages{MESSAGES(IWMO_MESSAGE), MESSAGES(IJW_MESSAGE)};

#undef MESSAGES
#undef IJW_MESSAGE
#undef IWMO_MESSAGE
#undef IJW_NS
#undef IWMO_NS

constexpr std::array standards{
    standard_info{standard::iwmo_3_2, "iWmo 3.2", "iwmo-3.2", "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
                  "basisschema.xsd", "wmo", "WMO", "1.0.0"},
    standard_info{standard::ijw_3_2, "iJw 3.2", "ijw-3.2", "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
                  "basisschema.xsd", "jw", "JW", "0.1.0"},
};

constexpr std::size_t index_of(standard s, message_type t) {
  return static_cast<std::size_t>(s) * message_type_count + static_cast<std::size_t>(t);
}

constexpr bool table_in_enum_order() {
  if (messages.size() != standards.size() * message_type_count) return false;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (index_of(messages[i].std, messages[i].type) != i) return false;
  }
  for (std::size_t i = 0; i < standards.size(); ++i) {
    if (static_cast<std::size_t>(standards[i].std) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order());

}  // namespace

std::span<const message_info> all_messages() { return messages; }
std::span<const standard_info> all_standards() { return standards; }

const message_info& info(standard std, message_type type) { return messages[index_of(std, type)]; }
const standard_info& info(standard std) { return standards[static_cast<std::size_t>(std)]; }

std::optional<standard> standard_from_domain(std::string_view domain) {
  const auto it = std::ranges::find(standards, domain, &standard_info::domain);
  if (it == standards.end()) return std::nullopt;
  return it->std;
}

const message_info* message_from_namespace(std::string_view ns) {
  const auto it = std::ranges::find(messages, ns, &message_info::target_namespace);
  return it == messages.end() ? nullptr : &*it;
}

const message_info* message_from_name(std::string_view name) {
  const auto it = std::ranges::find(messages, name, &message_info::name);
  return it == messages.end() ? nullptr : &*it;
}

std::optional<message_type> message_from_code(standard std, std::string_view code) {
  const auto it = std::ranges::find_if(
      messages, [&](const message_info& m) { return m.std == std && m.code == code; });
  if (it == messages.end()) return std::nullopt;
  return it->type;
}

party_kind sender_of(message_type type) { return info(standard::iwmo_3_2, type).sender; }
bool is_heen(message_type type) { return info(standard::iwmo_3_2, type).is_heen; }
std::optional<message_type> answer_of(message_type type) { return info(standard::iwmo_3_2, type).answer; }

}  // namespace iwmo::model

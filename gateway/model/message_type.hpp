#pragma once
// The message catalogue of the supported iStandaarden: which message types exist, how they
// are recognised (root namespace, BerichtCode) and how they relate (heen message -> answer).
//
// iWmo 3.2 and iJw 3.2 have the same fourteen messages with the same structure; they differ
// in namespaces, BerichtCodes, code lists and a few iJw-only elements. `message_type` names
// the message by its number (wmo301 is WMO301 in iWmo and JW301 in iJw), and a catalogue entry
// is the pair (standard, message_type).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace iwmo::model {

enum class standard : std::uint8_t { iwmo_3_2, ijw_3_2 };

enum class message_type : std::uint8_t {
  wmo301, wmo302, wmo305, wmo306, wmo307, wmo308, wmo315,
  wmo316, wmo317, wmo318, wmo319, wmo320, wmo323, wmo325,
};
inline constexpr std::size_t message_type_count = 14;

// Who sends a message: the municipality (CBS code) or the care provider (AGB code).
enum class party_kind : std::uint8_t { gemeente, aanbieder };

struct message_info {
  message_type type;
  standard std;
  std::string_view name;          // "WMO301", "JW301"
  std::string_view code;          // BerichtCode, "414"
  std::string_view target_namespace;
  std::string_view schema_file;   // file name in an official release folder
  std::string_view title;         // English one-line description
  party_kind sender;              // the party that writes this message type
  bool is_heen;                   // true for messages that are answered
  std::optional<message_type> answer;  // the retour or the declaration answer of a heen message
};

struct standard_info {
  standard std;
  std::string_view name;                // "iWmo 3.2"
  std::string_view folder;              // "iwmo-3.2", folder of the built-in schema set
  std::string_view basis_namespace;     // namespace of the basisschema
  std::string_view basis_schema_file;   // "basisschema.xsd"
  std::string_view domain;              // the legal domain whose state is kept apart: "wmo", "jw"
  std::string_view prefix;              // prefix of the message names: "WMO", "JW"
  std::string_view versie;              // BasisschemaXsdVersie and BerichtXsdVersie of the release
};

[[nodiscard]] std::span<const message_info> all_messages();
[[nodiscard]] std::span<const standard_info> all_standards();
[[nodiscard]] const message_info& info(standard std, message_type type);
[[nodiscard]] const standard_info& info(standard std);

[[nodiscard]] std::optional<standard> standard_from_domain(std::string_view domain);

// Lookups over both standards; the entry tells the standard.
[[nodiscard]] const message_info* message_from_namespace(std::string_view ns);
[[nodiscard]] const message_info* message_from_name(std::string_view name);
[[nodiscard]] std::optional<message_type> message_from_code(standard std, std::string_view code);

// Properties that do not depend on the standard.
[[nodiscard]] party_kind sender_of(message_type type);
[[nodiscard]] bool is_heen(message_type type);
[[nodiscard]] std::optional<message_type> answer_of(message_type type);

}  // namespace iwmo::model

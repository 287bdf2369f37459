#pragma once
// The message catalogue of the supported iStandaarden: which message types exist, how they
// are recognised (root namespace, BerichtCode) and how they relate (heen message -> answer).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace iwmo::model {

enum class standard : std::uint8_t { iwmo_3_2 };

enum class message_type : std::uint8_t {
  wmo301, wmo302, wmo305, wmo306, wmo307, wmo308, wmo315,
  wmo316, wmo317, wmo318, wmo319, wmo320, wmo323, wmo325,
};

// Who sends a message: the municipality (CBS code) or the care provider (AGB code).
enum class party_kind : std::uint8_t { gemeente, aanbieder };

struct message_info {
  message_type type;
  standard std;
  std::string_view name;          // "WMO301"
  std::string_view code;          // BerichtCode, "414"
  std::string_view target_namespace;
  std::string_view schema_file;   // file name in an official release folder
  std::string_view title;         // English one-line description
  party_kind sender;              // the party that writes this message type
  bool is_heen;                   // true for messages that are answered
  std::optional<message_type> answer;  // the retour or WMO325 for a heen message
};

struct standard_info {
  standard std;
  std::string_view name;                // "iWmo 3.2"
  std::string_view folder;              // "iwmo-3.2", folder of the built-in schema set
  std::string_view basis_namespace;     // namespace of the basisschema
  std::string_view basis_schema_file;   // "basisschema.xsd"
};

[[nodiscard]] std::span<const message_info> all_messages();
[[nodiscard]] std::span<const standard_info> all_standards();
[[nodiscard]] const message_info& info(message_type type);
[[nodiscard]] const standard_info& info(standard std);

[[nodiscard]] std::optional<message_type> message_from_namespace(std::string_view ns);
[[nodiscard]] std::optional<message_type> message_from_name(std::string_view name);
[[nodiscard]] std::optional<message_type> message_from_code(standard std, std::string_view code);

}  // namespace iwmo::model

#pragma once
// The Xerces side of the ggk layer: the StUF-GGK envelope schemas compiled into a grammar pool,
// and a validating reader that checks an envelope against them and collects its values in one
// parse. The schemas are our own (xsd/stuf-ggk0310, embedded) or, for tests, any folder such as
// the published release.
//
// Unlike the iStandaard schema_set, a reader owns its pool and is used by one thread. The
// envelope grammar is small (compiled in a few milliseconds), and a pool that is never shared
// needs none of the preparation that schema_set.cpp gives the parts Xerces builds lazily and
// without synchronisation. Xerces types stay in the .cpp.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/message_type.hpp"
#include "xml/diagnostic.hpp"

namespace iwmo::ggk {

inline constexpr std::string_view ggk_namespace = "http://www.stufstandaarden.nl/sectormodel/ggk/0210";
inline constexpr std::string_view stuf_namespace = "http://www.egem.nl/StUF/StUF0301";
inline constexpr std::string_view xmime_namespace = "http://www.w3.org/2005/05/xmlmime";

struct envelope_document {
  bool valid = false;  // well-formed and valid against the envelope schemas
  std::vector<xml::diagnostic> errors;
  std::string root_namespace;  // of the root element; empty when there is none
  std::string root;            // its local name
  // The text of every leaf element by its path below the root ("stuurgegevens/zender/organisatie")
  // and the payload's attributes ("parameters/bericht@contentType", "parameters/bericht@bestandsnaam").
  // Collected also from an invalid document, as far as it was read: the Fo01 answer uses them.
  std::map<std::string, std::string, std::less<>> values;

  [[nodiscard]] const std::string* value(std::string_view path) const {
    const auto it = values.find(path);
    return it == values.end() ? nullptr : &it->second;
  }
};

class envelope_reader {
 public:
  // Our own envelope schemas (xsd/stuf-ggk0310, compiled into the binary).
  envelope_reader();
  // The schemas of a folder: every .xsd file below it, imports and includes resolved by file
  // name (nothing outside the folder is read); `entry` is the file that declares the envelopes.
  // Throws xml::schema_load_error when they cannot be compiled.
  envelope_reader(const std::filesystem::path& folder, std::string_view entry);
  ~envelope_reader();
  envelope_reader(const envelope_reader&) = delete;
  envelope_reader& operator=(const envelope_reader&) = delete;

  // Never throws for bad input. `max_bytes` bounds the input (xml::check_input).
  [[nodiscard]] envelope_document read(std::string_view bytes, std::size_t max_bytes);

  // The iStandaard message a payload claims to be, from its root element's namespace, without
  // validating it (the pipeline does that); null when it is not XML or not a known message.
  [[nodiscard]] const model::message_info* message_of(std::string_view payload);

  // The payload's base64 text decoded (RFC 2045: white space between characters is ignored);
  // nullopt when it is not base64. Uses Xerces's decoder, the one that validated it.
  [[nodiscard]] static std::optional<std::string> decode_base64(const std::string& text);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace iwmo::ggk

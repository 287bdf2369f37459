#pragma once
// Internal helpers of the XML layer around Xerces-C: process-wide initialisation and UTF-16
// (XMLCh) <-> UTF-8 conversion.
#include <string>
#include <string_view>

#include <xercesc/util/XercesDefs.hpp>

namespace iwmo::xml::detail {

// Initialises Xerces once per process; safe to call from any thread.
void ensure_xerces();

[[nodiscard]] std::string to_utf8(const XMLCh* text);
[[nodiscard]] std::string to_utf8(const XMLCh* text, std::size_t length);
[[nodiscard]] std::u16string to_xmlch(std::string_view utf8);

// Xerces datatype messages start with "datatype error: Type:...Exception, Message:"; keep
// the part a person can act on.
[[nodiscard]] std::string readable_message(std::string message);

}  // namespace iwmo::xml::detail

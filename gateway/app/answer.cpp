#include "app/answer.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "xml/message_codec.hpp"

namespace iwmo::app {

std::optional<answer> answer_to(const checked_message& checked, const rules::answer_identity& id) {
  if (!checked.validation.xsd_valid || !checked.message) return std::nullopt;
  const auto verdict = rules::make_verdict(*checked.message, checked.findings);
  auto composed = rules::compose_answer(*checked.message, verdict, id);
  if (!composed) return std::nullopt;
  auto xml = xml::write_message(*composed);
  return answer{std::move(*composed), std::move(xml)};
}

std::string offline_answer_id(const model::message& heen) {
  const auto h = model::header_of(heen);
  // FNV-1a, 64 bits: stable across runs and platforms.
  std::uint64_t hash = 14695981039346656037ull;
  for (const auto* part : {h.afzender, &h.identificatie->identificatie, &h.identificatie->dagtekening}) {
    for (const unsigned char c : *part) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xFF) * 1099511628211ull;
  }
  hash = (hash ^ static_cast<unsigned>(model::type_of(heen))) * 1099511628211ull;
  return fmt::format("R{:011X}", hash & 0xFFFFFFFFFFFull);
}

}  // namespace iwmo::app

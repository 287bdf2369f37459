#include "app/parties.hpp"

#include <algorithm>

#include "model/records.hpp"

namespace iwmo::app {

using namespace model;

std::string party::id() const { return (kind == party_kind::gemeente ? "gemeente:" : "aanbieder:") + code; }

namespace {

bool is_retour(message_type t) { return !is_heen(t) && t != message_type::wmo325; }

party_kind other(party_kind k) { return k == party_kind::gemeente ? party_kind::aanbieder : party_kind::gemeente; }

}  // namespace

party sender_of(const message& m) {
  const auto t = type_of(m);
  const auto h = header_of(m);
  return {model::sender_of(t), collapse(is_retour(t) ? *h.ontvanger : *h.afzender)};
}

party recipient_of(const message& m) {
  const auto t = type_of(m);
  const auto h = header_of(m);
  return {other(model::sender_of(t)), collapse(is_retour(t) ? *h.afzender : *h.ontvanger)};
}

namespace {

struct key_collector {
  std::vector<std::pair<std::string, std::string>> keys;
  void add(const char* kind, const std::string& value) {
    auto v = collapse(value);
    if (v.empty()) return;
    std::pair<std::string, std::string> k{kind, std::move(v)};
    if (std::ranges::find(keys, k) == keys.end()) keys.push_back(std::move(k));
  }
  void add(const char* kind, const std::optional<std::string>& value) {
    if (value) add(kind, *value);
  }

  void client(const client_301& c) {
    add("bsn", c.bsn);
    for (const auto& p : c.toegewezen_producten) {
      add("toewijzing", p.toewijzing_nummer);
      add("referentie", p.referentie_aanbieder);
    }
  }
  void client(const client_305& c) {
    add("bsn", c.bsn);
    for (const auto& p : c.start_producten) add("toewijzing", p.toewijzing_nummer);
  }
  void client(const client_307& c) {
    add("bsn", c.bsn);
    for (const auto& p : c.stop_producten) add("toewijzing", p.toewijzing_nummer);
  }
  void client(const client_315& c) {
    add("bsn", c.bsn);
    for (const auto& p : c.aangevraagde_producten) add("referentie", p.referentie_aanbieder);
  }
  void client(const client_317& c) {
    add("bsn", c.bsn);
    add("referentie", c.verzoek.referentie_aanbieder);
    for (const auto& p : c.verzoek.ongewijzigde_producten) add("toewijzing", p.toewijzing_nummer);
    for (const auto& p : c.verzoek.te_wijzigen_producten) add("toewijzing", p.toewijzing_nummer);
  }
  void clients(const std::vector<declaratie_client>& list) {
    for (const auto& c : list) {
      add("bsn", c.bsn);
      for (const auto& p : c.prestaties) add("toewijzing", p.toewijzing_nummer);
    }
  }
};

}  // namespace

std::vector<std::pair<std::string, std::string>> business_keys(const message& m) {
  key_collector k;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, wmo319>) {
          k.add("referentie", x.antwoord.referentie_aanbieder);
        } else if constexpr (std::is_same_v<T, wmo320>) {
          if (x.antwoord) k.add("referentie", x.antwoord->referentie_aanbieder);
        } else if constexpr (std::is_same_v<T, wmo323>) {
          k.add("declaratie", x.declaratie.declaratie_nummer);
          k.clients(x.declaratie.clienten);
        } else if constexpr (std::is_same_v<T, wmo325>) {
          if (x.declaratie_antwoord) {
            k.add("declaratie", x.declaratie_antwoord->declaratie_nummer);
            k.clients(x.declaratie_antwoord->clienten);
          }
        } else if constexpr (requires { x.client.bsn; }) {
          k.client(x.client);  // a heen message
        } else {
          if (x.client) k.client(*x.client);  // a retour with its client copied
        }
      },
      m);
  return std::move(k.keys);
}

}  // namespace iwmo::app

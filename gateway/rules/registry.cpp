#include "rules/registry.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "rules/level2.hpp"

namespace iwmo::rules {
namespace {

using enum model::message_type;
using enum control_level;
namespace d = detail;

constexpr std::uint32_t on(std::initializer_list<model::message_type> types) {
  std::uint32_t bits = 0;
  for (const auto t : types) bits |= 1u << static_cast<unsigned>(t);
  return bits;
}

// Messages whose classes carry the element a rule is anchored on; the namespace-independent
// rules of the oracle (Bsn, names, birth dates, addresses) also run on the retour copies.
constexpr auto all_with_bsn = on({wmo301, wmo302, wmo305, wmo306, wmo307, wmo308, wmo315, wmo316, wmo317, wmo318, wmo323, wmo325});
constexpr auto birth_dates = on({wmo301, wmo302, wmo305, wmo306, wmo307, wmo308, wmo315, wmo316});
constexpr auto addresses = on({wmo301, wmo302});
constexpr auto products = on({wmo301, wmo315, wmo317});
constexpr auto heen_and_325 = on({wmo301, wmo305, wmo307, wmo315, wmo317, wmo319, wmo323, wmo325});

constexpr std::string_view persons = "level2_person.cpp";
constexpr std::uint8_t ijw_only = 1u << static_cast<unsigned>(model::standard::ijw_3_2);
constexpr std::string_view productfile = "level2_products.cpp";
constexpr std::string_view declarations = "level2_declaration.cpp";
constexpr std::string_view keysdates = "level2_keys_dates.cpp";
// Levels 3 and 4 are evaluated together by evaluate_cross_message (cross_message.hpp), message
// by message; their entries name the file and have no check function of their own.
constexpr std::string_view crossmessagefile = "cross_message.cpp";
constexpr std::string_view crossleveringfile = "cross_levering.cpp";
constexpr std::string_view crossverzoekfile = "cross_verzoek.cpp";
constexpr std::string_view crossdeclaratiefile = "cross_declaratie.cpp";
constexpr std::string_view crossverzoekdeclaratie = "cross_verzoek.cpp, cross_declaratie.cpp";
constexpr std::string_view crossall = "cross_message.cpp";
constexpr auto heen = on({wmo301, wmo305, wmo307, wmo315, wmo317, wmo319, wmo323});

// Sorted by id.
constexpr std::array table{
    rule_info{"CD005", content, "0001", "Postcode and LandCode are given together", addresses, d::cd005, persons},
    rule_info{"CD007", content, "0001", "Taal is given exactly when Communicatie Vorm is 1 (language interpreter)", addresses, d::cd007, persons},
    rule_info{"CD009", content, "0001", "only a temporary address (Soort 04) has a Periode", on({wmo301}), d::cd009, persons},
    rule_info{"CD025", content, "0001", "a Dutch address (LandCode NL) has a Huisnummer", addresses, d::cd025, persons},
    rule_info{"CD034", content, "0001", "a registered (01) or residence (03) address has a Postcode", on({wmo301}), d::cd034, persons},
    rule_info{"CD041", content, "0001", "a product with a code has an Omvang", products, d::cd041, productfile},
    rule_info{"CD043", content, "0001", "BeschikkingNummer and BeschikkingIngangsdatum are given together", on({wmo315}), d::cd043, productfile},
    rule_info{"CD060", content, "0001", "a credit line, and only a credit line, has a VorigReferentieNummer", on({wmo323, wmo325}), d::cd060, declarations},
    rule_info{"CD066", content, "0001", "a referrer of type 02-05 has a name or a care-provider code, not both", on({wmo315}), d::cd066, productfile},
    rule_info{"CD067", content, "0001", "a referrer of type 02-05 has a name or a care-provider code", on({wmo315}), d::cd067, productfile},
    rule_info{"CD068", content, "0001", "a referrer of another type has no care-provider code", on({wmo315}), d::cd068, productfile},
    rule_info{"CD075", content, "0001", "a product with a Budget has an end date", products, d::cd075, productfile},
    rule_info{"CD076", content, "0001", "a volume per week (Frequentie 2) needs an end date", products, d::cd076, productfile},
    rule_info{"CD077", content, "0001", "a Budget excludes an Omvang (reported at the Budget)", products, d::cd077, productfile},
    rule_info{"CD078", content, "0001", "an Omvang excludes a Budget (reported at the Omvang)", products, d::cd078, productfile},
    rule_info{"CD079", content, "0001", "a product without a Budget has a Product", products, d::cd079, productfile},
    rule_info{"CD080", content, "0001", "an assignment without a product code has no Omvang (unless it ended by 2020)", on({wmo301}), d::cd080, productfile},
    rule_info{"CD085", content, "0001", "a refused request (VerzoekAntwoord 1) states the reason", on({wmo319}), d::cd085, productfile},
    rule_info{"CD086", content, "0001", "a request under investigation (VerzoekAntwoord 2) has no reason for refusal", on({wmo319}), d::cd086, productfile},
    rule_info{"CD087", content, "0001", "a ProductTarief is given exactly when the unit is not euro (83)", on({wmo323}), d::cd087, declarations},
    rule_info{"CD095", content, "0001", "a requested product without a product code has no Omvang (unless it ended by 2020)", on({wmo315}), d::cd095, productfile},
    rule_info{"CD096", content, "0001", "a new product without a product code has no Omvang (unless it ends by 2020)", on({wmo317}), d::cd096, productfile},
    rule_info{"CS002", content, "0001", "a BSN passes the 11-test", all_with_bsn, d::cs002, persons},
    rule_info{"CS003", content, "0001", "an end date is not before its start date", on({wmo301, wmo315, wmo317}), d::cs003, productfile},
    rule_info{"CS050", content, "0001", "NaamGebruik fits the presence of a Partnernaam (1-4 with one, 1 without)", addresses, d::cs050, persons},
    rule_info{"CS058", content, "0001", "start and stop lines are new (1) or deletions (3)", on({wmo305, wmo307}), d::cs058, productfile},
    rule_info{"CS089", content, "0001", "a Dutch postcode is four digits (first not 0) and two letters", addresses, d::cs089, persons},
    rule_info{"CS100", content, "0001", "declared periods start on or after 2021-01-01", on({wmo323}), d::cs100, declarations},
    rule_info{"CS139", content, "0001", "a birth date agrees with DatumGebruik", birth_dates, d::cs139, persons},
    rule_info{"CS325", content, "0001", "an amount of zero is debit", on({wmo323, wmo325}), d::cs325, declarations},
    rule_info{"CS335", content, "0001", "a deleted assignment (RedenWijziging 13) ends on its start date", on({wmo301}), d::cs335, productfile},
    rule_info{"CS336", content, "0001", "RedenWijziging 01 is not used", on({wmo301}), d::cs336, productfile},
    rule_info{"CS337", content, "0001", "a ProductPeriode lies within one calendar month", on({wmo323}), d::cs337, declarations},
    rule_info{"CS338", content, "0001", "units 14, 16, 83 and 84 are per week, per month or in total", on({wmo301, wmo317}), d::cs338, productfile},
    rule_info{"CS339", content, "0001", "for a line in euro (83) the amount equals the volume", on({wmo323}), d::cs339, declarations},
    rule_info{"CS340", content, "0001", "the DeclaratiePeriode is one whole calendar month", on({wmo323}), d::cs340, declarations},
    rule_info{"CS343", content, "0001", "requested units 14, 16, 83 and 84 are per week, per month or in total", on({wmo315}), d::cs343, productfile},
    rule_info{"TR002", content, "0001", "a birth date is at most 120 years before the Dagtekening", birth_dates, d::tr002, persons},
    rule_info{"TR006", content, "0001", "a contact has a telephone number, or a house and a postcode", on({wmo301}), d::tr006, persons},
    rule_info{"TR018", content, "0001", "a stop ends on or after its start", on({wmo307}), d::tr018, productfile},
    rule_info{"TR019", cross_message, "9019", "a start or stop names a toewijzing of this provider and client (not needed when delivered taakgericht)", on({wmo305, wmo307}), nullptr, crossleveringfile},
    rule_info{"TR056", cross_message, "9056", "the Identificatie is new for this sender and message type", heen, nullptr, crossmessagefile},
    rule_info{"TR061", content, "0001", "the client has a registered, correspondence or residence address", on({wmo301}), d::tr061, persons},
    rule_info{"TR063", cross_message, "9063", "a deletion (StatusAanlevering 3) refers to a start or stop in force", on({wmo305, wmo307}), nullptr, crossleveringfile},
    rule_info{"TR071", cross_message, "9071", "a start with a stop in force is not deleted", on({wmo305}), nullptr, crossleveringfile},
    rule_info{"TR074", cross_message, "9074", "a new start or stop (StatusAanlevering 1) has a key not in force yet", on({wmo305, wmo307}), nullptr, crossleveringfile},
    rule_info{"TR101", content, "0001", "sibling classes do not share their logical key", on({wmo301, wmo305, wmo307, wmo315, wmo317, wmo323, wmo325}), d::tr101, keysdates},
    rule_info{"TR134", content, "0001", "dates in the message are not after its Dagtekening", on({wmo301, wmo305, wmo307, wmo315, wmo323, wmo325}), d::tr134, keysdates},
    rule_info{"TR135", external, "8848", "the Dagtekening is not after the receiver's system date", heen_and_325, d::tr135, keysdates},
    rule_info{"TR137", content, "0001", "a period ends on or after its start and not after the Dagtekening", on({wmo323, wmo325}), d::tr137, declarations},
    rule_info{"TR302", content, "0001", "no two assigned products for the same product overlap in time", on({wmo301}), d::tr302, productfile},
    rule_info{"TR304", cross_message, "8187", "the referenced toewijzing belongs to this client", on({wmo317, wmo323}), nullptr, crossverzoekdeclaratie},
    rule_info{"TR307", cross_message, "9307", "a line does not start before the toewijzing", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR308", cross_message, "9308", "a line does not end after the toewijzing", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR314", cross_message, "8021", "a ReferentieNummer is used once by the provider", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR315", content, "0001", "a VorigReferentieNummer occurs once in the declaration", on({wmo323}), d::tr315, declarations},
    rule_info{"TR316", content, "0001", "a line is not credited in the declaration that declares it", on({wmo323}), d::tr316, declarations},
    rule_info{"TR318", cross_message, "8214", "a DeclaratiePeriode is not before the last processed one", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR319", content, "0001", "a ProductPeriode does not end after the DeclaratiePeriode", on({wmo323}), d::tr319, declarations},
    rule_info{"TR321", cross_message, "9321", "a line stays within the volume of its period (days, ISO weeks, Sundays, month, total; household help six weeks)", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR322", cross_message, "9322", "the approved lines together stay within the toewijzing's total volume", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR323", cross_message, "8017", "a credit reverses an approved debit", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR326", cross_message, "9326", "one current (unstopped) start per toewijzing", on({wmo305}), nullptr, crossleveringfile},
    rule_info{"TR332", cross_message, "9332", "a ToewijzingNummer keeps its client, provider, product and Ingangsdatum", on({wmo301}), nullptr, crossmessagefile},
    rule_info{"TR333", cross_message, "9333", "a DeclaratieNummer is used once by the provider", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR335", content, "0001", "a ProductPeriode ends at most 60 months before the DeclaratieDagtekening", on({wmo323}), d::tr335, declarations},
    rule_info{"TR338", cross_message, "9338", "a line names a toewijzing of this provider", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR339", cross_message, "9339", "a line's ProductCategorie is the assigned one", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR340", cross_message, "9340", "a line's ProductCode is the assigned one", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR341", cross_message, "9341", "a line's Eenheid is the assigned unit (minutes for hours), or the contract's for an aspecific toewijzing", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR342", content, "0001", "the totals of a declaration answer agree with the lines it returns", on({wmo325}), d::tr342, declarations},
    rule_info{"TR346", external, "9346", "the amount is volume times tariff (minutes against the unrounded hourly tariff)", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR347", cross_message, "9347", "a ReferentieAanbieder is used once by the provider", on({wmo315, wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR349", cross_message, "9349", "a change request names every current toewijzing of the client", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR350", cross_message, "9350", "an unchanged product is a current toewijzing of the client", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR351", cross_message, "9351", "a product to change is a current toewijzing of the client", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR352", content, "0001", "a change request names unchanged or changed products", on({wmo317}), d::tr352, productfile},
    rule_info{"TR353", content, "0001", "a change request changes or adds a product", on({wmo317}), d::tr353, productfile},
    rule_info{"TR355", cross_message, "9355", "an answer refers to a request of this provider", on({wmo319}), nullptr, crossmessagefile},
    rule_info{"TR357", cross_message, "9357", "a change that starts in the past starts at the original Ingangsdatum", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR358", content, "0001", "TotaalIngediendBedrag is the net sum of the lines", on({wmo323}), d::tr358, declarations},
    rule_info{"TR359", cross_message, "9359", "no answer to a request that was honoured with a toewijzing", on({wmo319}), nullptr, crossmessagefile},
    rule_info{"TR360", cross_message, "9360", "'under investigation' is only the first answer to a request", on({wmo319}), nullptr, crossmessagefile},
    rule_info{"TR361", cross_message, "9361", "the situation a change request asks for has no product twice at the same time", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR365", cross_message, "9365", "no answer after a final answer", on({wmo319}), nullptr, crossmessagefile},
    rule_info{"TR369", cross_message, "9369", "the approved amounts stay within the Budget", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR373", cross_message, "9373", "a Budget or total volume changes from the original Ingangsdatum", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR374", cross_message, "9374", "no new request while one for the client is open", on({wmo315, wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR375", cross_message, "9375", "no Omvang for a generic toewijzing (no product)", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR377", content, "0001", "a refusal on the residence principle (RedenAfwijzingVerzoek 8) names the responsible municipality in Woonplaatsbeginsel (iJw)", on({wmo319}), d::tr377, productfile, ijw_only},
    rule_info{"TR378", external, "S300", "the municipality's CBS code is valid (an old code after a merger for its older toewijzingen)", heen, nullptr, crossmessagefile},
    rule_info{"TR379", cross_message, "9379", "a ReferentieAanbieder in a toewijzing refers to a request for this client", on({wmo301}), nullptr, crossmessagefile},
    rule_info{"TR380", content, "0001", "a new product's wished start date is after the Dagtekening", on({wmo317}), d::tr380, productfile},
    rule_info{"TR381", external, "S329", "the product code belongs to the category in the contract's code list", on({wmo301, wmo305, wmo307, wmo315, wmo317, wmo323}), nullptr, crossall},
    rule_info{"TR382", cross_message, "9069", "a stop refers to the current start", on({wmo307}), nullptr, crossleveringfile},
    rule_info{"TR383", content, "0001", "each requested product has its own ReferentieAanbieder", on({wmo315}), d::tr383, productfile},
    rule_info{"TR384", cross_message, "9384", "no declaration on a deleted toewijzing (RedenWijziging 13)", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR385", cross_message, "9385", "a toewijzing with approved, uncredited lines is not deleted", on({wmo301}), nullptr, crossmessagefile},
    rule_info{"TR386", content, "0001", "no two requested products for the same product overlap in time", on({wmo315}), d::tr386, productfile},
    rule_info{"TR387", cross_message, "9387", "a line starts on the first of the month or on the toewijzing's Ingangsdatum", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR388", cross_message, "9388", "a line ends on the last of the month or on the toewijzing's Einddatum", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR389", cross_message, "9389", "no second debit for a product and period before the first is credited", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR390", cross_message, "9390", "a debit is credited once", on({wmo323}), nullptr, crossdeclaratiefile},
    rule_info{"TR409", content, "0001", "a Woonplaatsbeginsel is given only for a refusal on the residence principle (iJw)", on({wmo319}), d::tr409, productfile, ijw_only},
    rule_info{"TR410", content, "0001", "no two new products for the same product overlap in time", on({wmo317}), d::tr410, productfile},
    rule_info{"TR411", cross_message, "9411", "a change of a toewijzing with a product code gives an Omvang", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR412", cross_message, "9412", "no Omvang for a toewijzing without product code", on({wmo317}), nullptr, crossverzoekfile},
    rule_info{"TR413", cross_message, "9413", "no second temporary stop for a start", on({wmo307}), nullptr, crossleveringfile},
    rule_info{"TR414", cross_message, "9414", "a stop does not end before the stop in force", on({wmo307}), nullptr, crossleveringfile},
    rule_info{"TR415", cross_message, "9415", "nothing after a definitive stop", on({wmo307}), nullptr, crossleveringfile},
    rule_info{"TR416", content, "0001", "no second debit line for the same assignment, product and period", on({wmo323}), d::tr416, declarations},
    rule_info{"TR418", external, "0611", "the ProductTarief is the contract's tariff", on({wmo323}), nullptr, crossdeclaratiefile},
};

constexpr bool sorted_by_id() {
  for (std::size_t i = 1; i < table.size(); ++i) {
    if (!(table[i - 1].id < table[i].id)) return false;
  }
  return true;
}

}  // namespace

static_assert(sorted_by_id(), "keep the rule table sorted by id");

std::span<const rule_info> all_rules() { return table; }

const rule_info* find_rule(std::string_view id) {
  const auto it = std::ranges::lower_bound(table, id, {}, &rule_info::id);
  return it != table.end() && it->id == id ? &*it : nullptr;
}

findings check_content(const model::message& message) {
  findings out;
  const auto type = model::type_of(message);
  const auto standard = model::standard_of(message);
  const rule_context none;
  for (const auto& rule : table) {
    if (rule.level == content && rule.applies_to(standard, type)) rule.check(message, none, out);
  }
  return out;
}

findings check_message(const model::message& message, const rule_context& context) {
  auto out = check_content(message);
  const auto type = model::type_of(message);
  const auto standard = model::standard_of(message);
  for (const auto& rule : table) {
    if (rule.level != content && rule.check != nullptr && rule.applies_to(standard, type)) rule.check(message, context, out);
  }
  return out;
}

}  // namespace iwmo::rules

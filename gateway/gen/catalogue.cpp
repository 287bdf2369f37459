#include "gen/catalogue.hpp"

#include <array>

namespace iwmo::gen::catalogue {

namespace {

using model::eenheid;
using model::frequentie;
using rules::variant;
using namespace std::string_view_literals;

constexpr std::array municipality_list{
    municipality{"0344", "Utrecht", 3511, 3585, 370},
    municipality{"0307", "Amersfoort", 3811, 3829, 160},
    municipality{"0363", "Amsterdam", 1011, 1109, 930},
    municipality{"0310", "De Bilt", 3720, 3739, 43},
    municipality{"0321", "Houten", 3991, 3998, 50},
    municipality{"0355", "Zeist", 3701, 3709, 66},
    municipality{"0356", "Nieuwegein", 3430, 3439, 64},
    municipality{"0599", "Rotterdam", 3011, 3089, 660},
    municipality{"0518", "'s-Gravenhage", 2491, 2597, 560},
    municipality{"0772", "Eindhoven", 5611, 5658, 240},
    municipality{"0014", "Groningen", 9711, 9747, 240},
    municipality{"0855", "Tilburg", 5011, 5049, 225},
    municipality{"0034", "Almere", 1311, 1365, 220},
    municipality{"0758", "Breda", 4811, 4839, 185},
    municipality{"0268", "Nijmegen", 6511, 6546, 180},
    municipality{"0200", "Apeldoorn", 7311, 7339, 165},
    municipality{"0392", "Haarlem", 2011, 2037, 165},
    municipality{"0202", "Arnhem", 6811, 6846, 165},
    municipality{"0153", "Enschede", 7511, 7548, 160},
    municipality{"0479", "Zaanstad", 1501, 1566, 158},
    municipality{"0796", "'s-Hertogenbosch", 5211, 5249, 158},
    municipality{"0193", "Zwolle", 8011, 8043, 130},
    municipality{"0546", "Leiden", 2311, 2334, 127},
    municipality{"0935", "Maastricht", 6211, 6229, 122},
    municipality{"0505", "Dordrecht", 3311, 3329, 120},
    municipality{"0637", "Zoetermeer", 2711, 2729, 126},
    municipality{"0150", "Deventer", 7411, 7429, 101},
    municipality{"0503", "Delft", 2611, 2629, 104},
    municipality{"0361", "Alkmaar", 1811, 1827, 110},
    municipality{"0080", "Leeuwarden", 8911, 8939, 125},
    municipality{"0983", "Venlo", 5911, 5935, 102},
    municipality{"0402", "Hilversum", 1211, 1223, 92},
    municipality{"0362", "Amstelveen", 1181, 1189, 92},
    municipality{"0513", "Gouda", 2801, 2809, 75},
    municipality{"0228", "Ede", 6711, 6718, 120},
    municipality{"0345", "Veenendaal", 3901, 3907, 68},
    municipality{"0308", "Baarn", 3741, 3744, 25},
    municipality{"0342", "Soest", 3760, 3769, 47},
    municipality{"0327", "Leusden", 3830, 3835, 30},
    municipality{"0632", "Woerden", 3440, 3449, 53},
    municipality{"0353", "IJsselstein", 3400, 3405, 35},
    municipality{"0340", "Rhenen", 3910, 3911, 20},
    municipality{"0794", "Helmond", 5701, 5709, 93},
    municipality{"0828", "Oss", 5341, 5349, 93},
    municipality{"0917", "Heerlen", 6411, 6422, 87},
    municipality{"0114", "Emmen", 7811, 7828, 107},
    municipality{"0106", "Assen", 9401, 9409, 69},
    municipality{"0995", "Lelystad", 8211, 8245, 80},
    municipality{"0141", "Almelo", 7601, 7611, 74},
    municipality{"0164", "Hengelo", 7550, 7559, 81},
};

// Usual volumes, repeated by weight.
constexpr std::array vol_hh{2, 2, 3, 3, 3, 3, 4, 4, 5, 6};
constexpr std::array vol_hh_plus{3, 4, 4, 5, 6, 8};
constexpr std::array vol_one{1};
constexpr std::array vol_begeleiding{1, 2, 2, 3, 3, 3, 4, 5, 6};
constexpr std::array vol_specialistisch{1, 2, 2, 3, 4};
constexpr std::array vol_groep{1, 2, 2, 3, 4};
constexpr std::array vol_verzorging{1, 2, 3, 3, 4, 5, 7};
constexpr std::array vol_verblijf{2, 3, 4, 4, 6, 8};
constexpr std::array vol_dagbesteding{1, 2, 2, 3, 3, 4, 5};
constexpr std::array vol_dagbesteding_spec{2, 3, 4, 4, 5};
constexpr std::array vol_vervoer{2, 4, 4, 6, 8};
constexpr std::array vol_budget{1500, 2500, 3000, 4000, 5000, 6000, 8000, 12000};
constexpr std::array vol_beschermd{7};
constexpr std::array vol_jeugd_ambulant{1, 1, 2, 2, 2, 3, 4};
constexpr std::array vol_jeugd_specialistisch{1, 1, 2, 2, 3};
constexpr std::array vol_jeugd_groep{1, 2, 2, 3};
constexpr std::array vol_dagbehandeling{2, 3, 4, 4, 5, 6};
constexpr std::array vol_jeugd_ggz{1, 1, 1, 2, 2, 3};
constexpr std::array vol_jeugd_verzorging{1, 2, 2, 3, 4, 5};
constexpr std::array vol_jeugd_budget{2000, 3500, 5000, 8000, 12000, 20000};

const std::array product_list{
    product{"01A01", "01", "Huishoudelijke hulp", group::huishouden, eenheid::uur, frequentie::per_week,
            variant::inspanningsgericht, 2900, 3400, vol_hh, true},
    product{"01A02", "01", "Huishoudelijke hulp plus", group::huishouden, eenheid::uur, frequentie::per_week,
            variant::inspanningsgericht, 3300, 3900, vol_hh_plus, true},
    product{"01A03", "01", "Huishoudelijke hulp resultaatgericht (maand)", group::huishouden, eenheid::stuks_output,
            frequentie::per_maand, variant::outputgericht, 19000, 27000, vol_one, true},
    product{"02A01", "02", "Begeleiding individueel basis", group::begeleiding_individueel, eenheid::uur,
            frequentie::per_week, variant::inspanningsgericht, 5400, 6400, vol_begeleiding, true},
    product{"02A05", "02", "Begeleiding individueel specialistisch", group::begeleiding_individueel, eenheid::uur,
            frequentie::per_week, variant::inspanningsgericht, 6400, 8200, vol_specialistisch, true},
    product{"02A07", "02", "Begeleiding groep", group::begeleiding_groep, eenheid::dagdeel, frequentie::per_week,
            variant::inspanningsgericht, 3600, 5200, vol_groep, true},
    product{"03A01", "03", "Persoonlijke verzorging", group::verzorging, eenheid::uur, frequentie::per_week,
            variant::inspanningsgericht, 4900, 5900, vol_verzorging, true},
    product{"04A01", "04", "Kortdurend verblijf", group::kortdurend_verblijf, eenheid::etmaal, frequentie::per_maand,
            variant::inspanningsgericht, 11000, 16000, vol_verblijf, true},
    product{"07A01", "07", "Dagbesteding basis", group::dagbesteding, eenheid::dagdeel, frequentie::per_week,
            variant::inspanningsgericht, 3400, 4400, vol_dagbesteding, true},
    product{"07A02", "07", "Dagbesteding specialistisch", group::dagbesteding, eenheid::dagdeel, frequentie::per_week,
            variant::inspanningsgericht, 4400, 6200, vol_dagbesteding_spec, true},
    product{"08A01", "08", "Vervoer dagbesteding (rit)", group::vervoer, eenheid::stuks_output, frequentie::per_week,
            variant::outputgericht, 900, 1600, vol_vervoer, true},
    product{"10A01", "10", "Maatwerkvoorziening in euro's", group::maatwerk, eenheid::euro, std::nullopt,
            variant::taakgericht, 0, 0, vol_budget, false},
    product{"15A01", "15", "Beschermd wonen", group::beschermd_wonen, eenheid::etmaal, frequentie::per_week,
            variant::inspanningsgericht, 9000, 14500, vol_beschermd, true},
    // Jeugdwet (iJw, national list JZ21); categories of LDT_ProductCategorie in iJw.
    product{"45A01", "45", "Jeugdhulp ambulant individueel basis", group::jeugd_ambulant, eenheid::uur,
            frequentie::per_week, variant::inspanningsgericht, 7200, 8600, vol_jeugd_ambulant, true, true},
    product{"45A05", "45", "Jeugdhulp ambulant individueel specialistisch", group::jeugd_ambulant, eenheid::uur,
            frequentie::per_week, variant::inspanningsgericht, 9200, 11800, vol_jeugd_specialistisch, true, true},
    product{"45A10", "45", "Jeugdhulp ambulant groep", group::jeugd_ambulant_groep, eenheid::dagdeel,
            frequentie::per_week, variant::inspanningsgericht, 4800, 6600, vol_jeugd_groep, true, true},
    product{"41A01", "41", "Dagbehandeling jeugd", group::jeugd_dagbehandeling, eenheid::dagdeel, frequentie::per_week,
            variant::inspanningsgericht, 6800, 10500, vol_dagbehandeling, true, true},
    product{"42A01", "42", "Vervoer dagbehandeling jeugd (rit)", group::jeugd_vervoer, eenheid::stuks_output,
            frequentie::per_week, variant::outputgericht, 1100, 1900, vol_vervoer, true, true},
    product{"43A01", "43", "Jeugdhulp verblijf inclusief behandeling", group::jeugd_verblijf_behandeling,
            eenheid::etmaal, frequentie::per_week, variant::inspanningsgericht, 21000, 33000, vol_beschermd, true, true},
    product{"44A01", "44", "Jeugdhulp verblijf exclusief behandeling (gezinshuis)", group::jeugd_verblijf,
            eenheid::etmaal, frequentie::per_week, variant::inspanningsgericht, 11000, 17000, vol_beschermd, true, true},
    product{"54A01", "54", "Jeugd-ggz behandeling", group::jeugd_ggz, eenheid::uur, frequentie::per_week,
            variant::inspanningsgericht, 10500, 13500, vol_jeugd_ggz, true, true},
    product{"40A01", "40", "Persoonlijke verzorging jeugd", group::jeugd_verzorging, eenheid::uur,
            frequentie::per_week, variant::inspanningsgericht, 5000, 6000, vol_jeugd_verzorging, true, true},
    product{"50A01", "50", "Maatwerkarrangement jeugd in euro's", group::jeugd_maatwerk, eenheid::euro, std::nullopt,
            variant::taakgericht, 0, 0, vol_jeugd_budget, false, true},
};
static_assert(product_list.size() == product_count);

constexpr std::array<int, 5> kind_thuiszorg{hh_basis, hh_plus, hh_resultaat, begeleiding_basis,
                                            persoonlijke_verzorging};
constexpr std::array<int, 3> kind_huishouden{hh_basis, hh_plus, hh_resultaat};
constexpr std::array<int, 3> kind_begeleiding{begeleiding_basis, begeleiding_specialistisch, begeleiding_groep};
constexpr std::array<int, 4> kind_dagbesteding{begeleiding_groep, dagbesteding_basis, dagbesteding_specialistisch,
                                               vervoer_dagbesteding};
constexpr std::array<int, 2> kind_logeerhuis{kortdurend_verblijf, dagbesteding_specialistisch};
constexpr std::array<int, 2> kind_wijkteam{maatwerk_budget, begeleiding_basis};
constexpr std::array<int, 2> kind_beschermd{beschermd_wonen, begeleiding_specialistisch};
// With Jeugd clients in the region: the same kinds, and a few that also work for the Jeugdwet.
constexpr std::array<int, 6> kind_thuiszorg_jeugd{hh_basis, hh_plus, hh_resultaat, begeleiding_basis,
                                                  persoonlijke_verzorging, jeugd_verzorging};
constexpr std::array<int, 4> kind_wijkteam_jeugd{maatwerk_budget, begeleiding_basis, jeugd_maatwerk_budget,
                                                 jeugd_ambulant_basis};
constexpr std::array<int, 3> kind_jeugd_ambulant{jeugd_ambulant_basis, jeugd_ambulant_specialistisch,
                                                 jeugd_ambulant_groep};
constexpr std::array<int, 2> kind_jeugd_ggz{jeugd_ggz, jeugd_ambulant_specialistisch};
constexpr std::array<int, 3> kind_jeugd_dagbehandeling{jeugd_dagbehandeling, jeugd_vervoer, jeugd_ambulant_groep};
constexpr std::array<int, 3> kind_jeugd_verblijf{jeugd_verblijf_behandeling, jeugd_verblijf, jeugd_ambulant_basis};

constexpr std::array<provider_kind, 12> rotation{
    provider_kind::thuiszorg,   provider_kind::begeleiding, provider_kind::dagbesteding, provider_kind::huishouden,
    provider_kind::wijkteam,    provider_kind::logeerhuis,  provider_kind::thuiszorg,    provider_kind::beschermd_wonen,
    provider_kind::begeleiding, provider_kind::huishouden,  provider_kind::dagbesteding, provider_kind::thuiszorg,
};
constexpr std::array<provider_kind, 4> jeugd_rotation{provider_kind::jeugd_ambulant, provider_kind::jeugd_ggz,
                                                      provider_kind::jeugd_dagbehandeling, provider_kind::jeugd_verblijf};

constexpr std::array surnames{
    "Jong"sv,     "Jansen"sv,  "Vries"sv,     "Berg"sv,     "Dijk"sv,   "Bakker"sv,    "Janssen"sv, "Visser"sv,
    "Smit"sv,     "Meijer"sv,  "Boer"sv,      "Mulder"sv,   "Groot"sv,  "Bos"sv,       "Vos"sv,     "Peters"sv,
    "Hendriks"sv, "Leeuwen"sv, "Dekker"sv,    "Brouwer"sv,  "Wit"sv,    "Dijkstra"sv,  "Smits"sv,   "Graaf"sv,
    "Meer"sv,     "Linden"sv,  "Kok"sv,       "Jacobs"sv,   "Haan"sv,   "Vermeulen"sv, "Heuvel"sv,  "Veen"sv,
    "Broek"sv,    "Bruijn"sv,  "Heijden"sv,   "Schouten"sv, "Beek"sv,   "Willems"sv,   "Vliet"sv,   "Ven"sv,
    "Hoekstra"sv, "Maas"sv,    "Verhoeven"sv, "Koster"sv,   "Dam"sv,    "Wal"sv,       "Prins"sv,   "Blom"sv,
    "Huisman"sv,  "Kuipers"sv, "Postma"sv,    "Wijk"sv,     "Yilmaz"sv, "El Amrani"sv, "Kaya"sv,    "Bouzid"sv,
    "Pinas"sv,    "Nguyen"sv,  "Kowalski"sv,  "Çelik"sv,
};
constexpr std::array prefixes{
    "de"sv,      ""sv,        "de"sv,      "van den"sv, "van"sv,     ""sv,        ""sv,    ""sv,    ""sv,    ""sv,
    "de"sv,      ""sv,        "de"sv,      ""sv,        ""sv,        ""sv,        ""sv,    "van"sv, ""sv,    ""sv,
    "de"sv,      ""sv,        ""sv,        "de"sv,      "van der"sv, "van der"sv, ""sv,    ""sv,    "de"sv,  ""sv,
    "van den"sv, "van der"sv, "van den"sv, "de"sv,      "van der"sv, ""sv,        "van"sv, ""sv,    "van"sv, "van de"sv,
    ""sv,        ""sv,        ""sv,        ""sv,        "van"sv,     "van der"sv, ""sv,    ""sv,    ""sv,    ""sv,
    ""sv,        "van"sv,     ""sv,        ""sv,        ""sv,        ""sv,        ""sv,    ""sv,    ""sv,    ""sv,
};
static_assert(surnames.size() == prefixes.size());

constexpr std::array women_old{
    "Maria"sv,      "Johanna"sv,  "Cornelia"sv, "Anna"sv,      "Wilhelmina"sv, "Elisabeth"sv,
    "Geertruida"sv, "Hendrika"sv, "Adriana"sv,  "Catharina"sv, "Margaretha"sv, "Petronella"sv,
    "Aaltje"sv,     "Grietje"sv,  "Gerda"sv,    "Ria"sv,       "Truus"sv,      "Annie"sv,
    "Joke"sv,       "Els"sv,      "Ingrid"sv,   "Fatma"sv,
};
constexpr std::array men_old{
    "Johannes"sv, "Cornelis"sv, "Hendrik"sv, "Jan"sv,       "Pieter"sv,    "Gerrit"sv,  "Willem"sv,
    "Jacobus"sv,  "Adrianus"sv, "Petrus"sv,  "Theodorus"sv, "Klaas"sv,     "Dirk"sv,    "Kees"sv,
    "Henk"sv,     "Wim"sv,      "Gerard"sv,  "Ton"sv,       "Bernardus"sv, "Mustafa"sv,
};
constexpr std::array women_young{
    "Sanne"sv, "Lisa"sv, "Fleur"sv,   "Anouk"sv,  "Fatima"sv, "Samira"sv, "Laura"sv,   "Kim"sv,
    "Naima"sv, "Eva"sv,  "Marloes"sv, "Esther"sv, "Linda"sv,  "Priya"sv,  "Sabrina"sv, "Iris"sv,
};
constexpr std::array men_young{
    "Daan"sv,   "Sem"sv, "Lucas"sv,   "Thomas"sv, "Mohamed"sv, "Kevin"sv, "Dennis"sv, "Mark"sv,
    "Jeroen"sv, "Bas"sv, "Youssef"sv, "Rick"sv,   "Stefan"sv,  "Niels"sv, "Ahmet"sv,  "Ruben"sv,
};
constexpr std::array streets{
    "Dorpsstraat"sv,       "Kerkstraat"sv,       "Schoolstraat"sv,     "Molenweg"sv,          "Stationsweg"sv,
    "Julianalaan"sv,       "Beatrixlaan"sv,      "Wilhelminastraat"sv, "Lindelaan"sv,         "Eikenlaan"sv,
    "Berkenlaan"sv,        "Kastanjelaan"sv,     "Rozenstraat"sv,      "Tulpstraat"sv,        "Sportlaan"sv,
    "Parkweg"sv,           "Hoofdstraat"sv,      "Nieuwstraat"sv,      "Marktstraat"sv,       "Oranjestraat"sv,
    "Prinses Irenelaan"sv, "Van Goghstraat"sv,   "Rembrandtlaan"sv,    "Vondellaan"sv,        "Merelstraat"sv,
    "Lijsterbeslaan"sv,    "Zonnebloemstraat"sv, "Koningsweg"sv,       "Burgemeesterslaan"sv, "Spoorstraat"sv,
    "Havenstraat"sv,       "Singel"sv,           "Boslaan"sv,          "Weidelaan"sv,         "Akkerstraat"sv,
    "Esdoornstraat"sv,     "Populierenlaan"sv,   "Meidoornweg"sv,      "Vlinderstraat"sv,     "Zuiderpark"sv,
};
constexpr std::array provider_names{
    "De Linde"sv,        "Het Baken"sv,    "De Horst"sv,    "Het Anker"sv,    "De Brug"sv,
    "De Akker"sv,        "Vitaal"sv,       "Samen Thuis"sv, "De Wilgen"sv,    "Het Kompas"sv,
    "De Vlinder"sv,      "Rivierzorg"sv,   "Midden"sv,      "De Boomgaard"sv, "Het Lichtpunt"sv,
    "De Eik"sv,          "Noorderlicht"sv, "De Schakel"sv,  "Het Veer"sv,     "De Zonnewijzer"sv,
    "Hart voor Thuis"sv, "De Molen"sv,     "Het Erf"sv,     "Stadszorg"sv,    "De Kring"sv,
};
constexpr std::array languages{"Turks"sv, "Arabisch"sv, "Pools"sv, "Tigrinya"sv, "Engels"sv};

const names dutch_names{surnames,  prefixes, women_old,      men_old,  women_young,
                        men_young, streets,  provider_names, languages};

}  // namespace

std::span<const municipality> municipalities() { return municipality_list; }
std::span<const product> products() { return product_list; }

std::span<const int> products_of(provider_kind kind, bool jeugd) {
  switch (kind) {
    case provider_kind::thuiszorg:
      if (jeugd) return kind_thuiszorg_jeugd;
      return kind_thuiszorg;
    case provider_kind::huishouden: return kind_huishouden;
    case provider_kind::begeleiding: return kind_begeleiding;
    case provider_kind::dagbesteding: return kind_dagbesteding;
    case provider_kind::logeerhuis: return kind_logeerhuis;
    case provider_kind::wijkteam:
      if (jeugd) return kind_wijkteam_jeugd;
      return kind_wijkteam;
    case provider_kind::beschermd_wonen: return kind_beschermd;
    case provider_kind::jeugd_ambulant: return kind_jeugd_ambulant;
    case provider_kind::jeugd_ggz: return kind_jeugd_ggz;
    case provider_kind::jeugd_dagbehandeling: return kind_jeugd_dagbehandeling;
    case provider_kind::jeugd_verblijf: return kind_jeugd_verblijf;
  }
  return {};
}

std::string_view label(provider_kind kind) {
  switch (kind) {
    case provider_kind::thuiszorg: return "Thuiszorg";
    case provider_kind::huishouden: return "Hulp bij het Huishouden";
    case provider_kind::begeleiding: return "Begeleiding";
    case provider_kind::dagbesteding: return "Dagbesteding";
    case provider_kind::logeerhuis: return "Logeerhuis";
    case provider_kind::wijkteam: return "Wijkteam";
    case provider_kind::beschermd_wonen: return "Beschermd Wonen";
    case provider_kind::jeugd_ambulant: return "Jeugdhulp";
    case provider_kind::jeugd_ggz: return "Jeugd-GGZ";
    case provider_kind::jeugd_dagbehandeling: return "Dagbehandeling Jeugd";
    case provider_kind::jeugd_verblijf: return "Jeugdhulp Verblijf";
  }
  return "";
}

provider_kind kind_of_provider(int i) { return rotation[static_cast<std::size_t>(i) % rotation.size()]; }
provider_kind kind_of_jeugd_provider(int i) {
  return jeugd_rotation[static_cast<std::size_t>(i) % jeugd_rotation.size()];
}

const names& dutch() { return dutch_names; }

}  // namespace iwmo::gen::catalogue

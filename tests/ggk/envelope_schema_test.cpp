// Our envelope schemas (xsd/stuf-ggk0310) against the published StUF-GGK ggk0310 2.1.03, StUF
// 03.01 and xmlmime schemas: the same verdict on the published examples and on one-edit variants
// of Di01, Du01 and Fo01 envelopes. Each variant also states the verdict it should get, so that
// the table is checked against our schemas when the reference folder is absent.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/region_fixtures.hpp"
#include "ggk/ggk_fixtures.hpp"

using namespace iwmo;

namespace {

struct base {
  std::string name;
  std::string kind;  // Di01, Du01, Fo01
  std::string doc;
};

std::vector<base> bases() {
  const auto payload = test::region("001-utrecht-toewijzing-c1.xml");
  const auto& wmo301 = model::info(model::standard::iwmo_3_2, model::message_type::wmo301);
  const auto& wmo302 = model::info(model::standard::iwmo_3_2, model::message_type::wmo302);
  // With the optional referentienummerBericht, which the Du01 answers with crossRefnummerBericht.
  const auto di01 = test::replaced(
      test::envelope_of(payload, wmo301, test::gemeente_system("0344"), test::aanbieder_system("98000011")),
      "<GGK:applicatieVersie>", "<GGK:referentienummerBericht>123456789012</GGK:referentienummerBericht>\n    <GGK:applicatieVersie>");
  const auto receipt = ggk::receive(test::our_envelope_reader(), di01);
  REQUIRE(receipt.heen);
  const ggk::outgoing id{"0c9d8e7f-6a5b-4c3d-9e1f-203a4b5c6d7e", "20261122100001000"};
  std::vector<base> out{
      {"our Di01", "Di01", di01},
      {"our Du01", "Du01", ggk::write_du01(*receipt.heen, "<retour/>", wmo302, id)},
      {"our Fo01", "Fo01",
       ggk::write_fo01(ggk::make_fault(ggk::fault_kind::duplicate, "details"), ggk::gateway_system(),
                       test::gemeente_system("0344"), test::sample_reference, id)},
  };
  if (const auto dir = test::ggk_reference_dir()) {
    out.push_back({"ggk_Di01.xml", "Di01", test::read_file(*dir / "ggk0310_21" / "ggkberichten" / "ggk_Di01.xml")});
    out.push_back({"ggk_Du01.xml", "Du01", test::read_file(*dir / "ggk0310_21" / "ggkberichten" / "ggk_Du01.xml")});
    out.push_back({"envelopHeenbericht-ggk_Di01_v21.xml", "Di01",
                   test::read_file(*dir / "voorbeeldberichten" / "envelopHeenbericht-ggk_Di01_v21.xml")});
  }
  return out;
}

using edit = std::function<std::string(std::string)>;

struct variant {
  std::string name;
  std::vector<std::string> kinds;  // the envelopes it applies to
  edit change;
  bool valid;  // the verdict it should get
};

edit set(const std::string& tag, const std::string& value, int nth = 1) {
  return [=](std::string d) { return test::with_text(std::move(d), tag, value, nth); };
}
edit drop(const std::string& tag) {
  return [=](std::string d) { return test::without(std::move(d), tag); };
}
edit swap(const std::string& from, const std::string& to) {
  return [=](std::string d) { return test::replaced(std::move(d), from, to); };
}
// Removes the attribute `name` (with its value) of the first element that has it.
edit drop_attribute(const std::string& name) {
  return [=](std::string d) {
    const auto at = d.find(" " + name + "=\"");
    if (at == std::string::npos) throw std::logic_error("no attribute " + name);
    const auto end = d.find('"', at + name.size() + 3);
    d.erase(at, end + 1 - at);
    return d;
  };
}
edit set_attribute(const std::string& name, const std::string& value) {
  return [=](std::string d) {
    const auto at = d.find(" " + name + "=\"");
    if (at == std::string::npos) throw std::logic_error("no attribute " + name);
    const auto start = at + name.size() + 3;
    d.replace(start, d.find('"', start) - start, value);
    return d;
  };
}
// Gives the first element `tag` these attributes.
edit attributes(const std::string& tag, const std::string& attrs) {
  return swap("<" + tag + ">", "<" + tag + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" " + attrs + ">");
}

const std::vector<std::string> all{"Di01", "Du01", "Fo01"};
const std::vector<std::string> envelopes{"Di01", "Du01"};
const std::vector<std::string> di01{"Di01"};
const std::vector<std::string> du01{"Du01"};
const std::vector<std::string> fo01{"Fo01"};

std::string chars(std::size_t n) { return std::string(n, 'x'); }

std::vector<variant> variants() {
  return {
      {"unchanged", all, [](std::string d) { return d; }, true},
      {"berichtcode of another kind", di01, set("StUF:berichtcode", "Du01"), false},
      {"berichtcode Di01 in a Du01", du01, set("StUF:berichtcode", "Di01"), false},
      {"empty berichtcode", envelopes, set("StUF:berichtcode", ""), false},
      {"berichtcode with a trailing space", di01, set("StUF:berichtcode", "Di01 "), false},
      {"berichtcode in the GGK namespace", di01, swap("<StUF:berichtcode>Di01</StUF:berichtcode>", "<GGK:berichtcode>Di01</GGK:berichtcode>"), false},
      {"zender without organisatie", envelopes, drop("StUF:organisatie"), false},
      {"zender without applicatie", all, drop("StUF:applicatie"), false},
      {"applicatie of 2 characters", all, set("StUF:applicatie", "ab"), false},
      {"applicatie of 3 characters", all, set("StUF:applicatie", "abc"), true},
      {"applicatie of 50 characters", all, set("StUF:applicatie", chars(50)), true},
      {"applicatie of 51 characters", all, set("StUF:applicatie", chars(51)), false},
      {"applicatie of 50 characters, not all ASCII", all, set("StUF:applicatie", std::string("\xC3\xA9") + chars(49)), true},
      {"organisatie of 200 characters", all, set("StUF:organisatie", chars(200)), true},
      {"organisatie of 201 characters", all, set("StUF:organisatie", chars(201)), false},
      {"empty organisatie", all, set("StUF:organisatie", ""), true},
      {"without administratie", all, drop("StUF:administratie"), true},
      {"administratie of 51 characters", all, set("StUF:administratie", chars(51)), false},
      {"without gebruiker", all, drop("StUF:gebruiker"), true},
      {"gebruiker of 101 characters", all, set("StUF:gebruiker", chars(101)), false},
      {"referentienummer of 40 characters", all, set("StUF:referentienummer", chars(40)), true},
      {"referentienummer of 41 characters", all, set("StUF:referentienummer", chars(41)), false},
      {"empty referentienummer", all, set("StUF:referentienummer", ""), true},
      {"referentienummer with blanks around it", all, set("StUF:referentienummer", " 123 "), true},
      {"without referentienummer", all, drop("StUF:referentienummer"), false},
      {"tijdstipBericht of 8 digits", all, set("StUF:tijdstipBericht", "20160421"), true},
      {"tijdstipBericht of 17 digits", all, set("StUF:tijdstipBericht", "20160421132514123"), true},
      {"tijdstipBericht of 7 digits", all, set("StUF:tijdstipBericht", "2016042"), false},
      {"tijdstipBericht of 18 digits", all, set("StUF:tijdstipBericht", "201604211325141234"), false},
      {"tijdstipBericht with a letter", all, set("StUF:tijdstipBericht", "2016042113251a"), false},
      {"tijdstipBericht with a blank", all, set("StUF:tijdstipBericht", " 20160421132514"), false},
      {"tijdstipBericht as xsi:type Tijdstip-e with noValue", all,
       attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:Tijdstip-e\" StUF:noValue=\"geenWaarde\""), true},
      {"tijdstipBericht with noValue, without xsi:type", all, attributes("StUF:tijdstipBericht", "StUF:noValue=\"geenWaarde\""), false},
      {"tijdstipBericht as xsi:type TijdstipMetIndicator", all,
       attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:TijdstipMetIndicator\" StUF:indOnvolledigeDatum=\"D\""), true},
      {"tijdstipBericht as xsi:type Tijdstip-r with noValue", all,
       attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:Tijdstip-r\" StUF:noValue=\"geenWaarde\""), false},
      {"tijdstipBericht as xsi:type Tijdstip-r with exact", all,
       attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:Tijdstip-r\" StUF:exact=\"false\""), true},
      {"tijdstipBericht as xsi:type Tijdstip", all, attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:Tijdstip\""), true},
      {"tijdstipBericht as xsi:type of an unknown type", all, attributes("StUF:tijdstipBericht", "xsi:type=\"StUF:Datum\""), false},
      {"tijdstipBericht nil", all, attributes("StUF:tijdstipBericht", "xsi:nil=\"true\""), false},
      {"functie of 30 characters", envelopes, set("StUF:functie", chars(30)), true},
      {"functie of 31 characters", envelopes, set("StUF:functie", chars(31)), false},
      {"empty functie", envelopes, set("StUF:functie", ""), true},
      {"without functie", envelopes, drop("StUF:functie"), false},
      {"functie as xsi:type Functie", envelopes, attributes("StUF:functie", "xsi:type=\"StUF:Functie\""), false},
      {"crossRefnummer in a Di01", di01, swap("<StUF:functie>", "<StUF:crossRefnummer>x</StUF:crossRefnummer><StUF:functie>"), false},
      {"without crossRefnummer", {"Du01", "Fo01"}, drop("StUF:crossRefnummer"), false},
      {"an unknown element in the stuurgegevens", envelopes,
       swap("</GGK:stuurgegevens>", "<StUF:entiteittype>X</StUF:entiteittype></GGK:stuurgegevens>"), false},
      {"stuurgegevens as xsi:type of its own type", di01,
       attributes("GGK:stuurgegevens", "xsi:type=\"StUF:StuurgegevensDi01-envelopHeenbericht\""), true},
      {"stuurgegevens as xsi:type of the StUF base type", di01, attributes("GGK:stuurgegevens", "xsi:type=\"StUF:StuurgegevensDi01\""), false},
      {"zender as xsi:type Systeem", envelopes, attributes("StUF:zender", "xsi:type=\"StUF:Systeem\""), false},
      {"zender as xsi:type Systeem_ggkberichten", envelopes, attributes("StUF:zender", "xsi:type=\"StUF:Systeem_ggkberichten\""), true},
      {"referentienummer and tijdstipBericht swapped", all,
       [](std::string d) {
         const auto ref = test::text_of(d, "StUF:referentienummer");
         const auto tijdstip = test::text_of(d, "StUF:tijdstipBericht");
         d = test::replaced(d, "<StUF:referentienummer>" + ref + "</StUF:referentienummer>", "<StUF:X/>");
         d = test::replaced(d, "<StUF:tijdstipBericht>" + tijdstip + "</StUF:tijdstipBericht>",
                            "<StUF:referentienummer>" + ref + "</StUF:referentienummer>");
         return test::replaced(d, "<StUF:X/>", "<StUF:tijdstipBericht>" + tijdstip + "</StUF:tijdstipBericht>");
       },
       false},
      {"without referentienummerBericht", envelopes, drop("GGK:referentienummerBericht"), true},
      {"referentienummerBericht of 41 characters", envelopes, set("GGK:referentienummerBericht", chars(41)), false},
      {"without crossRefnummerBericht", du01, drop("GGK:crossRefnummerBericht"), true},
      {"crossRefnummerBericht in a Di01", di01,
       swap("<GGK:applicatieVersie>", "<GGK:crossRefnummerBericht>1</GGK:crossRefnummerBericht><GGK:applicatieVersie>"), false},
      {"applicatieVersie of 3 digits", envelopes, set("GGK:applicatieVersie", "004"), false},
      {"applicatieVersie of 5 digits", envelopes, set("GGK:applicatieVersie", "00004"), false},
      {"applicatieVersie with a letter", envelopes, set("GGK:applicatieVersie", "00a4"), false},
      {"functieSubversie 9999", envelopes, set("GGK:functieSubversie", "9999"), true},
      {"without functieVersie", envelopes, drop("GGK:functieVersie"), false},
      {"bericht without contentType", envelopes, drop_attribute("xmime:contentType"), false},
      {"contentType of 2 characters", envelopes, set_attribute("xmime:contentType", "ab"), false},
      {"contentType of 3 characters", envelopes, set_attribute("xmime:contentType", "a/b"), true},
      {"bericht without bestandsnaam", envelopes, drop_attribute("StUF:bestandsnaam"), true},
      {"bestandsnaam of 255 characters", envelopes, set_attribute("StUF:bestandsnaam", chars(255)), true},
      {"bestandsnaam of 256 characters", envelopes, set_attribute("StUF:bestandsnaam", chars(256)), false},
      {"an unknown attribute on bericht", envelopes, swap("<GGK:bericht ", "<GGK:bericht StUF:functie=\"x\" "), false},
      {"bericht with expectedContentTypes", envelopes, swap("<GGK:bericht ", "<GGK:bericht xmime:expectedContentTypes=\"a/b\" "), false},
      {"bericht not base64", envelopes, set("GGK:bericht", "abc"), false},
      {"bericht with a character outside base64", envelopes, set("GGK:bericht", "SGVs*G8="), false},
      {"bericht with too much padding", envelopes, set("GGK:bericht", "SGVsbA==="), false},
      {"empty bericht", envelopes, set("GGK:bericht", ""), true},
      {"bericht with line breaks", envelopes, set("GGK:bericht", "SGVs\nbG8g\nd2VyZWxk"), true},
      {"bericht with blanks around it", envelopes, set("GGK:bericht", "  SGVsbG8=  "), true},
      {"bericht with two blanks inside", envelopes, set("GGK:bericht", "SGVs  bG8="), true},
      {"without bericht", envelopes, drop("GGK:bericht"), false},
      {"without parameters", envelopes, drop("GGK:parameters"), false},
      {"root in another namespace", envelopes,
       swap("xmlns:GGK=\"http://www.stufstandaarden.nl/sectormodel/ggk/0210\"", "xmlns:GGK=\"http://www.stufstandaarden.nl/sectormodel/ggk/0211\""),
       false},
      {"a comment and a processing instruction", all, swap("<StUF:berichtcode>", "<!-- c --><?pi x?><StUF:berichtcode>"), true},
      {"a DOCTYPE", all, swap("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x>"), false},
      {"not well-formed", all, swap("</StUF:berichtcode>", "</StUF:berichtcod>"), false},
      // Fo01
      {"plek neither client nor server", fo01, set("StUF:plek", "hub"), false},
      {"code of 7 characters", fo01, set("StUF:code", "StUF999"), true},
      {"code of 8 characters", fo01, set("StUF:code", "StUF9999"), false},
      {"omschrijving of 200 characters", fo01, set("StUF:omschrijving", chars(200)), true},
      {"omschrijving of 201 characters", fo01, set("StUF:omschrijving", chars(201)), false},
      {"details of 1000 characters", fo01, set("StUF:details", chars(1000)), true},
      {"details of 1001 characters", fo01, set("StUF:details", chars(1001)), false},
      {"without details", fo01, drop("StUF:details"), true},
      {"without omschrijving", fo01, drop("StUF:omschrijving"), false},
      {"detailsXML with any content", fo01,
       swap("</StUF:body>", "<StUF:detailsXML><x:a xmlns:x=\"urn:x\"><x:b c=\"d\"/>text</x:a><StUF:unknown/></StUF:detailsXML></StUF:body>"),
       true},
      {"without body", fo01, drop("StUF:body"), false},
      {"empty berichtcode (the fixed value)", fo01, set("StUF:berichtcode", ""), true},
      {"berichtcode Di01 in a Fo01", fo01, set("StUF:berichtcode", "Di01"), false},
      {"berichtcode Fo02 in a Fo01", fo01, set("StUF:berichtcode", "Fo02"), false},
      {"berichtcode as xsi:type BerichtcodeF001", fo01, attributes("StUF:berichtcode", "xsi:type=\"StUF:BerichtcodeF001\""), true},
      {"berichtcode as xsi:type BerichtcodeDi01", fo01, attributes("StUF:berichtcode", "xsi:type=\"StUF:BerichtcodeDi01\""), false},
      {"ontvanger as xsi:type Systeem_ggkberichten", fo01, attributes("StUF:ontvanger", "xsi:type=\"StUF:Systeem_ggkberichten\""), true},
      {"zender without organisatie as xsi:type Systeem_ggkberichten", fo01,
       attributes("StUF:zender", "xsi:type=\"StUF:Systeem_ggkberichten\""), false},
      {"functie in a Fo01", fo01, swap("</StUF:crossRefnummer>", "</StUF:crossRefnummer><StUF:functie>X</StUF:functie>"), false},
  };
}

}  // namespace

TEST_CASE("ggk: our envelope schemas compile, and so do the published ones", "[ggk][schemas]") {
  CHECK_NOTHROW(test::our_envelope_reader());
  if (test::ggk_reference_dir()) {
    CHECK(test::reference_envelope_reader() != nullptr);
  } else {
    WARN("skipped: ../shared/reference/stuf-ggk0310-2.1.03 is absent (set IWMO_REFERENCE_DIR to run this)");
  }
}

TEST_CASE("ggk: our envelope schemas give the published examples the published schemas' verdict", "[ggk][schemas]") {
  const auto dir = test::ggk_reference_dir();
  if (!dir) {
    WARN("skipped: ../shared/reference/stuf-ggk0310-2.1.03 is absent (set IWMO_REFERENCE_DIR to run this)");
    return;
  }
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(*dir)) {
    if (e.path().extension() != ".xml") continue;
    const auto doc = test::read_file(e.path());
    const auto ours = test::our_envelope_reader().read(doc, ggk::max_envelope_bytes);
    const auto published = test::reference_envelope_reader()->read(doc, ggk::max_envelope_bytes);
    INFO(e.path().filename().string() << ": ours " << ggk::describe_errors(ours.errors) << "; published "
                                      << ggk::describe_errors(published.errors));
    CHECK(ours.valid == published.valid);
    // The Du01 example of the voorbeeldberichten has stray quotes in its root tag.
    CHECK(ours.valid == (e.path().filename() != "envelopRetourbericht-ggk_Du01-v21.xml"));
    ++files;
  }
  CHECK(files == 4);
}

TEST_CASE("ggk: our envelope schemas give every edited envelope the published schemas' verdict", "[ggk][schemas]") {
  auto* reference = test::reference_envelope_reader();
  if (reference == nullptr) WARN("the published schemas are absent: checking the expected verdicts only");
  const auto docs = bases();
  int compared = 0;
  for (const auto& v : variants()) {
    int applied = 0;
    for (const auto& b : docs) {
      if (std::ranges::find(v.kinds, b.kind) == v.kinds.end()) continue;
      std::string doc;
      try {
        doc = v.change(b.doc);
      } catch (const std::logic_error&) {
        continue;  // this envelope lacks the element the edit is about
      }
      ++applied;
      const auto ours = test::our_envelope_reader().read(doc, ggk::max_envelope_bytes);
      INFO(v.name << " on " << b.name << ": ours " << (ours.valid ? "valid" : ggk::describe_errors(ours.errors)));
      CHECK(ours.valid == v.valid);
      if (reference != nullptr) {
        const auto published = reference->read(doc, ggk::max_envelope_bytes);
        INFO("published " << (published.valid ? "valid" : ggk::describe_errors(published.errors)));
        CHECK(published.valid == ours.valid);
        ++compared;
      }
    }
    INFO(v.name);
    CHECK(applied > 0);
  }
  if (reference != nullptr) CHECK(compared > 150);
}

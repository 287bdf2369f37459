// Our schema sets against the official releases, for every standard of the catalogue (iWmo 3.2
// and iJw 3.2): the same declarations (structural comparison of the compiled schema models), the
// same verdict on a differential corpus of one-mutation variants, and the same verdict on the
// official example messages (docs/schemas.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "corpus/doc_tree.hpp"
#include "corpus/mutations.hpp"
#include "corpus/schema_model.hpp"
#include "support/test_paths.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;

namespace {

namespace fs = std::filesystem;

std::shared_ptr<const xml::schema_set> ours() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

fs::path samples_dir(const model::standard_info& s) { return test::fixtures_dir() / std::string(s.folder) / "samples"; }
fs::path release_dir(const fs::path& ref, const model::standard_info& s) { return ref / std::string(s.folder) / "xsd"; }
fs::path examples_dir(const fs::path& ref, const model::standard_info& s) {
  return ref / std::string(s.folder) / "voorbeeldberichten";
}

// The official release of one standard, loaded once per process. Null (with a warning) when
// the reference folder lacks that standard, so that an older copy of it still runs the rest.
std::shared_ptr<const xml::schema_set> theirs(const fs::path& ref, const model::standard_info& s) {
  static std::map<model::standard, std::shared_ptr<const xml::schema_set>> cache;
  if (const auto it = cache.find(s.std); it != cache.end()) return it->second;
  if (!fs::is_directory(release_dir(ref, s))) {
    WARN(fmt::format("skipped for {}: {} is absent", s.name, release_dir(ref, s).string()));
    return nullptr;
  }
  return cache[s.std] = xml::schema_set::from_directory(release_dir(ref, s));
}

// Official examples that are invalid in the source (../shared/reference/README.md), with a
// fragment of the schema error that names the reason. Both schema sets must reject them.
const std::map<std::string, std::string, std::less<>> invalid_in_source = {
    {"JW315.xml", "2027-06-31"},  // ToewijzingEinddatum: June has 30 days
    {"JW318.xml", "RetourCode"},  // a RetourCode directly in Verzoek, not in RetourCodes
};

std::vector<fs::path> xml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::ranges::sort(files);
  return files;
}

void collect(const corpus::node& n, std::set<const corpus::element_decl*>& seen) {
  if (n.decl != nullptr) seen.insert(n.decl);
  for (const auto& c : n.children) collect(c, seen);
}

void collect(const corpus::element_decl& d, std::set<const corpus::element_decl*>& all) {
  all.insert(&d);
  for (const auto& c : d.children) collect(c, all);
}

// Base documents of one message type: the maximal document plus our samples and, when given,
// the official examples of its standard (the invalid ones too: their variants must get the same
// verdicts as well).
std::vector<std::pair<std::string, corpus::node>> bases(const corpus::message_model& m,
                                                        const std::optional<fs::path>& ref) {
  const auto& standard = model::info(m.std);
  std::vector<std::pair<std::string, corpus::node>> out;
  out.emplace_back("maximal", corpus::maximal_document(m.root));
  auto files = xml_files(samples_dir(standard));
  if (ref) {
    for (auto& f : xml_files(examples_dir(*ref, standard))) files.push_back(std::move(f));
  }
  for (const auto& f : files) {
    auto doc = corpus::parse_document(test::read_file(f));
    if (doc.ns != m.info().target_namespace) continue;
    corpus::attach_declarations(doc, m.root);
    out.emplace_back(f.filename().string(), std::move(doc));
  }
  return out;
}

}  // namespace

TEST_CASE("maximal documents contain every declared element and are valid", "[schemas]") {
  xml::validating_reader reader(ours());
  for (const auto& standard : model::all_standards()) {
    const auto models = corpus::extract_models(*ours(), standard.std);
    REQUIRE(models.size() == model::message_type_count);
    for (const auto& m : models) {
      const auto doc = corpus::maximal_document(m.root);
      std::set<const corpus::element_decl*> seen, all;
      collect(doc, seen);
      collect(m.root, all);
      INFO(m.info().name);
      CHECK(seen == all);
      CHECK(all.size() == corpus::count_declarations(m.root));
      const auto v = reader.validate(corpus::serialize(doc, standard.basis_namespace));
      INFO((v.errors.empty() ? "" : v.errors.front().text));
      CHECK(v.xsd_valid);
      REQUIRE(v.message != nullptr);
      CHECK(v.message == &m.info());
    }
  }
}

TEST_CASE("the structural comparison notices a different message", "[schemas]") {
  for (const auto& standard : model::all_standards()) {
    const auto models = corpus::extract_models(*ours(), standard.std);
    INFO(standard.name);
    // 301 and 302 differ in namespace, header and RetourCodes; the comparison must say so.
    CHECK_FALSE(corpus::compare_models(models[0], models[1]).empty());
    CHECK(corpus::compare_models(models[0], models[0]).empty());
  }
  // The same message in the two standards: other namespaces, and JW315 has GezagsdragerBekend.
  const auto wmo = corpus::extract_models(*ours(), model::standard::iwmo_3_2);
  const auto jw = corpus::extract_models(*ours(), model::standard::ijw_3_2);
  const auto i315 = static_cast<std::size_t>(model::message_type::wmo315);
  const auto diffs = corpus::compare_models(wmo[i315], jw[i315]);
  CHECK_FALSE(diffs.empty());
}

TEST_CASE("our samples are valid for our schemas and for the official ones, one per message", "[schemas][samples]") {
  const auto ref = test::reference_dir();
  if (!ref) WARN("the official schemas are not checked: ../shared/reference is absent");
  xml::validating_reader our_reader(ours());
  for (const auto& standard : model::all_standards()) {
    INFO(standard.name);
    const auto official = ref ? theirs(*ref, standard) : nullptr;
    std::unique_ptr<xml::validating_reader> their_reader;
    if (official) their_reader = std::make_unique<xml::validating_reader>(official);
    std::set<model::message_type> covered;
    for (const auto& f : xml_files(samples_dir(standard))) {
      const auto bytes = test::read_file(f);
      const auto v = our_reader.validate(bytes);
      INFO(f.filename().string() << (v.errors.empty() ? "" : ": " + v.errors.front().text));
      CHECK(v.xsd_valid);
      REQUIRE(v.message != nullptr);
      CHECK(v.message->std == standard.std);
      covered.insert(v.message->type);
      if (their_reader) CHECK(their_reader->validate(bytes).xsd_valid);
    }
    CHECK(covered.size() == model::message_type_count);
  }
}

TEST_CASE("our schemas declare exactly what the official release declares", "[schemas][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  for (const auto& standard : model::all_standards()) {
    const auto official = theirs(ref, standard);
    if (!official) continue;
    const auto a = corpus::extract_models(*ours(), standard.std);
    const auto b = corpus::extract_models(*official, standard.std);
    REQUIRE(a.size() == b.size());
    std::size_t declarations = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto diffs = corpus::compare_models(a[i], b[i]);
      INFO(a[i].info().name);
      for (const auto& d : diffs) UNSCOPED_INFO(d);
      CHECK(diffs.empty());
      declarations += corpus::count_declarations(a[i].root);
    }
    INFO(standard.name);
    CHECK(declarations > 500);
  }
}

TEST_CASE("the official examples get the same verdict from our and the official schemas", "[schemas][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  xml::validating_reader our_reader(ours());
  std::set<std::string> rejected_as_expected;
  for (const auto& standard : model::all_standards()) {
    const auto official = theirs(ref, standard);
    if (!official) continue;
    xml::validating_reader their_reader(official);
    std::size_t examples = 0;
    for (const auto& f : xml_files(examples_dir(ref, standard))) {
      const auto name = f.filename().string();
      const auto bytes = test::read_file(f);
      const auto a = our_reader.validate(bytes);
      const auto b = their_reader.validate(bytes);
      INFO(standard.name << " " << name << (a.errors.empty() ? "" : ": " + a.errors.front().text));
      ++examples;
      CHECK(a.xsd_valid == b.xsd_valid);
      REQUIRE(a.message != nullptr);
      CHECK(a.message->std == standard.std);
      if (const auto it = invalid_in_source.find(name); it != invalid_in_source.end()) {
        // Invalid in the source: rejected by both, for the documented reason.
        CHECK_FALSE(a.xsd_valid);
        CHECK_FALSE(b.xsd_valid);
        const auto names_reason = [&](const xml::validation& v) {
          return std::ranges::any_of(v.errors, [&](const auto& e) { return e.text.find(it->second) != std::string::npos; });
        };
        CHECK(names_reason(a));
        CHECK(names_reason(b));
        if (!a.xsd_valid && !b.xsd_valid) rejected_as_expected.insert(name);
      } else {
        CHECK(a.xsd_valid);
      }
    }
    INFO(standard.name);
    CHECK(examples == model::message_type_count);
  }
  // The iJw release was present (theirs() warns otherwise): both known-invalid examples were seen.
  if (fs::is_directory(release_dir(ref, model::info(model::standard::ijw_3_2)))) {
    CHECK(rejected_as_expected == std::set<std::string>{"JW315.xml", "JW318.xml"});
  }
}

namespace {

// Runs the differential corpus for the message types [first, last) of one standard.
void differential_corpus(model::standard std, std::size_t first, std::size_t last) {
  IWMO_REQUIRE_REFERENCE(ref);
  const auto& standard = model::info(std);
  const auto official = theirs(ref, standard);
  if (!official) return;
  const auto our_models = corpus::extract_models(*ours(), std);
  const auto their_models = corpus::extract_models(*official, std);
  xml::validating_reader our_reader(ours());
  xml::validating_reader their_reader(official);
  const std::string basis_ns{standard.basis_namespace};

  std::size_t total = 0, valid = 0, invalid = 0;
  std::vector<std::string> disagreements;
  for (std::size_t m = first; m < last; ++m) {
    corpus::variant_generator generator(basis_ns, {&our_models[m].root, &their_models[m].root});
    std::size_t per_message = 0;
    for (const auto& [name, base] : bases(our_models[m], ref)) {
      generator.generate(base, name, [&](corpus::variant&& v) {
        const bool a = our_reader.validate(v.bytes).xsd_valid;
        const bool b = their_reader.validate(v.bytes).xsd_valid;
        ++total;
        ++per_message;
        (a ? valid : invalid)++;
        if (a != b && disagreements.size() < 50) {
          disagreements.push_back(fmt::format("{} ({}): {} -> ours {}, official {}", our_models[m].info().name, v.base,
                                              v.description, a ? "valid" : "invalid", b ? "valid" : "invalid"));
        }
      });
    }
    INFO(our_models[m].info().name);
    CHECK(per_message > 500);
  }
  std::cout << fmt::format("differential corpus, {} ({} message types): {} variants, {} valid, {} invalid, {} disagreements\n",
                           standard.name, last - first, total, valid, invalid, disagreements.size());
  for (const auto& d : disagreements) UNSCOPED_INFO(d);
  CHECK(disagreements.empty());
  CHECK(valid > 500);
  CHECK(invalid > 500);
}

}  // namespace

// Each standard split in two so that CTest can run the halves in parallel.
TEST_CASE("differential corpus: iWmo 3.2 WMO301 to WMO316 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(model::standard::iwmo_3_2, 0, 7);
}

TEST_CASE("differential corpus: iWmo 3.2 WMO317 to WMO325 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(model::standard::iwmo_3_2, 7, 14);
}

TEST_CASE("differential corpus: iJw 3.2 JW301 to JW316 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(model::standard::ijw_3_2, 0, 7);
}

TEST_CASE("differential corpus: iJw 3.2 JW317 to JW325 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(model::standard::ijw_3_2, 7, 14);
}

// iwmo-corpus: writes the differential corpus to a folder for inspection, and optionally
// compares two schema sets on it.
//
//   iwmo-corpus --out DIR [--standard FOLDER] [--compare RELEASE_DIR] [BASE.xml...]
//
// The corpus covers every standard of the built-in set (iWmo 3.2 and iJw 3.2), or the one
// named by --standard (its folder name, "iwmo-3.2" or "ijw-3.2"). An official release folder
// holds one standard; with --compare only the standards that folder declares are written.
// Each variant is written as <message>/<n>.xml; DIR/manifest.tsv lists file, base and mutation,
// and with --compare also both verdicts. Base documents are used for the message whose
// namespace they carry.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "corpus/doc_tree.hpp"
#include "corpus/mutations.hpp"
#include "corpus/schema_model.hpp"
#include "model/message_type.hpp"
#include "xml/validating_reader.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace iwmo;
  fs::path out;
  std::string compare_dir;
  std::string only_standard;
  std::vector<std::string> bases;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "--standard" && i + 1 < argc) {
      only_standard = argv[++i];
    } else if (a == "--compare" && i + 1 < argc) {
      compare_dir = argv[++i];
    } else if (a.starts_with("--")) {
      std::cerr << "usage: iwmo-corpus --out DIR [--standard FOLDER] [--compare RELEASE_DIR] [BASE.xml...]\n";
      return 2;
    } else {
      bases.push_back(a);
    }
  }
  if (out.empty()) {
    std::cerr << "usage: iwmo-corpus --out DIR [--standard FOLDER] [--compare RELEASE_DIR] [BASE.xml...]\n";
    return 2;
  }
  if (!only_standard.empty() &&
      std::ranges::none_of(model::all_standards(), [&](const auto& s) { return s.folder == only_standard; })) {
    std::cerr << "iwmo-corpus: unknown standard '" << only_standard << "' (iwmo-3.2 or ijw-3.2)\n";
    return 2;
  }
  try {
    const auto ours = xml::schema_set::builtin();
    std::shared_ptr<const xml::schema_set> theirs;
    if (!compare_dir.empty()) theirs = xml::schema_set::from_directory(compare_dir);
    xml::validating_reader our_reader(ours);
    std::unique_ptr<xml::validating_reader> their_reader;
    if (theirs) their_reader = std::make_unique<xml::validating_reader>(theirs);

    fs::create_directories(out);
    std::ofstream manifest(out / "manifest.tsv");
    manifest << "file\tbase\tmutation\tours" << (theirs ? "\ttheirs" : "") << "\n";
    std::size_t total = 0, disagreements = 0, standards = 0;
    for (const auto& standard : model::all_standards()) {
      if (!only_standard.empty() && standard.folder != only_standard) continue;
      if (theirs && !corpus::declares(*theirs, standard.std)) continue;
      ++standards;
      const auto our_models = corpus::extract_models(*ours, standard.std);
      std::vector<corpus::message_model> their_models;
      if (theirs) their_models = corpus::extract_models(*theirs, standard.std);
      const auto basis_ns = std::string(standard.basis_namespace);
      for (std::size_t m = 0; m < our_models.size(); ++m) {
        const auto& info = our_models[m].info();
        std::vector<const corpus::element_decl*> decls{&our_models[m].root};
        if (theirs) decls.push_back(&their_models[m].root);
        corpus::variant_generator generator(basis_ns, decls);
        fs::create_directories(out / std::string(info.name));
        std::size_t n = 0;
        auto sink = [&](corpus::variant&& v) {
          const auto name = fmt::format("{}/{:05}.xml", info.name, ++n);
          std::ofstream(out / name, std::ios::binary) << v.bytes;
          const bool a = our_reader.validate(v.bytes).xsd_valid;
          std::string description;
          for (const char c : v.description) {
            if (c == '\n') description += "\\n";
            else if (c == '\t') description += "\\t";
            else description += c;
          }
          manifest << name << '\t' << v.base << '\t' << description << '\t' << (a ? "valid" : "invalid");
          if (their_reader) {
            const bool b = their_reader->validate(v.bytes).xsd_valid;
            manifest << '\t' << (b ? "valid" : "invalid");
            if (a != b) ++disagreements;
          }
          manifest << '\n';
          ++total;
        };
        auto maximal = corpus::maximal_document(our_models[m].root);
        generator.generate(maximal, "maximal", sink);
        for (const auto& b : bases) {
          std::ifstream in(b, std::ios::binary);
          std::stringstream content;
          content << in.rdbuf();
          auto doc = corpus::parse_document(content.str());
          if (doc.ns != info.target_namespace) continue;
          corpus::attach_declarations(doc, our_models[m].root);
          generator.generate(doc, fs::path(b).filename().string(), sink);
        }
      }
    }
    if (standards == 0) {
      std::cerr << "iwmo-corpus: no standard to write (the release folder declares none of the selected)\n";
      return 2;
    }
    std::cout << fmt::format("{} variants written to {}", total, out.string());
    if (theirs) std::cout << fmt::format("; {} verdicts differ", disagreements);
    std::cout << "\n";
    return disagreements == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "iwmo-corpus: " << e.what() << "\n";
    return 2;
  }
}

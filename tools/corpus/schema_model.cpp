#include "corpus/schema_model.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <xercesc/framework/psvi/XSComplexTypeDefinition.hpp>
#include <xercesc/framework/psvi/XSElementDeclaration.hpp>
#include <xercesc/framework/psvi/XSFacet.hpp>
#include <xercesc/framework/psvi/XSModel.hpp>
#include <xercesc/framework/psvi/XSModelGroup.hpp>
#include <xercesc/framework/psvi/XSNamedMap.hpp>
#include <xercesc/framework/psvi/XSParticle.hpp>
#include <xercesc/framework/psvi/XSSimpleTypeDefinition.hpp>

#include "xml/schema_set_impl.hpp"
#include "xml/xerces_support.hpp"

namespace iwmo::corpus {
namespace {

using namespace xercesc;
using xml::detail::to_utf8;
using xml::detail::to_xmlch;

constexpr std::string_view xs_ns = "http://www.w3.org/2001/XMLSchema";

std::string type_name(XSTypeDefinition* t) {
  if (t->getAnonymous()) return "(anonymous)";
  return "{" + to_utf8(t->getNamespace()) + "}" + to_utf8(t->getName());
}

std::string facet_name(XSSimpleTypeDefinition::FACET f) {
  switch (f) {
    case XSSimpleTypeDefinition::FACET_LENGTH: return "length";
    case XSSimpleTypeDefinition::FACET_MINLENGTH: return "minLength";
    case XSSimpleTypeDefinition::FACET_MAXLENGTH: return "maxLength";
    case XSSimpleTypeDefinition::FACET_WHITESPACE: return "whiteSpace";
    case XSSimpleTypeDefinition::FACET_MAXINCLUSIVE: return "maxInclusive";
    case XSSimpleTypeDefinition::FACET_MAXEXCLUSIVE: return "maxExclusive";
    case XSSimpleTypeDefinition::FACET_MININCLUSIVE: return "minInclusive";
    case XSSimpleTypeDefinition::FACET_MINEXCLUSIVE: return "minExclusive";
    case XSSimpleTypeDefinition::FACET_TOTALDIGITS: return "totalDigits";
    case XSSimpleTypeDefinition::FACET_FRACTIONDIGITS: return "fractionDigits";
    default: return fmt::format("facet{}", static_cast<int>(f));
  }
}

std::vector<std::string> strings(StringList* list) {
  std::vector<std::string> out;
  if (list == nullptr) return out;
  for (XMLSize_t i = 0; i < list->size(); ++i) out.push_back(to_utf8(list->elementAt(i)));
  return out;
}

simple_type describe(XSSimpleTypeDefinition* st) {
  simple_type out;
  XSTypeDefinition* t = st;
  for (int guard = 0; t != nullptr && guard < 64; ++guard) {
    auto* s = dynamic_cast<XSSimpleTypeDefinition*>(t);
    if (s == nullptr) break;
    const bool builtin = !s->getAnonymous() && to_utf8(s->getNamespace()) == xs_ns;
    type_level level;
    level.name = type_name(s);
    if (!builtin) {
      if (auto* facets = s->getFacets()) {
        for (XMLSize_t i = 0; i < facets->size(); ++i) {
          auto* f = facets->elementAt(i);
          level.facets[facet_name(f->getFacetKind())] = to_utf8(f->getLexicalFacetValue());
        }
      }
      level.enumeration = strings(s->getLexicalEnumeration());
      level.patterns = strings(s->getLexicalPattern());
    }
    if (builtin && to_utf8(s->getName()) == "integer") out.integer = true;
    out.chain.push_back(level);
    if (builtin) break;
    t = s->getBaseType();
  }
  if (auto* p = st->getPrimitiveType()) out.primitive = to_utf8(p->getName());

  for (const auto& level : out.chain) {  // most derived first: first definition wins
    if (out.enumeration.empty()) out.enumeration = level.enumeration;
    auto take = [&](const char* name, auto& slot, auto convert) {
      if (!slot) {
        if (const auto it = level.facets.find(name); it != level.facets.end()) slot = convert(it->second);
      }
    };
    auto to_ll = [](const std::string& v) { return std::stoll(v); };
    auto same = [](const std::string& v) { return v; };
    take("minLength", out.min_length, to_ll);
    take("maxLength", out.max_length, to_ll);
    take("length", out.length, to_ll);
    take("minInclusive", out.min_inclusive, same);
    take("maxInclusive", out.max_inclusive, same);
    for (const auto& p : level.patterns) {
      if (std::ranges::find(out.patterns, p) == out.patterns.end()) out.patterns.push_back(p);
    }
  }
  return out;
}

element_decl describe(XSElementDeclaration* e, unsigned min_occurs, std::optional<unsigned> max_occurs,
                      int depth) {
  if (depth > 64) throw std::runtime_error("schema model nests too deep (recursive type?)");
  element_decl out;
  out.ns = to_utf8(e->getNamespace());
  out.name = to_utf8(e->getName());
  out.min_occurs = min_occurs;
  out.max_occurs = max_occurs;
  auto* type = e->getTypeDefinition();
  out.type_name = type_name(type);
  if (type->getTypeCategory() == XSTypeDefinition::SIMPLE_TYPE) {
    out.simple = describe(static_cast<XSSimpleTypeDefinition*>(type));
    return out;
  }
  auto* ct = static_cast<XSComplexTypeDefinition*>(type);
  if (ct->getContentType() == XSComplexTypeDefinition::CONTENTTYPE_SIMPLE) {
    out.simple = describe(ct->getSimpleType());
    return out;
  }
  auto* particle = ct->getParticle();
  if (particle == nullptr) return out;
  if (particle->getTermType() != XSParticle::TERM_MODELGROUP) {
    throw std::runtime_error("unsupported content model in " + out.name);
  }
  auto* group = particle->getModelGroupTerm();
  if (group->getCompositor() != XSModelGroup::COMPOSITOR_SEQUENCE) {
    throw std::runtime_error("only xs:sequence content is modelled (" + out.name + ")");
  }
  auto* particles = group->getParticles();
  for (XMLSize_t i = 0; particles != nullptr && i < particles->size(); ++i) {
    auto* p = particles->elementAt(i);
    if (p->getTermType() != XSParticle::TERM_ELEMENT) {
      throw std::runtime_error("only element particles are modelled (" + out.name + ")");
    }
    std::optional<unsigned> max;
    if (!p->getMaxOccursUnbounded()) max = static_cast<unsigned>(p->getMaxOccurs());
    out.children.push_back(
        describe(p->getElementTerm(), static_cast<unsigned>(p->getMinOccurs()), max, depth + 1));
  }
  return out;
}

void compare_simple(const std::string& path, const simple_type& a, const simple_type& b,
                    std::vector<std::string>& diffs) {
  if (a.chain.size() != b.chain.size()) {
    diffs.push_back(fmt::format("{}: derivation depth {} vs {}", path, a.chain.size(), b.chain.size()));
    return;
  }
  for (std::size_t i = 0; i < a.chain.size(); ++i) {
    const auto& x = a.chain[i];
    const auto& y = b.chain[i];
    if (x.name != y.name) diffs.push_back(fmt::format("{}: type {} vs {}", path, x.name, y.name));
    if (x.facets != y.facets) {
      for (const auto& [k, v] : x.facets) {
        const auto it = y.facets.find(k);
        if (it == y.facets.end() || it->second != v) {
          diffs.push_back(fmt::format("{}: {} facet {}={} vs {}", path, x.name, k, v,
                                      it == y.facets.end() ? "(none)" : it->second));
        }
      }
      for (const auto& [k, v] : y.facets) {
        if (!x.facets.contains(k)) diffs.push_back(fmt::format("{}: {} facet {} only in theirs ({})", path, x.name, k, v));
      }
    }
    auto ex = x.enumeration, ey = y.enumeration;
    std::ranges::sort(ex);
    std::ranges::sort(ey);
    if (ex != ey) diffs.push_back(fmt::format("{}: {} enumeration differs ({} vs {} values)", path, x.name, ex.size(), ey.size()));
    if (x.patterns != y.patterns) diffs.push_back(fmt::format("{}: {} patterns differ", path, x.name));
  }
}

void compare_elements(const std::string& parent, const element_decl& a, const element_decl& b,
                      std::vector<std::string>& diffs) {
  const auto path = parent + "/" + a.name;
  if (a.name != b.name || a.ns != b.ns) {
    diffs.push_back(fmt::format("{}: element {{{}}}{} vs {{{}}}{}", parent, a.ns, a.name, b.ns, b.name));
    return;
  }
  if (a.min_occurs != b.min_occurs || a.max_occurs != b.max_occurs) {
    diffs.push_back(fmt::format("{}: occurs {}..{} vs {}..{}", path, a.min_occurs,
                                a.max_occurs ? std::to_string(*a.max_occurs) : "unbounded", b.min_occurs,
                                b.max_occurs ? std::to_string(*b.max_occurs) : "unbounded"));
  }
  if (a.type_name != b.type_name) diffs.push_back(fmt::format("{}: type {} vs {}", path, a.type_name, b.type_name));
  if (a.simple.has_value() != b.simple.has_value()) {
    diffs.push_back(fmt::format("{}: simple vs complex content", path));
    return;
  }
  if (a.simple) compare_simple(path, *a.simple, *b.simple, diffs);
  if (a.children.size() != b.children.size()) {
    diffs.push_back(fmt::format("{}: {} vs {} child elements", path, a.children.size(), b.children.size()));
  }
  for (std::size_t i = 0; i < std::min(a.children.size(), b.children.size()); ++i) {
    compare_elements(path, a.children[i], b.children[i], diffs);
  }
}

}  // namespace

namespace {

XSModel& model_of(const xml::schema_set& schemas) {
  bool changed = false;
  XSModel* xs = schemas.internals().pool->getXSModel(changed);
  if (xs == nullptr) throw std::runtime_error("schema set has no schema model");
  return *xs;
}

XSElementDeclaration* root_of(XSModel& xs, const model::message_info& m) {
  const auto ns = to_xmlch(m.target_namespace);
  return xs.getElementDeclaration(u"Bericht", ns.c_str());
}

}  // namespace

std::vector<message_model> extract_models(const xml::schema_set& schemas, model::standard std) {
  auto& xs = model_of(schemas);
  std::vector<message_model> out;
  for (const auto& m : model::all_messages()) {
    if (m.std != std) continue;
    auto* root = root_of(xs, m);
    if (root == nullptr) throw std::runtime_error(fmt::format("{}: no Bericht declaration", m.name));
    out.push_back({m.std, m.type, describe(root, 1, 1u, 0)});
  }
  return out;
}

bool declares(const xml::schema_set& schemas, model::standard std) {
  auto& xs = model_of(schemas);
  return std::ranges::all_of(model::all_messages(), [&](const model::message_info& m) {
    return m.std != std || root_of(xs, m) != nullptr;
  });
}

std::vector<std::string> compare_models(const message_model& ours, const message_model& theirs) {
  std::vector<std::string> diffs;
  compare_elements("", ours.root, theirs.root, diffs);
  return diffs;
}

std::size_t count_declarations(const element_decl& root) {
  std::size_t n = 1;
  for (const auto& c : root.children) n += count_declarations(c);
  return n;
}

}  // namespace iwmo::corpus

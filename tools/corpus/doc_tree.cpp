#include "corpus/doc_tree.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/HandlerBase.hpp>

#include "xml/xerces_support.hpp"

namespace iwmo::corpus {
namespace {

using namespace xercesc;
using xml::detail::to_utf8;

node from_dom(const DOMElement* e) {
  node n;
  n.ns = to_utf8(e->getNamespaceURI());
  n.name = to_utf8(e->getLocalName());
  const auto* attrs = e->getAttributes();
  for (XMLSize_t i = 0; i < attrs->getLength(); ++i) {
    const auto* a = attrs->item(i);
    const auto ans = to_utf8(a->getNamespaceURI());
    if (ans == "http://www.w3.org/2000/xmlns/") continue;  // declarations are rewritten
    n.attributes.push_back({ans, to_utf8(a->getLocalName()), to_utf8(a->getNodeValue())});
  }
  bool has_elements = false;
  for (auto* c = e->getFirstChild(); c != nullptr; c = c->getNextSibling()) {
    if (c->getNodeType() == DOMNode::ELEMENT_NODE) {
      has_elements = true;
      n.children.push_back(from_dom(static_cast<const DOMElement*>(c)));
    }
  }
  if (!has_elements) {
    for (auto* c = e->getFirstChild(); c != nullptr; c = c->getNextSibling()) {
      if (c->getNodeType() == DOMNode::TEXT_NODE || c->getNodeType() == DOMNode::CDATA_SECTION_NODE) {
        n.text += to_utf8(c->getNodeValue());
      }
    }
  }
  return n;
}

void escape_into(std::string& out, std::string_view text, bool attribute) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      default: out += c;
    }
  }
}

struct writer {
  std::string message_ns;
  std::string basis_ns;
  std::string out;
  int extra = 0;

  void write(const node& n, bool root) {
    std::string prefix;
    std::string declarations;
    if (n.ns == message_ns) {
      prefix = "m:";
    } else if (n.ns == basis_ns) {
      prefix = "b:";
    } else if (!n.ns.empty()) {
      prefix = fmt::format("o{}:", ++extra);
      declarations = fmt::format(" xmlns:{}=\"{}\"", prefix.substr(0, prefix.size() - 1), n.ns);
    }
    out += '<';
    out += prefix + n.name;
    if (root) {
      out += fmt::format(" xmlns:m=\"{}\" xmlns:b=\"{}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                         message_ns, basis_ns);
    }
    out += declarations;
    for (const auto& a : n.attributes) {
      std::string aprefix;
      if (a.ns == "http://www.w3.org/2001/XMLSchema-instance") {
        aprefix = "xsi:";
      } else if (a.ns == message_ns) {
        aprefix = "m:";
      } else if (a.ns == basis_ns) {
        aprefix = "b:";
      } else if (!a.ns.empty()) {
        const auto p = fmt::format("o{}", ++extra);
        out += fmt::format(" xmlns:{}=\"{}\"", p, a.ns);
        aprefix = p + ":";
      }
      out += " " + aprefix + a.name + "=\"";
      escape_into(out, a.value, true);
      out += '"';
    }
    if (n.children.empty() && n.text.empty()) {
      out += "/>";
      return;
    }
    out += '>';
    escape_into(out, n.text, false);
    for (const auto& c : n.children) write(c, false);
    out += "</" + prefix + n.name + ">";
  }
};

bool is_literal(const std::string& pattern) {
  return !pattern.empty() && std::ranges::all_of(pattern, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

node parse_document(std::string_view bytes) {
  xml::detail::ensure_xerces();
  XercesDOMParser parser;
  parser.setDoNamespaces(true);
  parser.setValidationScheme(XercesDOMParser::Val_Never);
  parser.setLoadExternalDTD(false);
  parser.setCreateEntityReferenceNodes(false);
  parser.setDisableDefaultEntityResolution(true);
  HandlerBase errors;  // throws on fatal errors
  parser.setErrorHandler(&errors);
  MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), "base");
  try {
    parser.parse(source);
  } catch (const SAXParseException& e) {
    throw std::runtime_error("base document is not well-formed: " + to_utf8(e.getMessage()));
  }
  const auto* doc = parser.getDocument();
  if (doc == nullptr || doc->getDocumentElement() == nullptr) throw std::runtime_error("no root element");
  return from_dom(doc->getDocumentElement());
}

std::string serialize(const node& root, std::string_view basis_ns) {
  writer w{root.ns, std::string(basis_ns), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0};
  w.write(root, true);
  w.out += '\n';
  return w.out;
}

std::string sample_value(const element_decl& decl) {
  const auto& t = *decl.simple;
  if (!t.enumeration.empty()) return t.enumeration.front();
  for (const auto& p : t.patterns) {
    if (is_literal(p)) return p;
  }
  if (t.primitive == "date") return "2026-03-02";
  if (t.primitive == "time") return "09:30:00";
  if (t.integer) {
    long long v = 1;
    if (t.min_inclusive) v = std::max(v, std::stoll(*t.min_inclusive));
    if (t.max_inclusive) v = std::min(v, std::stoll(*t.max_inclusive));
    return std::to_string(v);
  }
  std::string value = "Voorbeeld";
  for (const auto& p : t.patterns) {
    if (p.starts_with("[0-9]{")) {
      value = std::string(static_cast<std::size_t>(std::stoi(p.substr(6))), '7');
    } else if (p == "[0-9]*") {
      value = "0612345678";
    } else if (p.find("\\.") != std::string::npos) {
      value = "1.0.0";
    } else if (p.starts_with("([a-zA-Z") && p.find("0-9") == std::string::npos) {
      value = "AB";
    } else if (p.find("a-zA-Z0-9") != std::string::npos) {
      value = "DN0001";
    }
  }
  if (t.max_length && value.size() > static_cast<std::size_t>(*t.max_length)) {
    value.resize(static_cast<std::size_t>(*t.max_length));
  }
  return value;
}

node maximal_document(const element_decl& root) {
  node n{root.ns, root.name, {}, {}, {}, &root};
  if (root.simple) {
    n.text = sample_value(root);
    return n;
  }
  for (const auto& child : root.children) {
    const unsigned copies = (!child.max_occurs || *child.max_occurs > 1) ? 2 : 1;
    for (unsigned i = 0; i < copies; ++i) n.children.push_back(maximal_document(child));
  }
  return n;
}

void attach_declarations(node& doc, const element_decl& root) {
  if (doc.name != root.name) return;
  doc.decl = &root;
  for (auto& child : doc.children) {
    for (const auto& d : root.children) {
      if (d.name == child.name) {
        attach_declarations(child, d);
        break;
      }
    }
  }
}

}  // namespace iwmo::corpus

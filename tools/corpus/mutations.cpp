#include "corpus/mutations.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/message_type.hpp"

namespace iwmo::corpus {
namespace {

constexpr std::string_view xsi_ns = "http://www.w3.org/2001/XMLSchema-instance";

const std::vector<std::string> generic_values = {
    "", " ", "x", "1", "01", "-1", "ZZ", "A", "Ab9", "9999999999", "2026-03-02", "09:30:00",
    "1.0.0", "\xC3\xA9", "\xC3\x80\xC3\x89", "\xE1\xBB\xB3", "\xE1\xBB\xB4", "a b", "\t", "a\nb",
    "0031", "3511AB", "99999999999999999999999", "D", "C", "NL", "..."};

const std::vector<std::string> date_values = {
    "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-03-02Z",
    "2026-03-02+01:00", "2026-03-02-05:00", "20260302", "2026-3-2", " 2026-03-02 ",
    "-2026-03-02", "12026-03-02", "0000-01-01", "2026-03-02T00:00:00", "1900-01-01"};

const std::vector<std::string> time_values = {
    "23:59:59", "24:00:00", "09:30", "09:30:00Z", "09:30:00+01:00", "09:30:00.5", "9:30:00",
    " 09:30:00 ", "09:60:00", "00:00:00"};

const std::vector<std::string> integer_values = {"0", "00", "+1", "-0", "1.0", "1e2", " 7 ",
                                                 "07", "1 000"};

std::string name_path(const std::vector<const node*>& chain) {
  std::string out;
  for (const auto* n : chain) out += "/" + n->name;
  return out;
}

const element_decl* find_decl(const element_decl& root, const std::vector<const node*>& chain) {
  if (chain.empty() || chain.front()->name != root.name) return nullptr;
  const element_decl* d = &root;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const element_decl* next = nullptr;
    for (const auto& c : d->children) {
      if (c.name == chain[i]->name) {
        next = &c;
        break;
      }
    }
    if (next == nullptr) return nullptr;
    d = next;
  }
  return d;
}

std::string fill(long long n, bool digits) {
  return std::string(static_cast<std::size_t>(std::max(0LL, n)), digits ? '7' : 'a');
}

void add_facet_values(const simple_type& t, std::vector<std::string>& out) {
  for (const auto& e : t.enumeration) {
    out.push_back(e);
    out.push_back(" " + e);
    out.push_back(e + " ");
    std::string lower = e;
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower != e) out.push_back(lower);
  }
  bool digits = false;
  for (const auto& p : t.patterns) {
    if (p.find("0-9") != std::string::npos && p.find("a-z") == std::string::npos) digits = true;
  }
  for (const auto& len : {t.min_length, t.max_length, t.length}) {
    if (!len) continue;
    for (long long n : {*len - 1, *len, *len + 1}) {
      if (n < 0 || n > 100000) continue;
      out.push_back(fill(n, digits));
      out.push_back(fill(n, !digits));
      out.push_back(std::string(static_cast<std::size_t>(n), ' '));
    }
  }
  for (const auto& bound : {t.min_inclusive, t.max_inclusive}) {
    if (!bound) continue;
    const long long v = std::stoll(*bound);
    for (long long x : {v - 1, v, v + 1}) out.push_back(std::to_string(x));
    out.push_back("+" + *bound);
    out.push_back("0" + *bound);
  }
  for (const auto& p : t.patterns) {
    if (!p.empty() && std::ranges::all_of(p, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
      out.push_back(p);
      out.push_back("0" + p);
      out.push_back(p + "0");
      out.push_back(" " + p + " ");
    }
  }
  if (t.primitive == "date") out.insert(out.end(), date_values.begin(), date_values.end());
  if (t.primitive == "time") out.insert(out.end(), time_values.begin(), time_values.end());
  if (t.integer) out.insert(out.end(), integer_values.begin(), integer_values.end());
}

// Returns the node at `indices` below root (child indices, root excluded).
node& at(node& root, const std::vector<std::size_t>& indices) {
  node* n = &root;
  for (const auto i : indices) n = &n->children[i];
  return *n;
}

}  // namespace

variant_generator::variant_generator(std::string basis_ns, std::vector<const element_decl*> models)
    : basis_ns_(std::move(basis_ns)), models_(std::move(models)) {}

void variant_generator::generate(const node& base, const std::string& base_name,
                                 const std::function<void(variant&&)>& sink) {
  auto emit = [&](const std::string& key, const std::string& description,
                  const std::vector<std::size_t>& indices, const std::function<void(node&, node*)>& change) {
    if (!seen_.insert(key).second) return;
    node copy = base;
    node* parent = nullptr;
    if (!indices.empty()) {
      auto parent_indices = indices;
      parent_indices.pop_back();
      parent = &at(copy, parent_indices);
    }
    change(at(copy, indices), parent);
    sink({base_name, description, serialize(copy, basis_ns_)});
  };

  // Whole document: the root in the namespace of every other message type.
  for (const auto& m : model::all_messages()) {
    if (m.target_namespace == base.ns) continue;
    emit("root-ns:" + base.ns + ">" + std::string(m.target_namespace),
         fmt::format("root namespace of {}", m.name), {},
         [&](node& n, node*) { n.ns = std::string(m.target_namespace); });
  }

  std::vector<const node*> chain;
  std::vector<std::size_t> indices;
  std::function<void(const node&)> walk = [&](const node& n) {
    chain.push_back(&n);
    const auto path = name_path(chain);
    std::size_t same_named = 0;
    std::size_t position = 0;
    if (chain.size() > 1) {
      const auto& siblings = chain[chain.size() - 2]->children;
      for (const auto& s : siblings) same_named += s.name == n.name ? 1 : 0;
      position = indices.back();
    }
    const auto context = fmt::format("{}#{}", path, same_named);
    auto key = [&](std::string_view op) { return fmt::format("{}|{}", context, op); };
    const bool is_root = chain.size() == 1;
    const bool leaf = n.children.empty();

    if (!is_root) {
      emit(key("delete"), path + ": deleted", indices, [&](node&, node* parent) {
        parent->children.erase(parent->children.begin() + static_cast<long>(position));
      });
      emit(key("duplicate"), path + ": duplicated", indices, [&](node& self, node* parent) {
        const node clone = self;
        parent->children.insert(parent->children.begin() + static_cast<long>(position) + 1, clone);
      });
      const auto& siblings = chain[chain.size() - 2]->children;
      if (position + 1 < siblings.size() && siblings[position + 1].name != n.name) {
        emit(key("swap"), path + ": swapped with " + siblings[position + 1].name, indices,
             [&](node&, node* parent) {
               std::swap(parent->children[position], parent->children[position + 1]);
             });
      }
      emit(key("other-namespace"), path + ": in the other namespace", indices, [&](node& self, node*) {
        self.ns = self.ns == basis_ns_ ? base.ns : basis_ns_;
      });
      emit(key("no-namespace"), path + ": without namespace", indices, [&](node& self, node*) { self.ns.clear(); });
      emit(key("rename"), path + ": renamed", indices, [&](node& self, node*) { self.name = "Onbekend"; });
    }
    emit(key("attribute"), path + ": unknown attribute", indices,
         [&](node& self, node*) { self.attributes.push_back({"", "extra", "1"}); });
    emit(key("nil"), path + ": xsi:nil", indices,
         [&](node& self, node*) { self.attributes.push_back({std::string(xsi_ns), "nil", "true"}); });
    if (n.decl != nullptr && n.decl->type_name != "(anonymous)") {
      // xsi:type naming the declared type is allowed; naming an unrelated one is not.
      const auto& tn = n.decl->type_name;
      const auto close = tn.find('}');
      const auto tns = tn.substr(1, close - 1);
      const auto local = tn.substr(close + 1);
      const auto prefix = tns == basis_ns_ ? "b:" : (tns == base.ns ? "m:" : "xs:");
      emit(key("xsi-type-own"), path + ": xsi:type of its own type", indices, [&](node& self, node*) {
        self.attributes.push_back({std::string(xsi_ns), "type", prefix + local});
      });
      emit(key("xsi-type-other"), path + ": xsi:type of another type", indices, [&](node& self, node*) {
        self.attributes.push_back({std::string(xsi_ns), "type", leaf ? "b:CDT_Omvang" : "b:LDT_Naam"});
      });
    }
    if (!leaf) {
      emit(key("mixed-text"), path + ": stray text", indices, [&](node& self, node*) { self.text = "x"; });
      emit(key("emptied"), path + ": all children removed", indices, [&](node& self, node*) { self.children.clear(); });
      emit(key("unknown-child"), path + ": unknown first child", indices, [&](node& self, node*) {
        self.children.insert(self.children.begin(), node{base.ns, "Onbekend", {}, "1", {}, nullptr});
      });
      emit(key("child-text-only"), path + ": text instead of children", indices, [&](node& self, node*) {
        self.children.clear();
        self.text = "1";
      });
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        indices.push_back(i);
        walk(n.children[i]);
        indices.pop_back();
      }
    } else {
      std::vector<std::string> values = generic_values;
      if (!n.text.empty()) {
        values.push_back(n.text + "0");
        values.push_back(n.text.substr(0, n.text.size() - 1));
        values.push_back("A" + n.text.substr(1));
        values.push_back(" " + n.text);
      }
      for (const auto* model : models_) {
        const auto* d = find_decl(*model, chain);
        if (d != nullptr && d->simple) add_facet_values(*d->simple, values);
      }
      for (const auto& v : values) {
        emit(fmt::format("{}|value={}", path, v), fmt::format("{}: value '{}'", path, v), indices,
             [&](node& self, node*) { self.text = v; });
      }
      emit(key("child-in-leaf"), path + ": child element in a value", indices, [&](node& self, node*) {
        self.children.push_back(node{base.ns, "Onbekend", {}, "1", {}, nullptr});
      });
    }
    chain.pop_back();
  };
  walk(base);
}

}  // namespace iwmo::corpus

#pragma once
// A throwaway public key infrastructure for TLS tests, made with the openssl command line:
// a CA, a server certificate for localhost, and client certificates (trusted and untrusted).
#include <filesystem>
#include <string>

namespace iwmo::test {

// PEM files; the key is unencrypted.
struct key_pair {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

// All keys are EC P-256 (fast to generate) and all certificates are valid for two days.
// Errors (openssl failing) throw std::runtime_error carrying openssl's stderr.
class pki {
 public:
  // Creates `dir` (when needed), a CA (ca.pem, ca.key) and a server certificate
  // (server.pem, server.key) for CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1.
  explicit pki(const std::filesystem::path& dir);

  [[nodiscard]] const std::filesystem::path& ca_certificate() const { return ca_.certificate; }
  [[nodiscard]] const key_pair& server() const { return server_; }

  // A client certificate signed by the CA with subject CN=common_name (extendedKeyUsage
  // clientAuth), files <name>.pem / <name>.key in the directory.
  key_pair issue_client(const std::string& name, const std::string& common_name);

  // Another server certificate signed by the CA (e.g. for a push receiver): CN=localhost with
  // the same subjectAltNames, files <name>.pem / <name>.key.
  key_pair issue_server(const std::string& name);

  // A client certificate the daemon must NOT trust: issued by a separate self-signed CA
  // (rogue.pem / rogue.key, created on first use), files <name>.pem / <name>.key.
  key_pair issue_untrusted_client(const std::string& name, const std::string& common_name);

 private:
  // Makes a key and a certificate for `subject`, signed by `issuer`, with the extensions of
  // section `extensions` of the configuration file.
  key_pair issue(const key_pair& issuer, const std::string& name, const std::string& subject,
                 const std::string& extensions);
  // Makes a self-signed CA <name>.pem / <name>.key.
  key_pair make_ca(const std::string& name, const std::string& subject);

  std::filesystem::path dir_;
  std::filesystem::path config_;  // openssl configuration with the extension sections
  key_pair ca_;
  key_pair server_;
  key_pair rogue_ca_;  // empty until issue_untrusted_client is first called
};

// The SHA-256 fingerprint of a PEM certificate, as lower-case hex without separators
// (64 characters). Throws std::runtime_error when the file is not a PEM certificate.
[[nodiscard]] std::string sha256_fingerprint(const std::filesystem::path& certificate);

}  // namespace iwmo::test

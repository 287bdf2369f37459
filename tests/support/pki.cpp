#include "support/pki.hpp"

#include "support/process.hpp"
#include "support/test_paths.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace iwmo::test {

namespace {

// run_process uses posix_spawn, which does not search PATH.
constexpr const char* openssl_binary = "/usr/bin/openssl";

constexpr const char* days_valid = "2";

// Sections for `-extensions`. The [req] part only exists because `openssl req` insists on a
// distinguished_name section even when -subj gives the subject. keyEncipherment is left out:
// it does not apply to EC keys.
constexpr const char* openssl_config = R"([req]
distinguished_name = dn
prompt = no

[dn]
CN = unused

[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

void openssl(std::vector<std::string> args) {
  args.insert(args.begin(), openssl_binary);
  const auto result = run_process(args);
  if (result.exit_code != 0) {
    std::string command;
    for (const auto& a : args) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error("openssl failed (" + command + "): " + result.err);
  }
}

// A random positive 63-bit serial in hex: certificates from one issuer must not share serials,
// and a serial file would be one more thing to keep in the directory.
std::string random_serial() {
  std::random_device rd;
  std::uniform_int_distribution<std::uint64_t> dist(1, (std::uint64_t{1} << 63U) - 1);
  constexpr std::array<char, 16> digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::uint64_t value = dist(rd);
  std::string hex;
  for (; value != 0; value >>= 4U) hex.insert(hex.begin(), digits[value & 0xFU]);
  return "0x" + hex;
}

}  // namespace

pki::pki(const std::filesystem::path& dir) : dir_(dir), config_(dir / "openssl.cnf") {
  std::filesystem::create_directories(dir_);
  write_file(config_, openssl_config);
  ca_ = make_ca("ca", "/CN=iwmo test CA");
  server_ = issue_server("server");
}

key_pair pki::issue_client(const std::string& name, const std::string& common_name) {
  return issue(ca_, name, "/CN=" + common_name, "client");
}

key_pair pki::issue_server(const std::string& name) {
  return issue(ca_, name, "/CN=localhost", "server");
}

key_pair pki::issue_untrusted_client(const std::string& name, const std::string& common_name) {
  if (rogue_ca_.certificate.empty()) rogue_ca_ = make_ca("rogue", "/CN=iwmo rogue CA");
  return issue(rogue_ca_, name, "/CN=" + common_name, "client");
}

key_pair pki::make_ca(const std::string& name, const std::string& subject) {
  key_pair ca{dir_ / (name + ".pem"), dir_ / (name + ".key")};
  openssl({"req", "-x509", "-config", config_.string(), "-extensions", "ca", "-newkey", "ec",
           "-pkeyopt", "ec_paramgen_curve:P-256", "-noenc", "-keyout", ca.key.string(), "-out",
           ca.certificate.string(), "-days", days_valid, "-set_serial", random_serial(), "-subj",
           subject});
  return ca;
}

key_pair pki::issue(const key_pair& issuer, const std::string& name, const std::string& subject,
                    const std::string& extensions) {
  key_pair issued{dir_ / (name + ".pem"), dir_ / (name + ".key")};
  const auto request = dir_ / (name + ".csr");
  openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
           issued.key.string()});
  openssl({"req", "-new", "-config", config_.string(), "-key", issued.key.string(), "-subj", subject,
           "-out", request.string()});
  openssl({"x509", "-req", "-in", request.string(), "-CA", issuer.certificate.string(), "-CAkey",
           issuer.key.string(), "-set_serial", random_serial(), "-days", days_valid, "-extfile",
           config_.string(), "-extensions", extensions, "-out", issued.certificate.string()});
  std::error_code ignored;
  std::filesystem::remove(request, ignored);
  return issued;
}

std::string sha256_fingerprint(const std::filesystem::path& certificate) {
  // Computed in-process rather than by parsing `openssl x509 -fingerprint` output, whose
  // format is not a stable interface.
  const std::string pem = read_file(certificate);
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) throw std::runtime_error("BIO_new_mem_buf failed");
  const std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) throw std::runtime_error("not a PEM certificate: " + certificate.string());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) != 1) {
    throw std::runtime_error("X509_digest failed for " + certificate.string());
  }
  static constexpr const char* hex_digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(std::size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += hex_digits[digest[i] >> 4U];
    hex += hex_digits[digest[i] & 0xFU];
  }
  return hex;
}

}  // namespace iwmo::test

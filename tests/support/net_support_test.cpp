// The network test support works, and fails where it must: the PKI, the HTTPS client and the
// push receiver, used together as the daemon's integration tests will use them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "support/http_client.hpp"
#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/push_receiver.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

bool is_lower_hex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

test::process_result openssl(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  return test::run_process(args);
}

// What the openssl command line reports as the fingerprint, normalised to our format.
std::string openssl_fingerprint(const std::filesystem::path& certificate) {
  const auto r = openssl({"x509", "-noout", "-fingerprint", "-sha256", "-in", certificate.string()});
  REQUIRE(r.exit_code == 0);
  std::string hex = r.out.substr(r.out.find('=') + 1);
  hex.erase(std::remove_if(hex.begin(), hex.end(), [](char c) { return c == ':' || c == '\n'; }),
            hex.end());
  std::transform(hex.begin(), hex.end(), hex.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return hex;
}

test::http_request post_to(const test::push_receiver& receiver, const test::pki& trusted,
                           std::string body = "<bericht/>") {
  test::http_request r;
  r.method = "POST";
  r.url = receiver.url();
  r.body = std::move(body);
  r.headers = {"Content-Type: application/xml"};
  r.ca_file = trusted.ca_certificate();
  r.timeout_ms = 10000;
  return r;
}

}  // namespace

TEST_CASE("A test PKI issues a CA, a server certificate and client certificates", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  const auto client = pki.issue_client("alice", "gemeente-0363");
  const auto rogue = pki.issue_untrusted_client("mallory", "gemeente-0363");

  for (const auto& file : {pki.ca_certificate(), pki.server().certificate, pki.server().key,
                           client.certificate, client.key, rogue.certificate, rogue.key}) {
    INFO(file.string());  // Catch2 v2 cannot stringify std::filesystem::path itself
    CHECK(std::filesystem::is_regular_file(file));
  }
  CHECK(client.certificate.string() == (dir / "pki" / "alice.pem").string());
  CHECK(client.key.string() == (dir / "pki" / "alice.key").string());
  // Unencrypted PEM keys: the daemon reads them without a passphrase.
  CHECK(test::read_file(client.key).rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);

  SECTION("certificates chain to the CA, except the untrusted one") {
    CHECK(openssl({"verify", "-CAfile", pki.ca_certificate().string(), pki.server().certificate.string()})
              .exit_code == 0);
    CHECK(openssl({"verify", "-CAfile", pki.ca_certificate().string(), client.certificate.string()})
              .exit_code == 0);
    CHECK(openssl({"verify", "-CAfile", pki.ca_certificate().string(), rogue.certificate.string()})
              .exit_code != 0);
  }

  SECTION("subjects and extensions are what TLS peers check") {
    const auto server = openssl({"x509", "-noout", "-subject", "-ext", "subjectAltName,extendedKeyUsage",
                                 "-in", pki.server().certificate.string()});
    REQUIRE(server.exit_code == 0);
    CHECK_THAT(server.out, Catch::Contains("CN = localhost"));
    CHECK_THAT(server.out, Catch::Contains("DNS:localhost"));
    CHECK_THAT(server.out, Catch::Contains("IP Address:127.0.0.1"));
    CHECK_THAT(server.out, Catch::Contains("TLS Web Server Authentication"));
    const auto alice = openssl({"x509", "-noout", "-subject", "-ext", "extendedKeyUsage", "-in",
                                client.certificate.string()});
    REQUIRE(alice.exit_code == 0);
    CHECK_THAT(alice.out, Catch::Contains("CN = gemeente-0363"));
    CHECK_THAT(alice.out, Catch::Contains("TLS Web Client Authentication"));
  }

  SECTION("fingerprints are 64 lower-case hex digits, as openssl computes them, and distinct") {
    const auto ca = test::sha256_fingerprint(pki.ca_certificate());
    const auto server = test::sha256_fingerprint(pki.server().certificate);
    const auto alice = test::sha256_fingerprint(client.certificate);
    CHECK(ca.size() == 64);
    CHECK(is_lower_hex(ca));
    CHECK(server.size() == 64);
    CHECK(is_lower_hex(server));
    CHECK(server == openssl_fingerprint(pki.server().certificate));
    CHECK(alice == openssl_fingerprint(client.certificate));
    CHECK(ca != server);
    CHECK(server != alice);
    CHECK(alice != test::sha256_fingerprint(rogue.certificate));
  }

  SECTION("a file that is not a certificate has no fingerprint") {
    CHECK_THROWS_AS(test::sha256_fingerprint(client.key), std::runtime_error);
    CHECK_THROWS_AS(test::sha256_fingerprint(dir / "absent.pem"), std::runtime_error);
  }
}

TEST_CASE("The HTTP client posts to a push receiver over verified TLS", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  test::push_receiver receiver(pki.server());
  CHECK(receiver.port() != 0);
  CHECK(receiver.url() == "https://localhost:" + std::to_string(receiver.port()) + "/push");

  auto request = post_to(receiver, pki, "<bericht>1</bericht>");
  request.headers.push_back("X-Conversation: abc-123");
  request.bearer = "secret-token";
  const auto first = test::http(request);
  INFO(first.error);
  CHECK(first.status == 200);
  CHECK(first.error.empty());
  CHECK(first.header("content-type") == "text/plain");
  CHECK(first.header("x-absent").empty());

  REQUIRE(receiver.wait_for(1, std::chrono::seconds(5)));
  const auto got = receiver.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].method == "POST");
  CHECK(got[0].target == "/push");
  CHECK(got[0].body == "<bericht>1</bericht>");
  CHECK(got[0].headers.at("x-conversation") == "abc-123");
  CHECK(got[0].headers.at("content-type") == "application/xml");
  CHECK(got[0].headers.at("authorization") == "Bearer secret-token");

  SECTION("respond_with changes the status of the requests that follow") {
    receiver.respond_with(503);
    const auto second = test::http(post_to(receiver, pki, "<bericht>2</bericht>"));
    CHECK(second.status == 503);
    receiver.respond_with(200);
    CHECK(test::http(post_to(receiver, pki)).status == 200);
    CHECK(receiver.received().size() == 3);
  }

  SECTION("a GET reaches the receiver with its target and without a body") {
    test::http_request get;
    get.url = receiver.url("/status?verbose=1");
    get.ca_file = pki.ca_certificate();
    CHECK(test::http(get).status == 200);
    REQUIRE(receiver.wait_for(2, std::chrono::seconds(5)));
    const auto all = receiver.received();
    CHECK(all[1].method == "GET");
    CHECK(all[1].target == "/status?verbose=1");
    CHECK(all[1].body.empty());
  }

  SECTION("the server certificate is also valid for 127.0.0.1") {
    auto by_address = post_to(receiver, pki);
    by_address.url = "https://127.0.0.1:" + std::to_string(receiver.port()) + "/push";
    CHECK(test::http(by_address).status == 200);
  }

  SECTION("waiting for more requests than arrive times out") {
    CHECK_FALSE(receiver.wait_for(2, std::chrono::milliseconds(100)));
  }
}

TEST_CASE("TLS verification fails against a server from a different CA", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  test::temp_dir other_dir;
  test::pki other(other_dir.path());
  test::push_receiver receiver(pki.server());

  const auto response = test::http(post_to(receiver, other));
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
  CHECK(receiver.received().empty());
  // The same request with the right CA works: the failure was the verification.
  CHECK(test::http(post_to(receiver, pki)).status == 200);
}

TEST_CASE("The HTTP client reports a failed transfer instead of throwing", "[support]") {
  test::http_request r;
  r.url = "not a url at all";
  const auto response = test::http(r);
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
}

TEST_CASE("A push receiver that is down refuses connections until it is up again", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  test::push_receiver receiver(pki.server());
  const auto port = receiver.port();
  REQUIRE(test::http(post_to(receiver, pki)).status == 200);

  receiver.down();
  receiver.down();  // idempotent
  const auto started = std::chrono::steady_clock::now();
  const auto refused = test::http(post_to(receiver, pki));
  CHECK(refused.status == 0);
  CHECK_FALSE(refused.error.empty());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));

  receiver.up();
  receiver.up();  // idempotent
  CHECK(receiver.port() == port);
  const auto again = test::http(post_to(receiver, pki));
  INFO(again.error);
  CHECK(again.status == 200);
  CHECK(receiver.received().size() == 2);
}

TEST_CASE("A push receiver with a client CA requires a client certificate from it", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  const auto receiver_pair = pki.issue_server("receiver");
  test::push_receiver receiver(receiver_pair, pki.ca_certificate());

  const auto anonymous = test::http(post_to(receiver, pki));
  CHECK(anonymous.status == 0);
  CHECK_FALSE(anonymous.error.empty());

  const auto rogue = pki.issue_untrusted_client("mallory", "gemeente-0363");
  auto with_rogue = post_to(receiver, pki);
  with_rogue.client_certificate = rogue.certificate;
  with_rogue.client_key = rogue.key;
  CHECK(test::http(with_rogue).status == 0);

  const auto alice = pki.issue_client("alice", "gemeente-0363");
  auto with_alice = post_to(receiver, pki);
  with_alice.client_certificate = alice.certificate;
  with_alice.client_key = alice.key;
  const auto accepted = test::http(with_alice);
  INFO(accepted.error);
  CHECK(accepted.status == 200);
  CHECK(receiver.received().size() == 1);
}

TEST_CASE("A push receiver serves concurrent connections and stops with idle ones open", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  boost::asio::io_context client_io;
  boost::asio::ip::tcp::socket idle(client_io);
  {
    test::push_receiver receiver(pki.server());
    // A connection that never starts its TLS handshake must not hold up the others.
    idle.connect({boost::asio::ip::make_address_v4("127.0.0.1"), receiver.port()});

    constexpr int clients = 6;
    constexpr int requests_each = 3;
    std::vector<long> statuses(std::size_t{clients} * requests_each, 0);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        for (int i = 0; i < requests_each; ++i) {
          statuses[static_cast<std::size_t>(c * requests_each + i)] =
              test::http(post_to(receiver, pki, "<bericht>" + std::to_string(c) + "</bericht>")).status;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 200L) == clients * requests_each);
    CHECK(receiver.wait_for(std::size_t{clients} * requests_each, std::chrono::seconds(5)));
    // The destructor closes the idle connection rather than waiting for it.
  }
  SUCCEED("the receiver stopped with an idle connection open");
}

TEST_CASE("A 26 MB body reaches the push receiver intact", "[support]") {
  test::temp_dir dir;
  test::pki pki(dir / "pki");
  test::push_receiver receiver(pki.server());

  std::string body(std::size_t{26} * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  body.replace(body.size() - 8, 8, "</end/>\n");

  auto request = post_to(receiver, pki, body);
  request.timeout_ms = 60000;
  const auto started = std::chrono::steady_clock::now();
  const auto response = test::http(request);
  INFO(response.error);
  CHECK(response.status == 200);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));

  REQUIRE(receiver.wait_for(1, std::chrono::seconds(5)));
  const auto got = receiver.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].body.size() == body.size());
  CHECK(got[0].body == body);
  CHECK(got[0].headers.at("content-length") == std::to_string(body.size()));
  // curl's default for large bodies; the receiver answers it with "100 Continue".
  CHECK(got[0].headers.at("expect") == "100-continue");
}

#include "support/http_client.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include <curl/curl.h>

namespace iwmo::test {

namespace {

// curl_global_init must run once before any easy handle; a function-local static makes that
// thread-safe. curl_global_cleanup is deliberately never called: at exit other threads may
// still be using curl.
void ensure_curl_initialised() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;  // a failure shows up as curl_easy_init returning null
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<http_response*>(user)->body.append(data, size * count);
  return size * count;
}

// Called once per header line, including the status line of every response in the exchange
// (e.g. "100 Continue" before the final one), so the headers restart at each status line.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& response = *static_cast<http_response*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    response.headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string::npos) {
    response.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
  }
  return size * count;
}

struct easy_deleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string http_response::header(const std::string& lower_name) const {
  const auto found = headers.find(lower_name);
  return found == headers.end() ? std::string{} : found->second;
}

http_response http(const http_request& r) {
  ensure_curl_initialised();
  http_response response;
  const std::unique_ptr<CURL, easy_deleter> handle(curl_easy_init());
  if (!handle) {
    response.error = "curl_easy_init failed";
    return response;
  }
  CURL* const curl = handle.get();

  std::unique_ptr<curl_slist, slist_deleter> header_list;
  const auto add_header = [&header_list](const std::string& line) {
    // Appending returns the list's head: a new node for an empty list, else the old head. On
    // failure (null) the old list is left intact.
    if (curl_slist* const head = curl_slist_append(header_list.get(), line.c_str())) {
      (void)header_list.release();
      header_list.reset(head);
    }
  };
  for (const auto& h : r.headers) add_header(h);
  if (!r.bearer.empty()) add_header("Authorization: Bearer " + r.bearer);

  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
  // Tests talk to local servers only; a proxy from the environment would break them.
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  // Signals are not thread-safe; tests may run requests from several threads.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // The servers under test speak HTTP/1.1; no HTTP/2 negotiation keeps exchanges predictable.
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, r.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (header_list) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());

  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!r.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, r.ca_file.c_str());
  if (!r.client_certificate.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, r.client_certificate.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!r.client_key.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, r.client_key.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  }

  const bool sends_body = !r.body.empty() || r.method == "POST" || r.method == "PUT";
  if (sends_body) {
    // POSTFIELDS does not copy: `r` outlives the transfer. The explicit size allows any bytes.
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.body.data());
    if (r.method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  } else if (r.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (r.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }

  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    response.status = 0;
    response.error = error_buffer[0] != '\0' ? std::string(error_buffer.data())
                                             : std::string(curl_easy_strerror(code));
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace iwmo::test

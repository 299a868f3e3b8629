#include "store/store_uri.h"

namespace namidb {
namespace {

Status Bad(std::string_view uri, std::string_view why) {
  return Status::InvalidArgument("store URI '" + std::string(uri) + "': " + std::string(why));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text, std::string_view uri) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Bad(uri, "bad percent escape");
    out += static_cast<char>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

}  // namespace

Status ValidateNamespace(std::string_view ns) {
  auto ok_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool valid = !ns.empty() && ns.size() <= 63 && ok_char(ns[0]);
  for (char c : ns) valid = valid && (ok_char(c) || c == '-');
  if (!valid) {
    return Status::InvalidArgument("namespace '" + std::string(ns) +
                                   "' must match [a-z0-9][a-z0-9-]{0,62}");
  }
  return Status::OK();
}

Result<StoreUri> ParseStoreUri(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return Bad(uri, "no scheme");
  StoreUri out;
  out.scheme = std::string(uri.substr(0, colon));
  std::string_view rest = uri.substr(colon + 1);

  // Query parameters.
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0) return Bad(uri, "malformed query parameter");
      NAMIDB_ASSIGN_OR_RETURN(std::string key, PercentDecode(pair.substr(0, eq), uri));
      NAMIDB_ASSIGN_OR_RETURN(std::string value, PercentDecode(pair.substr(eq + 1), uri));
      out.params[key] = value;
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  auto ns_param = out.params.find("ns");

  if (out.scheme == "memory" || out.scheme == "opfs") {
    if (!rest.starts_with("//")) return Bad(uri, "expected " + out.scheme + "://<namespace>");
    NAMIDB_ASSIGN_OR_RETURN(out.ns, PercentDecode(rest.substr(2), uri));
  } else if (out.scheme == "file") {
    std::string_view path = rest;
    if (path.starts_with("//")) {
      path = path.substr(2);  // file://host/path: only an empty host or localhost
      if (path.starts_with("localhost/")) path = path.substr(9);
      if (!path.starts_with("/")) return Bad(uri, "file URIs name a local path");
    }
    if (path.empty()) return Bad(uri, "no directory");
    NAMIDB_ASSIGN_OR_RETURN(out.location, PercentDecode(path, uri));
    if (ns_param == out.params.end()) return Bad(uri, "missing ?ns=<namespace>");
    out.ns = ns_param->second;
  } else if (out.scheme == "s3" || out.scheme == "r2" || out.scheme == "gs") {
    if (!rest.starts_with("//") || rest.size() == 2) return Bad(uri, "expected //bucket[/prefix]");
    std::string_view location = rest.substr(2);
    while (location.ends_with("/")) location.remove_suffix(1);
    NAMIDB_ASSIGN_OR_RETURN(out.location, PercentDecode(location, uri));
    if (out.location.empty() || out.location[0] == '/') return Bad(uri, "no bucket");
    if (ns_param == out.params.end()) return Bad(uri, "missing ?ns=<namespace>");
    out.ns = ns_param->second;
  } else {
    return Bad(uri,
               "unknown scheme '" + out.scheme + "' (memory, file, opfs, s3, r2 and gs are known)");
  }
  NAMIDB_RETURN_IF_ERROR(
      ValidateNamespace(out.ns).WithContext("store URI '" + std::string(uri) + "'"));
  return out;
}

}  // namespace namidb

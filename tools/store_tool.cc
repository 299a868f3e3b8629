// namidb-store: the object-store layer from the command line, natively.
//
//   namidb-store <uri-or-dir> get <key>                  the bytes to stdout
//   namidb-store <uri-or-dir> head <key>                 "<etag> <size>"
//   namidb-store <uri-or-dir> put <key> <value> [--if-absent | --if-match <etag>]
//   namidb-store <uri-or-dir> delete <key>
//   namidb-store <uri-or-dir> list [<prefix>]            "<key> <size> <etag>" per line
//
// A plain directory means a LocalFileStore there. Exit status: 0 done, 1 an
// error, 2 usage, 3 a lost precondition (so scripts can retry a CAS).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "store/local_file_store.h"
#include "store/open_store.h"
#include "store/store_uri.h"

namespace {

using namidb::Status;

int Usage() {
  std::cerr << "usage: namidb-store <uri-or-dir> get|head|put|delete|list [args]\n"
               "  put <key> <value> [--if-absent | --if-match <etag>]\n";
  return 2;
}

int Fail(const Status& s) {
  std::cerr << s.ToString() << "\n";
  return s.Is(namidb::StatusCode::kPreconditionFailed) ? 3 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2) return Usage();
  std::shared_ptr<namidb::ObjectStore> store;
  if (args[0].find(':') == std::string::npos) {
    store = std::make_shared<namidb::LocalFileStore>(args[0]);
  } else {
    auto uri = namidb::ParseStoreUri(args[0]);
    if (!uri.ok()) return Fail(uri.status());
    auto opened = namidb::OpenStore(*uri);
    if (!opened.ok()) return Fail(opened.status());
    store = *opened;
  }
  const std::string& command = args[1];

  if (command == "get" && args.size() == 3) {
    auto got = store->Get(args[2]);
    if (!got.ok()) return Fail(got.status());
    fwrite(got->data.data(), 1, got->data.size(), stdout);
    return 0;
  }
  if (command == "head" && args.size() == 3) {
    auto meta = store->Head(args[2]);
    if (!meta.ok()) return Fail(meta.status());
    std::cout << meta->version.etag << " " << meta->size << "\n";
    return 0;
  }
  if (command == "put" && (args.size() == 4 || args.size() == 5 || args.size() == 6)) {
    namidb::PutOptions options;
    if (args.size() == 5 && args[4] == "--if-absent") {
      options = namidb::PutOptions::IfAbsent();
    } else if (args.size() == 6 && args[4] == "--if-match") {
      options = namidb::PutOptions::IfMatch(namidb::VersionToken{args[5], 0});
    } else if (args.size() != 4) {
      return Usage();
    }
    auto version = store->Put(args[2], args[3], options);
    if (!version.ok()) return Fail(version.status());
    std::cout << version->etag << "\n";
    return 0;
  }
  if (command == "delete" && args.size() == 3) {
    Status s = store->Delete(args[2]);
    return s.ok() ? 0 : Fail(s);
  }
  if (command == "list" && args.size() <= 3) {
    auto all = store->ListAll(args.size() == 3 ? args[2] : "");
    if (!all.ok()) return Fail(all.status());
    for (const auto& meta : *all) {
      std::cout << meta.key << " " << meta.size << " " << meta.version.etag << "\n";
    }
    return 0;
  }
  return Usage();
}

#include "storage/verify.h"

#include <algorithm>
#include <map>
#include <optional>

#include "storage/manifest.h"
#include "storage/table_format.h"
#include "storage/wal_segment.h"

namespace namidb {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string KindOf(std::string_view relative) {
  if (relative == "manifest.json") return "manifest";
  if (StartsWith(relative, "wal/") && EndsWith(relative, ".wal")) return "wal";
  if (StartsWith(relative, "sst/") && EndsWith(relative, ".sst")) return "table";
  if (StartsWith(relative, "checkpoint/") && EndsWith(relative, ".json")) return "checkpoint";
  return "unknown";
}

// What the manifest says of one object, to compare with what is there.
struct Expected {
  std::optional<uint64_t> size;  // none: the manifest records no size (a checkpoint)
  const WalRef* wal = nullptr;
  const TableRef* table = nullptr;
};

Status VerifyWal(ObjectStore& store, const std::string& key, const WalRef* ref, uint64_t* read) {
  NAMIDB_ASSIGN_OR_RETURN(GetResult object, store.Get(key));
  *read += object.data.size();
  NAMIDB_ASSIGN_OR_RETURN(WalSegment segment, DecodeWalSegment(object.data, key));
  if (ref && (segment.first_lsn != ref->first_lsn || segment.last_lsn != ref->last_lsn)) {
    return Status::Corruption(
        "WAL segment " + key + " holds LSNs " + std::to_string(segment.first_lsn) + ".." +
        std::to_string(segment.last_lsn) + ", the manifest records " +
        std::to_string(ref->first_lsn) + ".." + std::to_string(ref->last_lsn));
  }
  return Status::OK();
}

// A checkpoint is a copy of a manifest version: it must decode as one.
Status VerifyCheckpoint(ObjectStore& store, const std::string& key, uint64_t* read) {
  NAMIDB_ASSIGN_OR_RETURN(GetResult object, store.Get(key));
  *read += object.data.size();
  return DecodeManifest(object.data, key).status();
}

Status VerifyTable(ObjectStore& store, const std::string& key, uint64_t size, const TableRef* ref,
                   uint64_t batch_bytes, uint64_t* read) {
  // A table the manifest names has its meta size recorded: read the tail,
  // then the blocks in batches. Any other is read whole (they are few).
  std::optional<GetResult> whole;
  std::string tail;
  if (ref && ref->meta_size > 0 && ref->meta_size <= size) {
    NAMIDB_ASSIGN_OR_RETURN(GetResult t,
                            store.GetRange(key, ByteRange{size - ref->meta_size, ref->meta_size}));
    tail = std::move(t.data);
  } else {
    NAMIDB_ASSIGN_OR_RETURN(GetResult all, store.Get(key));
    whole = std::move(all);
    tail = whole->data;
  }
  *read += tail.size();
  NAMIDB_ASSIGN_OR_RETURN(TableIndex index, TableIndex::Open(tail, size, key));
  if (ref && index.entry_count() != ref->entries) {
    return Status::Corruption("table " + key + " holds " + std::to_string(index.entry_count()) +
                              " entries, the manifest records " + std::to_string(ref->entries));
  }
  std::vector<BlockHandle> blocks = index.Blocks();
  for (size_t i = 0; i < blocks.size();) {
    std::vector<GetRequest> batch;
    uint64_t batch_size = 0;
    size_t first = i;
    for (; i < blocks.size() && (batch.empty() || batch_size + blocks[i].size <= batch_bytes);
         ++i) {
      // With the whole table in memory a request is only a slot.
      batch.push_back(whole ? GetRequest{}
                            : GetRequest{key, ByteRange{blocks[i].offset, blocks[i].size}});
      batch_size += blocks[i].size;
    }
    std::vector<Result<GetResult>> fetched;
    if (!whole) fetched = store.GetMany(batch);
    for (size_t j = 0; j < batch.size(); ++j) {
      const BlockHandle& handle = blocks[first + j];
      std::string_view bytes;
      if (whole) {
        if (handle.offset + handle.size > whole->data.size()) {
          return Status::Corruption("table " + key + " indexes a block past its end");
        }
        bytes = std::string_view(whole->data).substr(handle.offset, handle.size);
      } else {
        if (!fetched[j].ok()) return fetched[j].status();
        if (fetched[j]->data.size() != handle.size) {
          return Status::Corruption("table " + key + " indexes a block past its end");
        }
        bytes = fetched[j]->data;
        *read += bytes.size();
      }
      NAMIDB_RETURN_IF_ERROR(DecodeTableBlock(bytes, key).status());
    }
  }
  if (whole) *read += whole->data.size() - tail.size();
  return Status::OK();
}

}  // namespace

size_t VerifyReport::broken() const {
  return static_cast<size_t>(std::count_if(objects.begin(), objects.end(),
                                           [](const VerifiedObject& o) { return !o.status.ok(); }));
}

Result<VerifyReport> VerifyNamespace(ObjectStore& store, const NamespaceLayout& layout,
                                     const VerifyOptions& options) {
  NAMIDB_ASSIGN_OR_RETURN(std::vector<ObjectMeta> listed, store.ListAll(layout.root() + "/"));
  if (listed.empty()) {
    return Status::NotFound("there is no namespace '" + layout.ns() + "' here (no object under " +
                            layout.root() + "/)");
  }
  VerifyReport report;
  std::map<std::string, VerifiedObject> objects;  // by relative key, so in key order
  for (const ObjectMeta& meta : listed) {
    std::string relative = layout.Relative(meta.key);
    objects[relative] = VerifiedObject{relative, KindOf(relative), meta.size, false, Status::OK()};
  }

  // The manifest first: it says what else must be there.
  std::optional<Manifest> manifest;
  auto found = objects.find("manifest.json");
  if (found == objects.end()) {
    objects["manifest.json"] = VerifiedObject{"manifest.json", "manifest", 0, true,
                                              Status::NotFound("the manifest is missing")};
  } else {
    found->second.referenced = true;
    auto text = store.Get(layout.ManifestKey());
    if (!text.ok()) {
      found->second.status = text.status();
    } else {
      report.bytes += text->data.size();
      auto decoded = DecodeManifest(text->data, layout.ManifestKey());
      if (decoded.ok())
        manifest = std::move(decoded).value();
      else
        found->second.status = decoded.status();
    }
  }
  std::map<std::string, Expected> expected;
  if (manifest) {
    for (const WalRef& w : manifest->wal) expected[w.key] = Expected{w.size, &w, nullptr};
    for (const TableRef& t : manifest->tables) expected[t.key] = Expected{t.size, nullptr, &t};
    if (!manifest->checkpoint.empty()) expected[manifest->checkpoint] = Expected{};
  }
  for (const auto& [key, want] : expected) {
    auto it = objects.find(key);
    if (it == objects.end()) {
      objects[key] = VerifiedObject{key, KindOf(key), 0, true,
                                    Status::NotFound("named by the manifest but missing")};
    } else {
      it->second.referenced = true;
      if (want.size && it->second.bytes != *want.size) {
        it->second.status =
            Status::Corruption(layout.Absolute(key) + " has " + std::to_string(it->second.bytes) +
                               " bytes, the manifest records " + std::to_string(*want.size));
      }
    }
  }

  size_t done = 0;
  for (auto& [key, object] : objects) {
    if (object.status.ok() && object.kind != "manifest" && object.kind != "unknown") {
      auto want = expected.find(key);
      const std::string absolute = layout.Absolute(key);
      if (object.kind == "checkpoint") {
        object.status = VerifyCheckpoint(store, absolute, &report.bytes);
      } else if (object.kind == "wal") {
        object.status = VerifyWal(
            store, absolute, want == expected.end() ? nullptr : want->second.wal, &report.bytes);
      } else {
        object.status = VerifyTable(store, absolute, object.bytes,
                                    want == expected.end() ? nullptr : want->second.table,
                                    options.batch_bytes, &report.bytes);
      }
    }
    report.objects.push_back(object);
    if (options.on_progress) options.on_progress(++done, objects.size());
  }
  return report;
}

}  // namespace namidb

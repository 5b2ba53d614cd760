#include "assets.h"

#include <fstream>
#include <iterator>
#include <map>

namespace mlpg::ui {

namespace {

#ifndef MLPG_ASSET_ROOT
#define MLPG_ASSET_ROOT "."
#endif

struct Store {
  std::map<std::string, Asset> assets;
  std::function<void(const std::string&)> fetch, evict;
  std::string root = MLPG_ASSET_ROOT;
  std::function<void()> pick, paste;
  std::function<void(const std::string&, const std::vector<uint8_t>&)> save;
};

Store& store() {
  static Store s;
  return s;
}

void read_from_disk(const std::string& path) {
  std::ifstream f(store().root + "/" + path, std::ios::binary);
  if (!f) return asset_failed(path, "cannot open " + store().root + "/" + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  asset_progress(path, bytes.size(), bytes.size());
  asset_arrived(path, std::move(bytes));
}

}  // namespace

const Asset& want_asset(const std::string& path) {
  const Asset& a = asset(path);
  return a.status == AssetStatus::Missing ? request_asset(path) : a;
}

const Asset& asset(const std::string& path) { return store().assets[path]; }

const Asset& request_asset(const std::string& path) {
  Asset& a = store().assets[path];
  if (a.status == AssetStatus::Missing || a.status == AssetStatus::Failed) {
    a = Asset{};
    a.status = AssetStatus::Loading;
    if (store().fetch) store().fetch(path);
    else read_from_disk(path);
  }
  return store().assets[path];
}

void release_asset(const std::string& path) { store().assets.erase(path); }  // a new request loads it again

void discard_asset(const std::string& path) {
  release_asset(path);
  if (store().evict) store().evict(path);
}

void set_asset_fetcher(std::function<void(const std::string&)> fetch, std::function<void(const std::string&)> evict) {
  store().fetch = std::move(fetch);
  store().evict = std::move(evict);
}
void set_asset_root(const std::string& folder) { store().root = folder; }

void asset_progress(const std::string& path, size_t loaded, size_t total) {
  Asset& a = store().assets[path];
  a.loaded = loaded;
  a.total = total;
}

void asset_arrived(const std::string& path, std::vector<uint8_t> bytes, bool from_cache) {
  Asset& a = store().assets[path];
  a.from_cache = from_cache;
  a.loaded = a.total = bytes.size();
  a.bytes = std::move(bytes);
  a.status = AssetStatus::Ready;
}

void asset_failed(const std::string& path, const std::string& error) {
  Asset& a = store().assets[path];
  a.status = AssetStatus::Failed;
  a.error = error;
  a.bytes.clear();
}

void set_file_services(std::function<void()> pick,
                       std::function<void(const std::string&, const std::vector<uint8_t>&)> save) {
  store().pick = std::move(pick);
  store().save = std::move(save);
}

void pick_file() {
  if (store().pick) store().pick();
}

bool can_pick_files() { return bool(store().pick); }

void set_paste_service(std::function<void()> paste) { store().paste = std::move(paste); }

void paste_file() {
  if (store().paste) store().paste();
}

void save_file(const std::string& name, const std::vector<uint8_t>& bytes) {
  if (store().save) return store().save(name, bytes);
  std::ofstream(name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

}  // namespace mlpg::ui

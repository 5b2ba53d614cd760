#pragma once
// Files the app loads at run time (datasets, shipped models), by path
// relative to the served folder, e.g. "data/mnist-digits-test.mlpg". A lesson
// asks for an asset and polls its state each frame; the platform delivers it
// (the browser fetches it with progress and keeps it in the Cache API; the
// desktop and the tests read it from disk). One store per app instance.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mlpg::ui {

enum class AssetStatus { Missing, Loading, Ready, Failed };

struct Asset {
  AssetStatus status = AssetStatus::Missing;
  size_t loaded = 0, total = 0;  // bytes (total 0: not known yet)
  std::vector<uint8_t> bytes;    // when Ready
  std::string error;             // when Failed
  bool from_cache = false;       // the browser had it from an earlier visit
};

// Asks for an asset (again after a failure: a retry); returns its state.
const Asset& request_asset(const std::string& path);
const Asset& asset(const std::string& path);  // its state without asking
// Asks only if it was never asked for (a failure stays a failure until the
// lesson releases it for a retry): what a lesson polls each frame.
const Asset& want_asset(const std::string& path);
// Forgets an asset; a new request loads it again.
void release_asset(const std::string& path);
// Forgets it and drops any cached copy (its bytes were bad): a retry downloads.
void discard_asset(const std::string& path);

// The platform's side. The fetcher starts loading and reports through the
// three calls below (at once or later). Without one, assets are read from
// the folder set by set_asset_root (default: MLPG_ASSET_ROOT at build time).
void set_asset_fetcher(std::function<void(const std::string& path)> fetch,
                       std::function<void(const std::string& path)> evict = nullptr);
void set_asset_root(const std::string& folder);
void asset_progress(const std::string& path, size_t loaded, size_t total);
void asset_arrived(const std::string& path, std::vector<uint8_t> bytes, bool from_cache = false);
void asset_failed(const std::string& path, const std::string& error);

// Files the learner hands in or takes away (a model file). The platform
// provides both: the browser a file picker (and drag and drop onto the page)
// and a download; the desktop drag and drop onto the window and a file in the
// current folder. A picked file reaches the app through app_file_opened.
void set_file_services(std::function<void()> pick, std::function<void(const std::string& name, const std::vector<uint8_t>&)> save);
void pick_file();
void save_file(const std::string& name, const std::vector<uint8_t>& bytes);
bool can_pick_files();  // false: the desktop (drop a file on the window instead)
// Text on the clipboard, handed in as a file named pasted.csv (the browser
// asks for the clipboard; the desktop reads SDL's at the next frame).
void set_paste_service(std::function<void()> paste);
void paste_file();

}  // namespace mlpg::ui

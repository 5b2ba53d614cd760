// A wasm test binary's getenv() sees Emscripten's own small environment, not
// Node's: hand it GoogleTest's variables (sharding, filter) so the wasm tests
// shard and filter as the native ones do.
Module['preRun'] = (Module['preRun'] || []).concat([function () {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('GTEST_')) ENV[key] = process.env[key];
  }
}]);

// A wasm test binary's getenv() sees Emscripten's own small environment, not
// Node's: hand it GoogleTest's variables (sharding, filter) so the wasm tests
// shard and filter as the native ones do, and MLPG_THREADS (the threaded
// build's run; read by a static initializer, which runs after preRun).
Module['preRun'] = (Module['preRun'] || []).concat([function () {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('GTEST_') || key === 'MLPG_THREADS') ENV[key] = process.env[key];
  }
}]);

// The training worker's platform file: the browser's side of train_job.h's
// TrainWorker, built as train_worker.js/.wasm (the engine and the job, no
// window). web/train_worker_pre.js hands it the page's messages and calls
// mlpg_worker_run in slices, so a stop message is read between them.
#include <emscripten.h>
#ifdef __EMSCRIPTEN_PTHREADS__
#include <emscripten/threading.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "kernels/parallel.h"
#include "train_job.h"

namespace {

EM_JS(void, js_send, (const uint8_t* bytes, int size), {
  const copy = HEAPU8.slice(bytes, bytes + size);
  postMessage(copy.buffer, [copy.buffer]);
});

mlpg::ui::TrainWorker& worker() {
  static mlpg::ui::TrainWorker w([](std::vector<uint8_t> b) { js_send(b.data(), int(b.size())); });
#ifdef __EMSCRIPTEN_PTHREADS__
  // The threaded build (train_worker_mt, loaded by a cross-origin isolated
  // page): as many threads as the browser reports cores, up to the pool
  // made at start-up (PTHREAD_POOL_SIZE, the same bound).
  static const bool threads_set = [] {
    mlpg::kernels::set_thread_count(std::min(mlpg::kernels::max_thread_count(), emscripten_num_logical_cores()));
    return true;
  }();
  (void)threads_set;
#endif
  return w;
}

}  // namespace

extern "C" {
// Takes the bytes the script put in the heap with malloc (and frees them).
EMSCRIPTEN_KEEPALIVE void mlpg_worker_message(uint8_t* bytes, int size) {
  std::vector<uint8_t> v(bytes, bytes + (size > 0 ? size : 0));
  std::free(bytes);
  worker().message(v);
}
// Trains for about `seconds`; 1 while the job goes on.
EMSCRIPTEN_KEEPALIVE int mlpg_worker_run(double seconds) { return worker().run(seconds) ? 1 : 0; }
}

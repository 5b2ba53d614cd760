// Training off the main thread: the CNN lab's job handed to a worker (here a
// TrainWorker driven in the test's own thread, through the same messages the
// Web Worker and the desktop's thread get) makes the numbers training in the
// page makes, bit for bit, and going back and forth between the two changes
// nothing; bad messages and bad reports give errors, and the lab then trains
// in the page.
#include <gtest/gtest.h>

#include <cstring>

#include "assets.h"
#include "background.h"
#include "lessons/cnn/cnn_lab.h"

using namespace mlpg::ui;

namespace {

struct FakeWorker {  // the platform: a worker whose runs the test drives
  TrainWorker worker{[](std::vector<uint8_t> b) { background_arrived(std::move(b)); }};
  size_t posted = 0, posted_bytes = 0;
  FakeWorker() {
    set_background_service([this](std::vector<uint8_t> b) {
      ++posted;
      posted_bytes += b.size();
      worker.message(b);
    });
  }
  ~FakeWorker() { set_background_service(nullptr); }
};

void start_lab(CnnLab& lab) {
  lab.p.start = 1;  // scratch
  lab.p.opt = 2;    // adam: its moments must travel
  lab.p.dropout = 0.3;  // and the dropout masks' random stream
  lab.p.lambda = 0.01;
  cnn_poll_assets(lab);
  ASSERT_EQ(lab.phase, CnnLab::Phase::Ready) << lab.error;
}

void expect_same(CnnLab& a, CnnLab& b, const char* when) {
  ASSERT_EQ(a.run.steps, b.run.steps) << when;
  ASSERT_EQ(a.history_loss, b.history_loss) << when;
  ASSERT_EQ(a.model->optimizer()->t, b.model->optimizer()->t) << when;
  const auto pa = a.model->net.parameters(), pb = b.model->net.parameters();
  for (size_t k = 0; k < pa.size(); ++k)
    ASSERT_EQ(0, std::memcmp(pa[k]->value.data.data(), pb[k]->value.data.data(), pa[k]->value.data.size() * sizeof(float)))
        << when << ": parameter " << pa[k]->name;
}

}  // namespace

TEST(TrainJob, TheWorkerTrainsExactlyAsThePageDoesAndHandsBack) {
  CnnLab here, there;
  start_lab(here);
  start_lab(there);
  FakeWorker fake;
  ASSERT_TRUE(background_available());
  EXPECT_EQ(cnn_train_remote(there).steps, 0) << "the first frame starts the job";
  ASSERT_NE(there.remote_gen, 0);
  ASSERT_TRUE(fake.worker.active()) << there.remote_error;
  EXPECT_GT(fake.posted_bytes, 6000000u) << "the first start carries the dataset";
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(fake.worker.run(0));  // a run of 0 s trains one step
  cnn_remote_stop(there);  // pause: the worker's last report brings its state
  EXPECT_TRUE(there.remote_stopping);
  cnn_remote_poll(there);
  EXPECT_EQ(there.remote_gen, 0);
  EXPECT_FALSE(fake.worker.active());
  EXPECT_EQ(cnn_train(here, 12).steps, 12);
  expect_same(here, there, "after 12 steps in the worker");

  // On in the page, then in the worker again (the dataset is not sent twice).
  EXPECT_EQ(cnn_train(here, 5).steps, 5);
  EXPECT_EQ(cnn_train(there, 2).steps, 2);
  const size_t bytes_before = fake.posted_bytes;
  cnn_train_remote(there);
  EXPECT_LT(fake.posted_bytes - bytes_before, 4000000u) << "a second start sends the state, not the data again";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(fake.worker.run(0));
  cnn_remote_stop(there);
  cnn_remote_poll(there);
  expect_same(here, there, "after page, worker, page");
  EXPECT_EQ(there.remote_steps, 3) << "the frame loop is told the steps the reports brought";
}

TEST(TrainJob, AJobStopsAfterTheChosenEpochsAndReportsEveryEpoch) {
  CnnLab lab;
  start_lab(lab);
  lab.p.epochs = 1;
  lab.p.batch = 128;
  cnn_reset(lab);
  FakeWorker fake;
  cnn_train_remote(lab);
  int runs = 0;
  while (fake.worker.run(0.05)) ++runs;
  cnn_remote_poll(lab);
  EXPECT_EQ(lab.remote_gen, 0);
  EXPECT_EQ(lab.run.epoch, 1);
  EXPECT_EQ(lab.run.steps, (lab.train.count + 127) / 128);
  EXPECT_EQ(lab.history_epoch_loss.size(), 1u);
  // The epoch's validation pass ran in the worker; the page's own pass on
  // the model it handed back gives the same numbers.
  EXPECT_EQ(lab.eval_next, -1);
  ASSERT_EQ(lab.history_val_acc.size(), 1u);
  const float worker_acc = lab.val_accuracy, worker_loss = lab.history_val_loss.back();
  EXPECT_GT(worker_acc, 0.8f);
  cnn_start_evaluation(lab);
  while (!cnn_evaluate_some(lab, 500)) {}
  EXPECT_EQ(lab.val_accuracy, worker_acc);
  EXPECT_NEAR(lab.history_val_loss.back(), worker_loss, 1e-5);
  EXPECT_TRUE(cnn_stopped(lab));
  EXPECT_EQ(cnn_train_remote(lab).steps, lab.run.steps) << "the frame loop is told the steps the reports brought";
  EXPECT_EQ(cnn_train_remote(lab).steps, 0);
  EXPECT_EQ(lab.remote_gen, 0) << "a finished run starts no job";
  EXPECT_GT(lab.samples_per_s, 0);
  EXPECT_GT(runs, 1);
}

TEST(TrainJob, BadMessagesGetErrorsAndTheLabTrainsInThePage) {
  std::vector<std::vector<uint8_t>> out;
  TrainWorker w([&](std::vector<uint8_t> b) { out.push_back(std::move(b)); });
  w.message({0xff, 0x00, 0x13});
  w.message(frame_message(nlohmann::json{{"type", "start"}, {"gen", 4}, {"data_name", "nothing"}}, {}));
  ASSERT_EQ(out.size(), 2u);
  // A "type" that is not a string (fuzz_train_job found it threw): an unknown type, reported.
  std::vector<std::vector<uint8_t>> more;
  TrainWorker w2([&](std::vector<uint8_t> b) { more.push_back(std::move(b)); });
  EXPECT_NO_THROW(w2.message(frame_message(nlohmann::json{{"type", nlohmann::json::binary({1, 2})}, {"gen", 1}}, {})));
  ASSERT_EQ(more.size(), 1u);
  TrainReport r;
  std::string why;
  ASSERT_TRUE(decode_report(out[0], &r, &why)) << why;
  EXPECT_NE(r.error.find("malformed message"), std::string::npos) << r.error;
  ASSERT_TRUE(decode_report(out[1], &r, &why)) << why;
  EXPECT_EQ(r.gen, 4);
  EXPECT_NE(r.error.find("no dataset 'nothing'"), std::string::npos) << r.error;
  EXPECT_FALSE(w.active());
  EXPECT_FALSE(decode_report({1, 2, 3}, &r, &why));
  // A whole-number field holding a float far past its type (fuzz_train_job
  // found -3.8e255 as "samples": converting it was undefined behaviour) or a
  // fraction: refused with the field's name, like any malformed report.
  for (const nlohmann::json& bad : {nlohmann::json(-3.75376e+255), nlohmann::json(2.5), nlohmann::json(1e30)}) {
    nlohmann::json head;
    size_t bulk_at = 0;
    ASSERT_TRUE(unframe_message(out[1], &head, &bulk_at, &why)) << why;
    head["samples"] = bad;
    const std::vector<uint8_t> bulk(out[1].begin() + long(bulk_at), out[1].end());
    EXPECT_FALSE(decode_report(frame_message(head, bulk), &r, &why)) << bad.dump();
    EXPECT_NE(why.find("samples is not a whole number"), std::string::npos) << why;
  }

  // A worker that answers garbage: the lab says why and trains in the page.
  CnnLab lab;
  start_lab(lab);
  set_background_service([](std::vector<uint8_t>) { background_arrived({0x42}); });
  cnn_train_remote(lab);
  ASSERT_NE(lab.remote_gen, 0);
  cnn_remote_poll(lab);
  EXPECT_EQ(lab.remote_gen, 0);
  EXPECT_NE(lab.remote_error.find("malformed"), std::string::npos) << lab.remote_error;
  EXPECT_FALSE(background_available()) << "no second try with a worker that cannot train";
  EXPECT_EQ(cnn_train(lab, 2).steps, 2);

  // A checkpoint that does not fit the model changes nothing.
  auto before = lab.model->net.parameters()[0]->value.data;
  Checkpoint c = take_checkpoint(*lab.model, lab.run);
  EpochRunner run = lab.run;
  EXPECT_THROW(apply_checkpoint(c.head, c.bulk.data(), c.bulk.size() - 4, *lab.model, run), std::invalid_argument)
      << "a bulk cut short";
  c.head["sizes"].erase(c.head["sizes"].begin());
  EXPECT_THROW(apply_checkpoint(c.head, c.bulk.data(), c.bulk.size(), *lab.model, run), std::invalid_argument);
  EXPECT_EQ(before, lab.model->net.parameters()[0]->value.data);
  EXPECT_EQ(run.steps, lab.run.steps);
}

// String tables: {key, English, 简体中文}. Keep keys sorted by lesson.
// Long Chinese texts use no-break spaces (U+00A0) between words: ImGui wraps
// only at ASCII spaces, so a plain space would end a line early, while a run
// without one is filled to the width and broken there, as Chinese is set.
#include "i18n.h"

#include <algorithm>
#include <vector>

namespace mlpg::ui {

namespace {

struct Entry {
  const char* key;
  const char* en;
  const char* zh;
};

const Entry kStrings[] = {
    // App chrome
    {"app.title", "WASM ML Playground", "机器学习游乐场"},
    {"app.home", "Home", "首页"},
    {"app.language", "中文", "English"},
    {"app.share", "Share link", "复制链接"},
    {"app.copied", "Link copied", "链接已复制"},
    {"app.kernels", "Kernels", "计算内核"},
    {"app.steps_per_s", "steps/s", "步/秒"},
    {"app.notices", "Notices", "提示"},
    {"app.dismiss", "Dismiss", "关闭"},
    {"app.open", "Open", "打开"},
    {"app.play", "Play", "开始"},
    {"app.pause", "Pause", "暂停"},
    {"app.step", "Step", "单步"},
    {"app.reset", "Reset", "重置"},
    {"app.seed", "seed", "随机种子"},
    {"app.learning_rate", "learning rate", "学习率"},
    {"app.epoch", "epoch", "轮次"},
    {"app.iteration", "iteration", "迭代"},
    {"app.lambda_zero", "λ = 0", "λ = 0"},
    // Home
    {"home.title", "Learn how neural networks work by training them", "动手训练，理解神经网络如何工作"},
    {"home.intro",
     "Every lesson trains a real model in your browser. Change a setting and watch what happens.",
     "每一课都在你的浏览器里训练真实的模型。改动设置，观察会发生什么。"},
    {"lesson.lambda", "Regularization lab: the cost J(θ) and λ", "正则化实验室：代价函数 J(θ) 与 λ"},
    {"lesson.lambda.blurb", "Fit a polynomial, slide λ, and watch over- and under-fitting happen.",
     "拟合多项式，拖动 λ，亲眼看到过拟合与欠拟合。"},
    {"lesson.classifier", "Classifier playground", "分类器游乐场"},
    {"lesson.classifier.blurb", "Build a small network, train it on 2-D points and see its decision boundary.",
     "搭建一个小网络，在二维点上训练，查看它的决策边界。"},
    // CNN lab
    {"lesson.cnn",
     "CNN lab: train the course's CNN, draw a digit",
     "卷积神经网络实验室：训练课程中的 CNN，手写数字"},
    {"lesson.cnn.blurb",
     "Train the course's CNN on handwritten digits, draw your own and look inside.",
     "在手写数字上训练课程中的 CNN，自己写一个数字，看看网络内部。"},
    {"cnn.start",
     "start from",
     "起点"},
    {"cnn.start.trained",
     "the trained model",
     "已训练的模型"},
    {"cnn.start.scratch",
     "scratch",
     "从头训练"},
    {"cnn.model",
     "model",
     "模型"},
    {"cnn.model.course",
     "the course's CNN",
     "课程中的 CNN"},
    {"cnn.model.small",
     "a small CNN",
     "小型 CNN"},
    {"cnn.model.mlp",
     "an MLP (same size)",
     "多层感知机（同样参数量）"},
    {"cnn.dropout",
     "dropout",
     "Dropout 比例"},
    {"cnn.note.shipped_course_only",
     "The trained model is the course's CNN without dropout: this variant starts from scratch.",
     "已训练的模型是不带 Dropout 的课程 CNN：这个变体从头开始训练。"},
    {"cnn.note.no_shipped",
     "The trained model did not load: starting from scratch.",
     "已训练的模型没有加载成功：从头开始训练。"},
    {"cnn.note.bad_shipped",
     "The trained model file is damaged or of another architecture: starting from scratch.",
     "已训练的模型文件损坏或结构不同：从头开始训练。"},
    {"cnn.data_failed",
     "The digits could not be loaded.",
     "手写数字数据加载失败。"},
    {"cnn.retry",
     "Retry",
     "重试"},
    {"cnn.loading",
     "Loading the digits...",
     "正在加载手写数字……"},
    {"cnn.val_accuracy",
     "validation accuracy",
     "验证准确率"},
    {"cnn.evaluating",
     "evaluating",
     "评估中"},
    {"cnn.parameters",
     "parameters",
     "参数量"},
    {"cnn.summary",
     "Model summary",
     "模型结构"},
    {"cnn.pad",
     "Draw a digit",
     "写一个数字"},
    {"cnn.clear",
     "Clear",
     "清空"},
    {"cnn.undo",
     "Undo",
     "撤销"},
    {"cnn.pick",
     "validation image",
     "验证图片"},
    {"cnn.input",
     "What the network sees (28x28)",
     "网络看到的输入（28x28）"},
    {"cnn.probabilities",
     "Class probabilities",
     "各类别概率"},
    {"cnn.curves",
     "Loss and accuracy per batch",
     "每批的损失与准确率"},
    {"cnn.batch_loss",
     "batch loss",
     "批损失"},
    {"cnn.batch_accuracy",
     "batch accuracy",
     "批准确率"},
    {"cnn.steps",
     "step",
     "步数"},
    {"cnn.filters",
     "The 32 first-layer filters (3x3)",
     "第一层的 32 个卷积核（3x3）"},
    {"cnn.explain",
     "The course's CNN: a convolution layer slides 32 small 3x3 filters over the image and keeps where each pattern appears; pooling halves the map and keeps the strongest response; a second convolution combines them into 64 larger patterns; two dense layers turn them into 10 class probabilities (softmax). Draw a digit: the pad is cut to its ink, scaled to 20x20 and centred by its centre of mass, as MNIST was made. Train from scratch and watch the filters and the accuracy change.",
     "课程中的 CNN：卷积层把 32 个 3x3 的小卷积核在图像上滑动，记录每种图案出现的位置；池化把特征图缩小一半，只保留最强的响应；第二个卷积层把它们组合成 64 种更大的图案；两个全连接层再把它们变成 10 个类别的概率（softmax）。写一个数字：画板会按 MNIST 的做法裁剪到笔迹、缩放到 20x20，并按质心居中。从头训练，观察卷积核和准确率如何变化。"},
    {"cnn.class", "class", "类别"},
    {"cnn.gallery", "Validation images of class %d read as %d (click one to look at it):", "被判成 %2$d 的 %1$d 类验证图片（点击查看）："},
    {"cnn.why", "Why %d? What the answer depends on", "为什么是 %d？答案取决于哪里"},
    {"cnn.saliency", "saliency: |d p / d pixel|", "显著图：|∂p/∂像素|"},
    {"cnn.occlusion", "occlusion: p drop when covered", "遮挡图：遮住后 p 的下降"},
    {"cnn.speed", "%.0f samples/s, epoch ends in %.0f s", "每秒 %.0f 个样本，本轮还需 %.0f 秒"},
    {"cnn.dataset", "dataset", "数据集"},
    {"cnn.dataset.digits", "handwritten digits (MNIST)", "手写数字（MNIST）"},
    {"cnn.dataset.fashion", "clothes (Fashion-MNIST)", "服饰（Fashion-MNIST）"},
    {"cnn.note.shipped_digits_only", "The trained model knows digits: on clothes it starts from scratch.", "已训练的模型只认识数字：换成服饰时从头开始训练。"},
    {"cnn.fashion.0", "T-shirt/top", "T恤/上衣"},
    {"cnn.fashion.1", "trouser", "裤子"},
    {"cnn.fashion.2", "pullover", "套头衫"},
    {"cnn.fashion.3", "dress", "连衣裙"},
    {"cnn.fashion.4", "coat", "外套"},
    {"cnn.fashion.5", "sandal", "凉鞋"},
    {"cnn.fashion.6", "shirt", "衬衫"},
    {"cnn.fashion.7", "sneaker", "运动鞋"},
    {"cnn.fashion.8", "bag", "包"},
    {"cnn.fashion.9", "ankle boot", "短靴"},
    {"cnn.download", "Download model", "下载模型"},
    {"cnn.load", "Load model...", "加载模型……"},
    {"cnn.drop_hint", "(drop a model file on the window)", "（把模型文件拖到窗口上）"},
    {"cnn.note.loaded", "Your model file is loaded.", "已加载你的模型文件。"},
    {"cnn.epochs", "epochs (0: no limit)", "训练轮数（0：不限）"},
    {"cnn.per_epoch", "Per evaluation (the start, then each epoch)", "每次评估（开始时，之后每轮）"},
    {"cnn.val_loss", "validation loss", "验证损失"},
    {"cnn.numbers",
     "Your model gets %.1f%% of %lld validation images right; its most frequent mistake reads %d as %d (%lld times). Click that cell of the confusion matrix to see them.",
     "你的模型在%.1f%%的%lld张验证图片上答对；最常见的错误是把%d认成%d（%lld次）。点击混淆矩阵里的这个格子看看这些图片。"},
    {"cnn.dense_units", "%s: %d of %d units active", "%s：%d / %d 个单元被激活"},
    {"cnn.unit", "unit %d: %.4f", "单元 %d：%.4f"},
    {"cnn.enlarged", "Feature map and its filter", "特征图及其卷积核"},
    {"cnn.map_of", "channel %d of %s, %dx%d, values %.3f to %.3f", "%2$s 的第 %1$d 个通道，%3$dx%4$d，取值 %5$.3f 到 %6$.3f"},
    {"cnn.filter_of", "made by this filter of %s (%dx%dx%d, bias %+.3f):", "由 %s 的这个卷积核生成（%dx%dx%d，偏置 %+.3f）："},
    {"cnn.filter_slice", "Slice i (left to right, row by row) is applied to channel i of the layer before; the results are added.", "第 i 个切片（从左到右、逐行）作用于前一层的第 i 个通道，结果相加。"},
    {"cnn.pool_keeps", "Pooling keeps the largest value of each 2x2 block of this filter's map.", "池化保留该卷积核特征图中每个 2x2 块的最大值。"},
    {"cnn.maps_first", "first channel", "起始通道"},
    {"cnn.click_enlarge", "(click a map to enlarge it)", "（点击特征图可放大）"},
    // Lambda lab
    {"lambda.degree", "polynomial degree", "多项式次数"},
    {"lambda.lambda", "λ (regularization)", "λ（正则化强度）"},
    {"lambda.mode", "gradient descent", "梯度下降方式"},
    {"lambda.mode.batch", "batch", "批量"},
    {"lambda.mode.minibatch", "mini-batch", "小批量"},
    {"lambda.mode.stochastic", "stochastic", "随机"},
    {"lambda.fit", "Fitted curve", "拟合曲线"},
    {"lambda.train_points", "training points", "训练点"},
    {"lambda.val_points", "validation points", "验证点"},
    {"lambda.cost_curve", "J(θ) over iterations", "J(θ) 随迭代的变化"},
    {"lambda.train_cost", "training J", "训练 J"},
    {"lambda.val_cost", "validation error", "验证误差"},
    {"lambda.sweep", "λ sweep", "λ 扫描"},
    {"lambda.run_sweep", "Run λ sweep", "运行 λ 扫描"},
    {"lambda.sweep_running", "sweeping...", "扫描中……"},
    {"lambda.sweep_errors", "training / validation error vs λ", "训练 / 验证误差随 λ 变化"},
    {"lambda.sweep_norm", "‖θ‖ vs λ", "‖θ‖ 随 λ 变化"},
    {"lambda.contour", "J(θ₀, θ₁) and the descent path", "J(θ₀, θ₁) 等高线与下降路径"},
    {"lambda.contour_hint", "Set the degree to 1 to see the cost surface of a 2-parameter model.",
     "把次数设为 1，即可看到两个参数模型的代价曲面。"},
    {"lambda.explain",
     "With λ = 0 a degree-9 curve bends through every training point: the training error is tiny but the "
     "validation error is large (overfitting). A large λ pushes all θ_j towards 0 and the curve becomes "
     "too flat (underfitting). A middle λ gives the lowest validation error: this is the course's answer "
     "to 'how do I deal with overfitting?'. Run the λ sweep to see the whole U-shaped curve. The features are "
     "Legendre polynomials of x, a well-conditioned version of x, x², …, so plain gradient descent converges quickly.",
     "λ = 0 时，9 次曲线会穿过每一个训练点：训练误差很小，验证误差却很大（过拟合）。λ 很大时，所有 θ_j 都被压向 0，"
     "曲线变得过于平坦（欠拟合）。中间的 λ 让验证误差最低：这正是课程里“如何解决过拟合？”的答案。"
     "特征使用 x 的勒让德多项式（x、x²…… 的一种数值稳定形式），因此普通梯度下降也能很快收敛。"},
    // Classifier
    {"clf.dataset", "dataset", "数据集"},
    {"clf.dataset.circle", "circle", "圆环"},
    {"clf.dataset.xor", "XOR", "异或"},
    {"clf.dataset.gauss", "two Gaussians", "高斯簇"},
    {"clf.dataset.spiral", "spiral", "螺旋"},
    {"clf.dataset.custom", "draw your own", "自己画"},
    {"clf.classes", "classes", "类别数"},
    {"clf.noise", "noise", "噪声"},
    {"clf.train_ratio", "training share", "训练集比例"},
    {"clf.features", "features", "输入特征"},
    {"clf.network", "hidden layers", "隐藏层"},
    {"clf.neurons", "neurons", "神经元"},
    {"clf.activation", "activation", "激活函数"},
    {"clf.loss", "loss", "损失函数"},
    {"clf.loss.ce", "cross-entropy", "交叉熵"},
    {"clf.loss.mse", "squared error", "平方误差"},
    {"clf.reg", "regularization", "正则化"},
    {"clf.reg.none", "none", "无"},
    {"clf.reg.l1", "L1", "L1"},
    {"clf.reg.l2", "L2", "L2"},
    {"clf.lambda", "λ", "λ"},
    {"clf.batch", "batch size", "批大小"},
    {"clf.optimizer", "optimizer", "优化器"},
    {"clf.stop_at", "stop at epoch (0 = never)", "在第几轮停止（0 表示不停）"},
    {"clf.boundary", "Decision boundary (filled: training, ringed: test)", "决策边界（实心：训练点，空心：测试点）"},
    {"clf.draw_hint", "Click to add a point of the chosen class.", "点击即可添加所选类别的点。"},
    {"clf.draw_class", "class to draw", "绘制类别"},
    {"clf.clear_points", "Clear points", "清空点"},
    {"clf.neurons_view", "What each first-layer neuron sees", "第一隐藏层每个神经元的输出"},
    {"clf.loss_curve", "Loss over epochs", "损失随轮次变化"},
    {"clf.train_loss", "training loss", "训练损失"},
    {"clf.test_loss", "test loss", "测试损失"},
    {"clf.metrics", "Test-set metrics", "测试集指标"},
    {"clf.accuracy", "accuracy", "准确率"},
    {"clf.precision", "precision", "精确率"},
    {"clf.recall", "recall", "召回率"},
    {"clf.f1", "F1", "F1"},
    {"clf.confusion", "confusion matrix (rows: true, columns: predicted)", "混淆矩阵（行：真实，列：预测）"},
    {"clf.explain",
     "Each hidden layer bends the space a little; the boundary is where the output classes tie. Accuracy counts "
     "right answers; precision asks how many predicted members of a class are real, recall how many real members "
     "were found, and F1 balances the two (the course's FAQ on evaluating models).",
     "每个隐藏层都把空间弯曲一点；决策边界就是各类输出相等的地方。准确率统计答对的比例；精确率问“预测为某类的点里有多少真属于它”，"
     "召回率问“真属于某类的点找回了多少”，F1 在两者之间取平衡（对应课程 FAQ 中的模型评估）。"},
    {"app.speed", "speed", "速度"},
    {"app.speed.slow", "slow", "慢"},
    {"app.speed.normal", "normal", "正常"},
    {"app.speed.fast", "fast", "最快"},
    {"notice.bad_value", "A link value was invalid and was replaced by the default", "链接中的某个值无效，已替换为默认值"},
    {"notice.clamped", "A link value was out of range and was clamped", "链接中的某个值超出范围，已调整到范围内"},
    {"notice.unknown_lesson", "Unknown lesson in the link: showing the home page", "链接中的课程不存在：已显示首页"},
    {"notice.nan",
     "Training diverged (the loss became NaN or infinite): lower the learning rate. Training is paused; the "
     "parameters keep their last good values.",
     "训练发散了（损失变成 NaN 或无穷大）：请降低学习率。训练已暂停，参数保留最后一次正常的值。"},
};

const std::vector<const Entry*>& sorted() {
  static const std::vector<const Entry*> v = [] {
    std::vector<const Entry*> out;
    for (const Entry& e : kStrings) out.push_back(&e);
    std::sort(out.begin(), out.end(), [](const Entry* a, const Entry* b) { return std::string_view(a->key) < b->key; });
    return out;
  }();
  return v;
}

const Entry* find(std::string_view key) {
  const auto& v = sorted();
  auto it = std::lower_bound(v.begin(), v.end(), key, [](const Entry* e, std::string_view k) { return e->key < k; });
  return it != v.end() && (*it)->key == key ? *it : nullptr;
}

}  // namespace

const char* lang_code(Lang l) { return l == Lang::Zh ? "zh" : "en"; }

bool lang_from_code(std::string_view code, Lang* out) {
  if (code == "en") { *out = Lang::En; return true; }
  if (code == "zh") { *out = Lang::Zh; return true; }
  return false;
}

const char* tr(Lang lang, std::string_view key) {
  const Entry* e = find(key);
  if (!e) {
    static thread_local std::string missing;  // returned text must outlive the call
    missing = std::string(key);
    return missing.c_str();
  }
  return lang == Lang::Zh ? e->zh : e->en;
}

bool has_string(std::string_view key) { return find(key) != nullptr; }

std::string all_chinese_text() {
  std::string s;
  for (const Entry& e : kStrings) (s += e.zh) += e.en;  // "中文" is an English-side label
  return s;
}

}  // namespace mlpg::ui

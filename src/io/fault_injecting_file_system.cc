#include "io/fault_injecting_file_system.h"

#include <algorithm>

namespace lakeml::io {

std::string_view FsOpName(FsOp op) {
  switch (op) {
    case FsOp::kOpenForRead:
      return "OpenForRead";
    case FsOp::kOpenForWrite:
      return "OpenForWrite";
    case FsOp::kAppend:
      return "Append";
    case FsOp::kSync:
      return "Sync";
    case FsOp::kClose:
      return "Close";
    case FsOp::kPutIfAbsent:
      return "PutIfAbsent";
    case FsOp::kDelete:
      return "Delete";
    case FsOp::kList:
      return "List";
    case FsOp::kRead:
      return "Read";
    case FsOp::kGetFileInfo:
      return "GetFileInfo";
    case FsOp::kCreateDirs:
      return "CreateDirs";
  }
  return "?";
}

namespace {

class FaultRandomAccessFile : public RandomAccessFile {
 public:
  FaultRandomAccessFile(FaultInjectingFileSystem* fs, std::unique_ptr<RandomAccessFile> base)
      : fs_(fs), base_(std::move(base)) {}

  const std::string& path() const override { return base_->path(); }

  Result<int64_t> Size() const override {
    auto d = fs_->Decide(FsOp::kRead, path());
    if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
    Result<int64_t> r = base_->Size();
    if (d.fail) return d.error;
    return r;
  }

  Status ReadAt(int64_t offset, int64_t n, uint8_t* out) const override {
    auto d = fs_->Decide(FsOp::kRead, path());
    if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
    Status s = base_->ReadAt(offset, n, out);
    if (d.fail) return d.error;
    return s;
  }

 private:
  FaultInjectingFileSystem* fs_;
  std::unique_ptr<RandomAccessFile> base_;
};

class FaultWritableFile : public WritableFile {
 public:
  FaultWritableFile(FaultInjectingFileSystem* fs, std::unique_ptr<WritableFile> base)
      : fs_(fs), base_(std::move(base)) {}

  const std::string& path() const override { return base_->path(); }

  Status Append(std::string_view data) override {
    auto d = fs_->Decide(FsOp::kAppend, path());
    if (d.fail && d.short_bytes >= 0) {
      size_t keep = std::min<size_t>(data.size(), static_cast<size_t>(d.short_bytes));
      base_->Append(data.substr(0, keep)).IgnoreError();
      return d.error;
    }
    return Apply(d, [&] { return base_->Append(data); });
  }
  int64_t Tell() const override { return base_->Tell(); }
  Status Sync() override {
    return Apply(fs_->Decide(FsOp::kSync, path()), [&] { return base_->Sync(); });
  }
  Status Close() override {
    return Apply(fs_->Decide(FsOp::kClose, path()), [&] { return base_->Close(); });
  }

 private:
  template <typename F>
  Status Apply(const FaultInjectingFileSystem::Decision& d, F&& op) {
    if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
    Status s = op();
    if (d.fail) return d.error;
    return s;
  }

  FaultInjectingFileSystem* fs_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

void FaultInjectingFileSystem::FailNth(FsOp op, int64_t n, FaultTiming timing) {
  FailNthOnPath(op, n, "", timing);
}

void FaultInjectingFileSystem::FailNthOnPath(FsOp op, int64_t n, std::string path_substring,
                                             FaultTiming timing) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back(Rule{op, n, 0, timing, std::move(path_substring), -1});
}

void FaultInjectingFileSystem::ShortAppendNth(int64_t n, int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back(Rule{FsOp::kAppend, n, 0, FaultTiming::kBeforeEffect, "", bytes});
}

void FaultInjectingFileSystem::CrashAfter(int64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  ops_until_crash_ = n;
  if (n == 0) crashed_ = true;
}

void FaultInjectingFileSystem::SetRandomFaults(uint64_t seed, double probability) {
  std::lock_guard<std::mutex> lock(mu_);
  rng_.seed(seed);
  random_probability_ = probability;
}

void FaultInjectingFileSystem::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
  ops_until_crash_ = -1;
  crashed_ = false;
  random_probability_ = 0;
}

bool FaultInjectingFileSystem::crashed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return crashed_;
}

int64_t FaultInjectingFileSystem::calls(FsOp op) const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_[static_cast<int>(op)];
}

int64_t FaultInjectingFileSystem::injected_faults() const {
  std::lock_guard<std::mutex> lock(mu_);
  return injected_;
}

FaultInjectingFileSystem::Decision FaultInjectingFileSystem::Decide(FsOp op,
                                                                    std::string_view path) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t call = ++calls_[static_cast<int>(op)];
  Decision d;
  auto fail = [&](std::string_view why) {
    d.fail = true;
    d.error =
        Status::IOError("Injected fault (", why, "): ", FsOpName(op), " call ", call, " on ", path);
    ++injected_;
  };
  if (!crashed_ && ops_until_crash_ >= 0) {
    if (ops_until_crash_ == 0) {
      crashed_ = true;
    } else {
      --ops_until_crash_;
    }
  }
  if (crashed_) {
    fail("crashed");
    return d;
  }
  for (size_t i = 0; i < rules_.size();) {
    Rule& r = rules_[i];
    if (r.op != op ||
        (!r.path_substring.empty() && path.find(r.path_substring) == std::string_view::npos)) {
      ++i;
      continue;
    }
    if (++r.seen == r.n && !d.fail) {
      fail(r.short_bytes >= 0 ? "short write" : "nth call");
      d.timing = r.timing;
      d.short_bytes = r.short_bytes;
      rules_.erase(rules_.begin() + static_cast<ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  if (!d.fail && random_probability_ > 0 &&
      std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < random_probability_) {
    fail("random");
  }
  return d;
}

Result<std::unique_ptr<RandomAccessFile>> FaultInjectingFileSystem::OpenForRead(
    const std::string& path) {
  Decision d = Decide(FsOp::kOpenForRead, path);
  if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
  LAKEML_ASSIGN_OR_RETURN(auto file, base_->OpenForRead(path));
  if (d.fail) return d.error;
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<FaultRandomAccessFile>(this, std::move(file)));
}

Result<std::unique_ptr<WritableFile>> FaultInjectingFileSystem::OpenForWrite(
    const std::string& path) {
  Decision d = Decide(FsOp::kOpenForWrite, path);
  if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
  LAKEML_ASSIGN_OR_RETURN(auto file, base_->OpenForWrite(path));
  if (d.fail) return d.error;
  return std::unique_ptr<WritableFile>(std::make_unique<FaultWritableFile>(this, std::move(file)));
}

Status FaultInjectingFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  Decision d = Decide(FsOp::kPutIfAbsent, path);
  if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
  Status s = base_->PutIfAbsent(path, data);
  if (d.fail) return d.error;
  return s;
}

Result<std::vector<FileInfo>> FaultInjectingFileSystem::List(const std::string& dir) {
  Decision d = Decide(FsOp::kList, dir);
  if (d.fail) return d.error;
  return base_->List(dir);
}

Result<FileInfo> FaultInjectingFileSystem::GetFileInfo(const std::string& path) {
  Decision d = Decide(FsOp::kGetFileInfo, path);
  if (d.fail) return d.error;
  return base_->GetFileInfo(path);
}

Status FaultInjectingFileSystem::Delete(const std::string& path) {
  Decision d = Decide(FsOp::kDelete, path);
  if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
  Status s = base_->Delete(path);
  if (d.fail) return d.error;
  return s;
}

Status FaultInjectingFileSystem::CreateDirs(const std::string& path) {
  Decision d = Decide(FsOp::kCreateDirs, path);
  if (d.fail && d.timing == FaultTiming::kBeforeEffect) return d.error;
  Status s = base_->CreateDirs(path);
  if (d.fail) return d.error;
  return s;
}

}  // namespace lakeml::io

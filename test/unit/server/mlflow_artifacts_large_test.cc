// A large artifact (300 MiB) through the proxied artifact API: uploaded and downloaded streamed,
// never whole in memory on either side, and byte-identical (SHA-256) after the round trip.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <memory>

#include "unit/server/mlflow_artifacts_test_server.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {
namespace {

constexpr int64_t kBytes = 300ll << 20;
constexpr size_t kBlock = 1 << 20;

// Block `index` of the test file: deterministic pseudo-random bytes (splitmix64).
void FillBlock(int64_t index, std::string* block) {
  uint64_t state = static_cast<uint64_t>(index) * 0x9E3779B97F4A7C15ull + 1;
  for (size_t i = 0; i + 8 <= block->size(); i += 8) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    std::memcpy(block->data() + i, &z, 8);
  }
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
  }
  void Update(std::string_view data) { EVP_DigestUpdate(ctx_.get(), data.data(), data.size()); }
  std::string Final() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    return std::string(reinterpret_cast<char*>(digest), size);
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

// Peak resident memory of this process since the last ResetPeakResident, in bytes; -1 when the
// kernel cannot reset the peak (then the test skips the memory check).
int64_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}
bool ResetPeakResident() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

// GETs `target` and feeds the body to `consume` as it arrives; returns the status (0 on error).
int StreamingGet(int port, const std::string& target,
                 const std::function<void(std::string_view)>& consume) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return 0;
  const std::string request = StrCat("GET ", target, " HTTP/1.1\r\nHost: x\r\n\r\n");
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string head;
  std::string buffer(kBlock, '\0');
  int status = 0;
  int64_t remaining = -1;
  while (remaining != 0) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    std::string_view data(buffer.data(), static_cast<size_t>(n));
    if (remaining < 0) {
      head.append(data);
      const size_t end = head.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      status = std::atoi(head.c_str() + 9);
      const size_t length = head.find("Content-Length: ");
      remaining = length == std::string::npos ? 0 : std::stoll(head.substr(length + 16));
      data = std::string_view(head).substr(end + 4);
    }
    const size_t take = std::min<size_t>(data.size(), static_cast<size_t>(remaining));
    consume(data.substr(0, take));
    remaining -= static_cast<int64_t>(take);
  }
  ::close(fd);
  return remaining == 0 ? status : 0;
}

TEST(MlflowArtifactsLargeTest, UploadAndDownloadStreamed) {
  MlflowArtifactsTestServer ts;
  const std::string path = "/api/2.0/mlflow-artifacts/artifacts/0/big/artifacts/model.bin";
  const bool can_measure = ResetPeakResident();
  const int64_t peak_before = PeakResidentBytes();

  Sha256 sent_hash;
  RawHttpClient c(ts.port());
  ASSERT_TRUE(
      c.Send(StrCat("PUT ", path, " HTTP/1.1\r\nHost: x\r\nContent-Length: ", kBytes, "\r\n\r\n")));
  std::string block(kBlock, '\0');
  for (int64_t index = 0; index * static_cast<int64_t>(kBlock) < kBytes; ++index) {
    FillBlock(index, &block);
    sent_hash.Update(block);
    ASSERT_TRUE(c.Send(block));
  }
  auto put = c.Read(300000);
  ASSERT_TRUE(put.has_value());
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(std::filesystem::file_size(ts.artifact_dir() / "0/big/artifacts/model.bin"),
            static_cast<uintmax_t>(kBytes));

  Sha256 got_hash;
  int64_t got_bytes = 0;
  const int status = StreamingGet(ts.port(), path, [&](std::string_view chunk) {
    got_hash.Update(chunk);
    got_bytes += static_cast<int64_t>(chunk.size());
  });
  EXPECT_EQ(status, 200);
  EXPECT_EQ(got_bytes, kBytes);
  EXPECT_TRUE(got_hash.Final() == sent_hash.Final()) << "downloaded bytes differ";

  // Server and client share this process: its peak RSS over both transfers stays far below the
  // file's size (each side holds about one block).
  if (can_measure && peak_before > 0) {
    const int64_t growth = PeakResidentBytes() - peak_before;
    RecordProperty("peak_rss_growth_mib", static_cast<int>(growth >> 20));
    EXPECT_LT(growth, 64ll << 20) << "peak RSS grew by " << (growth >> 20) << " MiB";
  }
}

}  // namespace
}  // namespace lakeml::server

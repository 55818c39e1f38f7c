// Streamed request and response bodies: a large upload goes to disk chunk by chunk with bounded
// memory, an interrupted one leaves no file, and a download streams from disk.
#include <gtest/gtest.h>

#include <fstream>

#include "unit/server/raw_http_client.h"
#include "unit/server/test_server.h"

namespace lakeml::server {
namespace {

// Resident set size of this process in bytes (Linux /proc/self/statm).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

TEST(StreamingTest, LargeUploadStreamsToDiskWithBoundedMemory) {
  HttpServerOptions options;
  options.max_body_bytes = 1 << 20;  // Buffered bodies are small; the stream is not bound by it.
  TestServer ts(options);
  constexpr int64_t kBytes = 200ll << 20;
  const int64_t rss_before = ResidentBytes();
  RawHttpClient c(ts.port());
  ASSERT_TRUE(c.Send("PUT /t/upload/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                     std::to_string(kBytes) + "\r\n\r\n"));
  std::string block(1 << 20, '\0');
  for (int64_t sent = 0; sent < kBytes; sent += block.size()) {
    for (size_t i = 0; i < block.size(); i += 4096) block[i] = static_cast<char>((sent >> 20) + i);
    ASSERT_TRUE(c.Send(block));
  }
  auto r = c.Read(120000);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, "{\"bytes\":" + std::to_string(kBytes) + "}");
  const int64_t rss_growth = ResidentBytes() - rss_before;
  EXPECT_LT(rss_growth, 64ll << 20) << "RSS grew by " << (rss_growth >> 20) << " MiB";
  EXPECT_EQ(std::filesystem::file_size(ts.dir() / "big.bin"), static_cast<uintmax_t>(kBytes));
  // No temporary file is left next to it.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(ts.dir())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);

  // The upload's length is what a HEAD of it reports.
  auto head = c.Request("HEAD", "/t/files/big.bin");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->Header("content-length"), std::to_string(kBytes));
}

TEST(StreamingTest, FileDownloadStreamsFromDisk) {
  TestServer ts;
  constexpr size_t kBytes = 16 << 20;
  std::string data(kBytes, '\0');
  for (size_t i = 0; i < kBytes; ++i) data[i] = static_cast<char>(i * 7 + (i >> 12));
  std::ofstream(ts.dir() / "down.bin", std::ios::binary).write(data.data(), data.size());
  RawHttpClient c(ts.port());
  ASSERT_TRUE(c.Send("GET /t/files/down.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto got = c.Read(60000);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->Header("content-type"), "application/octet-stream");
  EXPECT_TRUE(got->body == data);
  // The connection stays usable after a file body.
  auto r = c.Request("GET", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hello");
}

TEST(StreamingTest, ChunkedUploadStreams) {
  TestServer ts;
  RawHttpClient c(ts.port());
  ASSERT_TRUE(
      c.Send("PUT /t/upload/c.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
             "Expect: 100-continue\r\n\r\n"));
  auto cont = c.Read();
  ASSERT_TRUE(cont.has_value());
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.Send("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "{\"bytes\":5}");
  std::ifstream in(ts.dir() / "c.txt");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "abcde");
}

TEST(StreamingTest, TruncatedUploadLeavesNoFile) {
  TestServer ts;
  {
    RawHttpClient c(ts.port());
    ASSERT_TRUE(
        c.Send("PUT /t/upload/partial.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"));
    ASSERT_TRUE(c.Send(std::string(300000, 'p')));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }  // Disconnects mid-body.
  for (int i = 0; i < 100 && ts.server()->open_connections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(ts.server()->open_connections(), 0);
  EXPECT_FALSE(std::filesystem::exists(ts.dir() / "partial.bin"));
  EXPECT_TRUE(std::filesystem::is_empty(ts.dir()));
}

TEST(StreamingTest, MissingFileIs404) {
  TestServer ts;
  RawHttpClient c(ts.port());
  auto r = c.Request("GET", "/t/files/none.bin");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("RESOURCE_DOES_NOT_EXIST"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::server

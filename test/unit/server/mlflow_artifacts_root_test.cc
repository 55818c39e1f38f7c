// ml::ArtifactRoot and ml::ResolveRunArtifactUri: the path checks every artifact route relies
// on, exercised on a real directory (symlinks included).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ml/artifacts/artifact_root.h"
#include "ml/artifacts/run_artifact_location.h"

namespace lakeml::ml {
namespace {

namespace fs = std::filesystem;

class ArtifactRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("lakeml_artifact_root_" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "outside");
    std::ofstream(base_ / "outside" / "secret.txt") << "secret";
    Result<ArtifactRoot> root = ArtifactRoot::Open((base_ / "root").string());
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    root_ = std::make_unique<ArtifactRoot>(std::move(root).value());
  }
  void TearDown() override { fs::remove_all(base_); }

  void Write(const std::string& relative, const std::string& content) {
    Result<fs::path> path = root_->ResolveForWrite(relative);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    std::ofstream(*path) << content;
  }

  fs::path base_;
  std::unique_ptr<ArtifactRoot> root_;
};

TEST_F(ArtifactRootTest, RefusesEscapes) {
  for (const char* bad :
       {"..", "../x", "a/../../x", "a/..", "./x", "/etc/passwd", "a\\..\\x", "..\\x", "C:/x", "c:x",
        "%2e%2e/x", "a/%2E%2e/b", "%2fetc", "a%5cb", "%00", "%252e%252e/x", "a#b",
        ".lakeml-multipart/x", ".lakeml-multipart"}) {
    Status st = ArtifactRoot::ValidateRelativePath(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(root_->Resolve(bad).status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(root_->ResolveForWrite(bad).status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(root_->List(bad).status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(root_->Delete(bad).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ArtifactRoot::ValidateRelativePath(std::string("a\0b", 3)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(fs::exists(base_ / "outside" / "secret.txt"));
}

TEST_F(ArtifactRootTest, AcceptsOrdinaryNames) {
  for (const char* good :
       {"", "a", "a/b/c.txt", "a..b", "...", ".hidden", "100%.txt", "a%zz", "dir/", "x%41"}) {
    EXPECT_TRUE(ArtifactRoot::ValidateRelativePath(good).ok()) << good;
  }
  Result<fs::path> path = root_->Resolve("a/b/c.txt");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, root_->dir() / "a" / "b" / "c.txt");
}

TEST_F(ArtifactRootTest, RefusesSymlinksOutOfTheRoot) {
  fs::create_directory_symlink(base_ / "outside", root_->dir() / "link_dir");
  fs::create_symlink(base_ / "outside" / "secret.txt", root_->dir() / "link_file");
  EXPECT_EQ(root_->ResolveFile("link_dir/secret.txt").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(root_->ResolveFile("link_file").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(root_->ResolveForWrite("link_dir/new.txt").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(root_->List("link_dir").status().code(), StatusCode::kInvalidArgument);
  // The listing of the root leaves them out.
  Result<std::vector<ArtifactFileInfo>> files = root_->List("");
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
  // Deleting a link removes the link, never what it points to.
  EXPECT_TRUE(root_->Delete("link_dir").ok());
  EXPECT_TRUE(root_->Delete("link_file").ok());
  EXPECT_FALSE(fs::exists(fs::symlink_status(root_->dir() / "link_dir")));
  EXPECT_TRUE(fs::exists(base_ / "outside" / "secret.txt"));
}

TEST_F(ArtifactRootTest, FollowsSymlinksInsideTheRoot) {
  Write("real/data.txt", "12345");
  fs::create_directory_symlink(root_->dir() / "real", root_->dir() / "alias");
  Result<fs::path> file = root_->ResolveFile("alias/data.txt");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(fs::file_size(*file), 5u);
}

TEST_F(ArtifactRootTest, ListsSortedWithSizesAndDeletesTrees) {
  Write("d/b.txt", "bb");
  Write("d/a.txt", "a");
  Write("d/sub/c.txt", "ccc");
  Result<std::vector<ArtifactFileInfo>> files = root_->List("d");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].name, "a.txt");
  EXPECT_EQ((*files)[0].file_size, 1);
  EXPECT_EQ((*files)[1].name, "b.txt");
  EXPECT_EQ((*files)[1].file_size, 2);
  EXPECT_EQ((*files)[2].name, "sub");
  EXPECT_TRUE((*files)[2].is_dir);
  EXPECT_FALSE((*files)[2].file_size.has_value());
  // A file or a missing directory lists as empty, as MLflow.
  EXPECT_TRUE(root_->List("d/a.txt")->empty());
  EXPECT_TRUE(root_->List("missing")->empty());
  EXPECT_EQ(root_->ResolveFile("d").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(root_->ResolveFile("d/missing").status().code(), StatusCode::kNotFound);
  // Writing below a file fails; so does writing over a directory.
  EXPECT_EQ(root_->ResolveForWrite("d/a.txt/x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(root_->ResolveForWrite("d/sub").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(root_->Delete("").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(root_->Delete("d").ok());
  EXPECT_FALSE(fs::exists(root_->dir() / "d"));
  EXPECT_TRUE(root_->Delete("d").ok());  // Missing: not an error.
  EXPECT_TRUE(fs::exists(root_->dir()));
}

TEST_F(ArtifactRootTest, ResolvesRunArtifactUris) {
  Result<RunArtifactLocation> proxied =
      ResolveRunArtifactUri("mlflow-artifacts:/1/abc/artifacts", *root_);
  ASSERT_TRUE(proxied.ok()) << proxied.status().ToString();
  EXPECT_EQ(proxied->root.dir(), root_->dir());
  EXPECT_EQ(proxied->prefix, "1/abc/artifacts");
  EXPECT_EQ(proxied->Join("m/x"), "1/abc/artifacts/m/x");
  Result<RunArtifactLocation> with_host =
      ResolveRunArtifactUri("mlflow-artifacts://h:5000/api/2/x", *root_);
  ASSERT_TRUE(with_host.ok());
  EXPECT_EQ(with_host->prefix, "api/2/x");
  EXPECT_EQ(ResolveRunArtifactUri("mlflow-artifacts:/1/../../etc", *root_).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveRunArtifactUri("s3://bucket/x", *root_).status().code(),
            StatusCode::kNotImplemented);

  const std::string local = (base_ / "outside").string();
  for (const std::string& uri : {local, "file://" + local, "file://localhost" + local}) {
    Result<RunArtifactLocation> loc = ResolveRunArtifactUri(uri, *root_);
    ASSERT_TRUE(loc.ok()) << uri << ": " << loc.status().ToString();
    EXPECT_TRUE(loc->exists);
    EXPECT_EQ(loc->root.dir(), fs::canonical(base_ / "outside"));
    EXPECT_EQ(loc->prefix, "");
  }
  Result<RunArtifactLocation> missing = ResolveRunArtifactUri(local + "/nope", *root_);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->exists);
  EXPECT_FALSE(fs::exists(base_ / "outside" / "nope"));  // Listing never creates it.
}

}  // namespace
}  // namespace lakeml::ml

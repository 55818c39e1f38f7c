#include <gtest/gtest.h>

#include <filesystem>

#include "server/auth/bearer_token_authenticator.h"
#include "server/auth/token_store.h"
#include "unit/server/raw_http_client.h"
#include "unit/server/test_server.h"

namespace lakeml::server {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lakeml_auth_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    auto db = metastore::SqliteDatabase::Open((dir_ / "lakeml.db").string());
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<metastore::SqliteDatabase> db_;
};

TEST_F(AuthTest, TokensAreStoredHashedListedAndRevoked) {
  auto store = TokenStore::Open(db_.get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto a = store->Create("ci");
  auto b = store->Create("laptop");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->token.rfind("lkml_", 0), 0u);
  EXPECT_EQ(a->token.size(), 45u);
  EXPECT_NE(a->token, b->token);
  // The secret itself is nowhere in the database.
  auto stmt = db_->Prepare("SELECT token_sha256 FROM auth_tokens");
  ASSERT_TRUE(stmt.ok());
  while (*stmt->Step()) EXPECT_EQ(stmt->ColumnText(0).find(a->token.substr(5)), std::string::npos);
  auto list = store->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].revoked_at_ms, 0);
  ASSERT_TRUE(store->Revoke("ci").ok());
  EXPECT_EQ(store->Revoke("ci").code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Revoke("nope").code(), StatusCode::kNotFound);
  auto hashes = store->ActiveHashes();
  ASSERT_TRUE(hashes.ok());
  ASSERT_EQ(hashes->size(), 1u);
  EXPECT_TRUE(TokenStore::ConstantTimeEquals((*hashes)[0], TokenStore::Hash(b->token)));
  // Reopening (migrations already applied) keeps the tokens.
  auto again = TokenStore::Open(db_.get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->List()->size(), 2u);
}

TEST_F(AuthTest, ConstantTimeEqualsComparesEveryByte) {
  TokenHash a = TokenStore::Hash("lkml_x");
  TokenHash b = a;
  EXPECT_TRUE(TokenStore::ConstantTimeEquals(a, b));
  b[31] ^= 1;
  EXPECT_FALSE(TokenStore::ConstantTimeEquals(a, b));
  b = a;
  b[0] ^= 0x80;
  EXPECT_FALSE(TokenStore::ConstantTimeEquals(a, b));
}

TEST_F(AuthTest, ServerRequiresBearerTokenExceptForHealth) {
  auto store = TokenStore::Open(db_.get());
  ASSERT_TRUE(store.ok());
  auto token = store->Create("t");
  ASSERT_TRUE(token.ok());
  auto auth = std::make_shared<BearerTokenAuthenticator>(*store, std::chrono::milliseconds(0));
  ASSERT_EQ(*auth->ActiveTokenCount(), 1u);
  HttpServerOptions options;
  options.authenticator = auth;
  TestServer ts(options);
  RawHttpClient c(ts.port());
  auto r = c.Request("GET", "/health");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  r = c.Request("GET", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->Header("www-authenticate"), "Bearer");
  EXPECT_NE(r->body.find("\"error_code\":\"UNAUTHENTICATED\""), std::string::npos);
  // Unknown paths need auth too (no probing for endpoints).
  r = c.Request("GET", "/t/nope");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  const std::string good = "Authorization: Bearer " + token->token + "\r\n";
  r = c.Request("GET", "/t/hello", "", good);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  r = c.Request("GET", "/t/hello", "", "Authorization: bearer " + token->token + "\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  std::string wrong = token->token;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  r = c.Request("GET", "/t/hello", "", "Authorization: Bearer " + wrong + "\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  r = c.Request("GET", "/t/hello", "", "Authorization: Basic " + token->token + "\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  // A 401 for a request with a body closes (the body was not read); a new connection works.
  RawHttpClient c2(ts.port());
  r = c2.Request("POST", "/t/echo", "{}");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  // Revoked: refused from the next refresh (interval 0 here).
  ASSERT_TRUE(store->Revoke(token->info.id).ok());
  RawHttpClient c3(ts.port());
  r = c3.Request("GET", "/t/hello", "", good);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
}

}  // namespace
}  // namespace lakeml::server

// Tests for the Thrift compact protocol reader/writer. Expected bytes come from the Thrift
// compact protocol specification (thrift/doc/specs/thrift-compact-protocol.md), not from our
// own writer.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "format/parquet/thrift/compact_reader.h"
#include "format/parquet/thrift/compact_writer.h"

namespace lakeml::parquet::thrift {
namespace {

std::vector<uint8_t> Bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

const uint8_t* Data(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(ThriftCompactTest, DecodesSpecExamples) {
  // struct { 1: i32 = 1; 2: i32 = -1; 17 (long form): binary "ab"; 18: bool true } STOP
  // 0x15: delta 1, type I32; zigzag(1) = 2. 0x15: delta 1, I32; zigzag(-1) = 1.
  // 0x08 + zigzag i16 17 = 34 (0x22): long-form header. 0x11: delta 1, BOOLEAN_TRUE.
  auto bytes = Bytes({0x15, 0x02, 0x15, 0x01, 0x08, 0x22, 0x02, 'a', 'b', 0x11, 0x00});
  CompactReader r(bytes.data(), bytes.size());
  ASSERT_TRUE(r.ReadStructBegin().ok());
  FieldHeader f;
  ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
  EXPECT_EQ(f.type, CompactType::kI32);
  EXPECT_EQ(f.id, 1);
  int32_t v;
  ASSERT_TRUE(r.ReadI32(&v).ok());
  EXPECT_EQ(v, 1);
  ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
  EXPECT_EQ(f.id, 2);
  ASSERT_TRUE(r.ReadI32(&v).ok());
  EXPECT_EQ(v, -1);
  ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
  EXPECT_EQ(f.type, CompactType::kBinary);
  EXPECT_EQ(f.id, 17);
  std::string s;
  ASSERT_TRUE(r.ReadBinary(&s).ok());
  EXPECT_EQ(s, "ab");
  ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
  EXPECT_EQ(f.type, kBool);
  EXPECT_EQ(f.id, 18);
  bool b = false;
  ASSERT_TRUE(r.ReadBool(&b).ok());
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
  EXPECT_EQ(f.type, CompactType::kStop);
  r.ReadStructEnd();
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(r.position(), bytes.size());
}

TEST(ThriftCompactTest, WriterMatchesSpecBytes) {
  std::string out;
  CompactWriter w(&out);
  w.WriteStructBegin();
  w.WriteI32Field(1, 1);
  w.WriteI32Field(2, -1);
  w.WriteBinaryField(17, "ab");  // Delta 15 still fits the short form.
  w.WriteBoolField(18, true);
  w.WriteBoolField(40, false);  // Delta 22: long form.
  w.WriteStructEnd();
  auto expected = Bytes({0x15, 0x02, 0x15, 0x01, 0xf8, 0x02, 'a', 'b', 0x11, 0x02, 0x50, 0x00});
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), expected);
}

TEST(ThriftCompactTest, IntegersRoundTripAtExtremes) {
  std::string out;
  CompactWriter w(&out);
  const std::vector<int64_t> i64s = {0, 1, -1, 63, -64, 64, std::numeric_limits<int64_t>::max(),
                                     std::numeric_limits<int64_t>::min()};
  const std::vector<int32_t> i32s = {0, -1, 1 << 20, std::numeric_limits<int32_t>::max(),
                                     std::numeric_limits<int32_t>::min()};
  const std::vector<int16_t> i16s = {0, -1, std::numeric_limits<int16_t>::max(),
                                     std::numeric_limits<int16_t>::min()};
  for (int64_t v : i64s) w.WriteI64(v);
  for (int32_t v : i32s) w.WriteI32(v);
  for (int16_t v : i16s) w.WriteI16(v);
  w.WriteDouble(-2.5);
  w.WriteByte(-7);
  CompactReader r(Data(out), out.size());
  for (int64_t v : i64s) {
    int64_t got;
    ASSERT_TRUE(r.ReadI64(&got).ok());
    EXPECT_EQ(got, v);
  }
  for (int32_t v : i32s) {
    int32_t got;
    ASSERT_TRUE(r.ReadI32(&got).ok());
    EXPECT_EQ(got, v);
  }
  for (int16_t v : i16s) {
    int16_t got;
    ASSERT_TRUE(r.ReadI16(&got).ok());
    EXPECT_EQ(got, v);
  }
  double d;
  ASSERT_TRUE(r.ReadDouble(&d).ok());
  EXPECT_EQ(d, -2.5);
  int8_t b;
  ASSERT_TRUE(r.ReadByte(&b).ok());
  EXPECT_EQ(b, -7);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompactTest, RejectsOutOfRangeAndOverlongVarints) {
  {
    std::string out;
    CompactWriter(&out).WriteI64(int64_t{1} << 40);
    CompactReader r(Data(out), out.size());
    int32_t v;
    Status st = r.ReadI32(&v);
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    EXPECT_NE(st.message().find("32 bits"), std::string::npos) << st.message();
  }
  {
    std::string out;
    CompactWriter(&out).WriteI32(1 << 20);
    CompactReader r(Data(out), out.size());
    int16_t v;
    EXPECT_EQ(r.ReadI16(&v).code(), StatusCode::kCorruption);
  }
  {
    std::vector<uint8_t> bytes(11, 0x80);  // Never terminates within 10 bytes.
    bytes.push_back(0);
    CompactReader r(bytes.data(), bytes.size());
    uint64_t v;
    EXPECT_EQ(r.ReadVarint(&v).code(), StatusCode::kCorruption);
  }
  {
    auto bytes = Bytes({0x80, 0x80});  // Truncated varint (slow path).
    CompactReader r(bytes.data(), bytes.size());
    uint64_t v;
    EXPECT_EQ(r.ReadVarint(&v).code(), StatusCode::kCorruption);
  }
}

TEST(ThriftCompactTest, ListAndMapHeaders) {
  std::string out;
  CompactWriter w(&out);
  w.WriteListBegin(CompactType::kI32, 3);  // Short form: 0x35.
  for (int i = 0; i < 3; ++i) w.WriteI32(i);
  w.WriteListBegin(kBool, 20);  // Long form: 0xf1, varint 20.
  for (int i = 0; i < 20; ++i) w.WriteBool(i % 3 == 0);
  w.WriteMapBegin(CompactType::kBinary, CompactType::kI64, 1);
  w.WriteBinary("k");
  w.WriteI64(-5);
  w.WriteMapBegin(CompactType::kBinary, CompactType::kI64, 0);  // Empty: one zero byte.
  EXPECT_EQ(static_cast<uint8_t>(out[0]), 0x35);

  CompactReader r(Data(out), out.size());
  CompactType et;
  uint32_t n;
  ASSERT_TRUE(r.ReadListBegin(&et, &n).ok());
  EXPECT_EQ(et, CompactType::kI32);
  EXPECT_EQ(n, 3u);
  for (int i = 0; i < 3; ++i) {
    int32_t v;
    ASSERT_TRUE(r.ReadI32(&v).ok());
    EXPECT_EQ(v, i);
  }
  ASSERT_TRUE(r.ReadListBegin(&et, &n).ok());
  EXPECT_EQ(et, kBool);
  EXPECT_EQ(n, 20u);
  for (int i = 0; i < 20; ++i) {
    bool v;
    ASSERT_TRUE(r.ReadBool(&v).ok());
    EXPECT_EQ(v, i % 3 == 0);
  }
  CompactType kt, vt;
  ASSERT_TRUE(r.ReadMapBegin(&kt, &vt, &n).ok());
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(kt, CompactType::kBinary);
  EXPECT_EQ(vt, CompactType::kI64);
  ASSERT_TRUE(r.Skip(kt).ok());
  ASSERT_TRUE(r.Skip(vt).ok());
  ASSERT_TRUE(r.ReadMapBegin(&kt, &vt, &n).ok());
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompactTest, BoolListAcceptsZeroAndTwoAsFalse) {
  auto bytes = Bytes({0x31, 0x01, 0x00, 0x02});
  CompactReader r(bytes.data(), bytes.size());
  CompactType et;
  uint32_t n;
  ASSERT_TRUE(r.ReadListBegin(&et, &n).ok());
  ASSERT_EQ(n, 3u);
  bool v[3];
  for (bool& b : v) ASSERT_TRUE(r.ReadBool(&b).ok());
  EXPECT_TRUE(v[0]);
  EXPECT_FALSE(v[1]);
  EXPECT_FALSE(v[2]);
}

TEST(ThriftCompactTest, RejectsContainerCountsBeyondTheBytesLeft) {
  // List header claiming 1,000,000 i64 elements with 2 bytes after it.
  std::string out;
  CompactWriter(&out).WriteListBegin(CompactType::kI64, 1000000);
  out += "\x02\x04";
  CompactReader r(Data(out), out.size());
  CompactType et;
  uint32_t n;
  Status st = r.ReadListBegin(&et, &n);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("1000000"), std::string::npos) << st.message();

  std::string map;
  CompactWriter(&map).WriteMapBegin(CompactType::kI32, CompactType::kI32, 3);
  map += "\x02\x02\x02\x02";  // 4 bytes < 3 entries * 2.
  CompactReader mr(Data(map), map.size());
  CompactType kt, vt;
  EXPECT_EQ(mr.ReadMapBegin(&kt, &vt, &n).code(), StatusCode::kCorruption);

  auto bin = Bytes({0x0a, 'a', 'b'});  // Binary of length 10 with 2 bytes.
  CompactReader br(bin.data(), bin.size());
  std::string s;
  EXPECT_EQ(br.ReadBinary(&s).code(), StatusCode::kCorruption);
}

TEST(ThriftCompactTest, SkipsNestedUnknownValues) {
  std::string out;
  CompactWriter w(&out);
  w.WriteStructBegin();
  w.WriteI32Field(1, 42);
  // Field 2: a struct holding every type, including a list of structs and a map.
  w.WriteFieldBegin(CompactType::kStruct, 2);
  w.WriteStructBegin();
  w.WriteBoolField(1, true);
  w.WriteFieldBegin(CompactType::kByte, 2);
  w.WriteByte(3);
  w.WriteFieldBegin(CompactType::kI16, 3);
  w.WriteI16(-300);
  w.WriteI64Field(4, 1LL << 50);
  w.WriteFieldBegin(CompactType::kDouble, 5);
  w.WriteDouble(1.5);
  w.WriteBinaryField(6, std::string(300, 'x'));
  w.WriteFieldBegin(CompactType::kList, 7);
  w.WriteListBegin(CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.WriteStructBegin();
    w.WriteI32Field(1, i);
    w.WriteStructEnd();
  }
  w.WriteFieldBegin(CompactType::kMap, 8);
  w.WriteMapBegin(CompactType::kI32, CompactType::kBinary, 2);
  w.WriteI32(1);
  w.WriteBinary("a");
  w.WriteI32(2);
  w.WriteBinary("b");
  w.WriteFieldBegin(CompactType::kSet, 9);
  w.WriteListBegin(kBool, 2);
  w.WriteBool(true);
  w.WriteBool(false);
  w.WriteStructEnd();
  w.WriteI32Field(3, 7);
  w.WriteStructEnd();

  CompactReader r(Data(out), out.size());
  ASSERT_TRUE(r.ReadStructBegin().ok());
  std::vector<int> ids;
  int32_t last = 0;
  while (true) {
    FieldHeader f;
    ASSERT_TRUE(r.ReadFieldBegin(&f).ok());
    if (f.type == CompactType::kStop) break;
    ids.push_back(f.id);
    if (f.type == CompactType::kI32) {
      ASSERT_TRUE(r.ReadI32(&last).ok());
    } else {
      ASSERT_TRUE(r.Skip(f.type).ok());
    }
  }
  r.ReadStructEnd();
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(last, 7);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompactTest, NestingDepthIsBounded) {
  // 10,000 nested structs: field 1 of type struct, again and again. Must fail, not overflow.
  std::string deep(10000, static_cast<char>(0x1c));
  CompactReader r(Data(deep), deep.size());
  Status st = r.Skip(CompactType::kStruct);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("deeper"), std::string::npos) << st.message();

  // Nested lists of lists: 0x19 = one element of type list.
  std::string lists(10000, static_cast<char>(0x19));
  CompactReader lr(Data(lists), lists.size());
  EXPECT_EQ(lr.Skip(CompactType::kList).code(), StatusCode::kCorruption);

  // Within the bound it works: 10 nested structs then 10 stops.
  std::string ok = std::string(10, static_cast<char>(0x1c)) + std::string(11, '\0');
  CompactReader okr(Data(ok), ok.size());
  EXPECT_TRUE(okr.Skip(CompactType::kStruct).ok());
  EXPECT_EQ(okr.remaining(), 0u);
}

TEST(ThriftCompactTest, InvalidTypesAreErrors) {
  auto bad_field = Bytes({0x1e});  // Type 14 does not exist.
  CompactReader r(bad_field.data(), bad_field.size());
  FieldHeader f;
  EXPECT_EQ(r.ReadFieldBegin(&f).code(), StatusCode::kCorruption);

  auto bad_list = Bytes({0x10});  // List with element type 0 (STOP).
  CompactReader lr(bad_list.data(), bad_list.size());
  CompactType et;
  uint32_t n;
  EXPECT_EQ(lr.ReadListBegin(&et, &n).code(), StatusCode::kCorruption);

  CompactReader sr(bad_field.data(), bad_field.size());
  EXPECT_EQ(sr.Skip(CompactType::kStop).code(), StatusCode::kCorruption);
}

TEST(ThriftCompactTest, EveryTruncationOfAValidStructFailsCleanly) {
  std::string out;
  CompactWriter w(&out);
  w.WriteStructBegin();
  w.WriteI64Field(1, -123456789012LL);
  w.WriteBinaryField(2, "hello world");
  w.WriteFieldBegin(CompactType::kList, 3);
  w.WriteListBegin(CompactType::kDouble, 2);
  w.WriteDouble(1);
  w.WriteDouble(2);
  w.WriteFieldBegin(CompactType::kStruct, 300);
  w.WriteStructBegin();
  w.WriteBoolField(1, false);
  w.WriteStructEnd();
  w.WriteStructEnd();
  {
    CompactReader full(Data(out), out.size());
    ASSERT_TRUE(full.Skip(CompactType::kStruct).ok());
    EXPECT_EQ(full.remaining(), 0u);
  }
  for (size_t len = 0; len < out.size(); ++len) {
    // A heap copy of exactly `len` bytes so that ASan catches any over-read.
    std::vector<uint8_t> prefix(out.begin(), out.begin() + len);
    CompactReader r(prefix.data(), prefix.size());
    EXPECT_EQ(r.Skip(CompactType::kStruct).code(), StatusCode::kCorruption) << "len " << len;
  }
}

}  // namespace
}  // namespace lakeml::parquet::thrift

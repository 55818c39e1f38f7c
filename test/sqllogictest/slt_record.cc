#include "sqllogictest/slt_record.h"

namespace lakeml::slt {

std::string_view SltRecordKindName(SltRecordKind kind) {
  switch (kind) {
    case SltRecordKind::kStatementOk:
      return "statement ok";
    case SltRecordKind::kStatementError:
      return "statement error";
    case SltRecordKind::kQuery:
      return "query";
    case SltRecordKind::kHashThreshold:
      return "hash-threshold";
    case SltRecordKind::kHalt:
      return "halt";
    case SltRecordKind::kModeSkip:
      return "mode skip";
    case SltRecordKind::kModeUnskip:
      return "mode unskip";
    case SltRecordKind::kRequire:
      return "require";
    case SltRecordKind::kLoop:
      return "loop";
    case SltRecordKind::kForeach:
      return "foreach";
    case SltRecordKind::kEndLoop:
      return "endloop";
  }
  return "unknown";
}

}  // namespace lakeml::slt

#include "sqllogictest/lakeml_slt_database.h"

#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sqllogictest/tpch_dataset_cache.h"
#include "tpch/gen/tpch_generator.h"

namespace lakeml::slt {

SltDatabaseFactory LakemlSltDatabase::Factory() {
  return [](const std::string& work_dir) -> Result<std::unique_ptr<SltDatabase>> {
    sql::DatabaseOptions options;
    options.warehouse = work_dir + "/warehouse";
    options.threads = 2;
    LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<sql::Database> db, sql::Database::Open(options));
    return std::unique_ptr<SltDatabase>(
        std::make_unique<LakemlSltDatabase>(std::make_unique<sql::Connection>(db)));
  };
}

bool LakemlSltDatabase::Supports(std::string_view feature) const {
  constexpr std::string_view kTpchPrefix = "tpch_sf";
  if (feature.substr(0, kTpchPrefix.size()) == kTpchPrefix) {
    // The file runs; a failed setup fails its statements (Execute returns the error).
    setup_error_ = RegisterTpchTables(feature.substr(kTpchPrefix.size()));
    return true;
  }
  return feature == "lakeml";
}

Status LakemlSltDatabase::RegisterTpchTables(std::string_view scale_factor) const {
  LAKEML_ASSIGN_OR_RETURN(std::string dir, TpchDatasetCache::Ensure(scale_factor));
  for (const std::string& name : tpch::TpchGenerator::TableNames()) {
    LAKEML_RETURN_IF_ERROR(
        conn_->Execute(StrCat("CREATE TABLE IF NOT EXISTS ", name, " LOCATION '", dir, "/", name,
                              "'"))
            .status());
  }
  return Status::OK();
}

Result<SltQueryResult> LakemlSltDatabase::Execute(const std::string& sql) {
  if (!setup_error_.ok()) {
    return Status(setup_error_.code(),
                  StrCat("TPC-H setup failed (require tpch_sf...): ", setup_error_.message()));
  }
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<sql::QueryResult> result, conn_->Execute(sql));
  SltQueryResult out;
  if (result == nullptr) return out;
  out.column_names = result->names();
  for (const sql::Chunk& chunk : result->chunks()) {
    std::vector<columnar::VectorPtr> text(chunk.columns.size());
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      LAKEML_RETURN_IF_ERROR(sql::CastExecutor::Cast(*chunk.columns[c], sql::SqlType::String(),
                                                     /*try_mode=*/false, chunk.size, &text[c]));
    }
    for (int64_t r = 0; r < chunk.size; ++r) {
      std::vector<std::optional<std::string>> row;
      for (const auto& col : text) {
        if (col->IsNull(r)) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(std::string(col->GetView(r)));
        }
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace lakeml::slt

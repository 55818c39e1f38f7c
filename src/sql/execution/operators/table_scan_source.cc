#include "sql/execution/operators/table_scan_source.h"

#include <atomic>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "columnar/vector_filter.h"
#include "columnar/vector_slice.h"
#include "sql/storage/scan_row_filter.h"

namespace lakeml::sql {
namespace {

struct ScanGlobalState final : GlobalSourceState {
  std::unique_ptr<TableScanPlan> plan;
  std::atomic<int64_t> next_morsel{0};
  std::unique_ptr<ScanRowFilter> row_filter;  // Null when nothing can be checked per row.
};

struct ScanLocalState final : LocalSourceState {
  std::unique_ptr<MorselReader> reader;
  int64_t morsel = -1;
  // The batch being cut into chunks, and the next row of it.
  columnar::BatchPtr batch;
  int64_t offset = 0;
  std::vector<uint8_t> keep;  // Row filter scratch.
  std::vector<uint8_t> keep_bits;
};

// Drops the rows of `batch` that `filter` rules out; nullptr when none is left.
Result<columnar::BatchPtr> ApplyScanRowFilter(const ScanRowFilter& filter, columnar::BatchPtr batch,
                                              ScanLocalState* l) {
  const int64_t n = batch->num_rows();
  const int64_t kept = filter.Evaluate(batch->columns(), n, &l->keep);
  if (kept == n) return batch;
  if (kept == 0) return columnar::BatchPtr();
  l->keep_bits.assign(bit_util::BytesForBits(n), 0);
  uint8_t* bits = l->keep_bits.data();
  for (int64_t i = 0; i < n; ++i) bits[i >> 3] |= static_cast<uint8_t>(l->keep[i] << (i & 7));
  return columnar::FilterBatch(*batch, bits, kept);
}

}  // namespace

std::string TableScanSource::details() const {
  std::string out = table_->display_name() + " [";
  for (size_t i = 0; i < columns_.size(); ++i) {
    out += (i ? ", " : "") + table_->schema()->field(columns_[i]).name;
  }
  out += "]";
  if (filter_) out += StrCat(" files filter: ", filter_->ToString());
  return out;
}

Result<std::unique_ptr<GlobalSourceState>> TableScanSource::MakeGlobalSourceState(
    ExecutionContext&) const {
  auto state = std::make_unique<ScanGlobalState>();
  LAKEML_ASSIGN_OR_RETURN(state->plan, table_->PlanScan(columns_, filter_));
  if (filter_ && !columns_.empty()) {
    std::vector<std::string> names;
    for (int c : columns_) names.push_back(table_->schema()->field(c).name);
    state->row_filter = ScanRowFilter::Make(*filter_, names, types());
  }
  return std::unique_ptr<GlobalSourceState>(std::move(state));
}

std::unique_ptr<LocalSourceState> TableScanSource::MakeLocalSourceState() const {
  return std::make_unique<ScanLocalState>();
}

int TableScanSource::MaxThreads(const GlobalSourceState& state) const {
  const auto& g = static_cast<const ScanGlobalState&>(state);
  return static_cast<int>(std::max<int64_t>(1, g.plan->num_morsels()));
}

Result<bool> TableScanSource::GetData(ExecutionContext&, GlobalSourceState& global,
                                      LocalSourceState& local, Chunk* out) const {
  auto& g = static_cast<ScanGlobalState&>(global);
  auto& l = static_cast<ScanLocalState&>(local);
  while (true) {
    if (l.batch != nullptr) {
      // Readers decode whole row groups; operators work on cache-sized chunks of them.
      const int64_t n = std::min(Chunk::kMaxRows, l.batch->num_rows() - l.offset);
      if (l.offset == 0 && n == l.batch->num_rows()) {
        *out = Chunk::FromBatch(*l.batch);
      } else {
        out->columns.clear();
        for (const auto& c : l.batch->columns()) {
          out->columns.push_back(columnar::SliceVector(*c, l.offset, n));
        }
        out->size = n;
      }
      out->batch_index = l.morsel;
      l.offset += n;
      if (l.offset >= l.batch->num_rows()) l.batch.reset();
      return true;
    }
    if (l.reader == nullptr) {
      l.morsel = g.next_morsel.fetch_add(1);
      if (l.morsel >= g.plan->num_morsels()) {
        out->size = 0;
        return false;
      }
      LAKEML_ASSIGN_OR_RETURN(l.reader, g.plan->OpenMorsel(l.morsel));
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, l.reader->Next());
    if (batch == nullptr) {
      l.reader.reset();
      continue;
    }
    if (batch->num_rows() == 0) continue;
    if (g.row_filter != nullptr) {
      LAKEML_ASSIGN_OR_RETURN(batch, ApplyScanRowFilter(*g.row_filter, std::move(batch), &l));
      if (batch == nullptr) continue;
    }
    l.batch = std::move(batch);
    l.offset = 0;
  }
}

}  // namespace lakeml::sql

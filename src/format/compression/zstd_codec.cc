#include "format/compression/zstd_codec.h"

#include <zstd.h>

#include <memory>

namespace lakeml::compression {
namespace {

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};
struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

ZSTD_DCtx* ThreadDCtx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
  return dctx.get();
}

ZSTD_CCtx* ThreadCCtx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  return cctx.get();
}

}  // namespace

Status ZstdDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  ZSTD_DCtx* d = ThreadDCtx();
  if (d == nullptr) return Status::ResourceExhausted("ZSTD: cannot allocate a decompression context");
  // Decodes every frame in the input; fails (dstSize_tooSmall) rather than overrun `out`.
  const size_t n = ZSTD_decompressDCtx(d, out, static_cast<size_t>(out_size), in,
                                       static_cast<size_t>(in_size));
  if (ZSTD_isError(n)) {
    // A failed call can leave the context mid-frame; the next call starts a new one anyway,
    // but reset explicitly so that no state leaks across pages.
    ZSTD_DCtx_reset(d, ZSTD_reset_session_only);
    return Status::Corruption("ZSTD data is corrupt: ", ZSTD_getErrorName(n), ", ", in_size,
                              " compressed bytes, ", out_size, " expected");
  }
  if (n != static_cast<size_t>(out_size)) {
    return Status::Corruption("ZSTD uncompressed size mismatch: expected ", out_size,
                              " bytes, got ", n);
  }
  return Status::OK();
}

Status ZstdCompress(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  if (level < 0) level = ZSTD_CLEVEL_DEFAULT;
  if (level > ZSTD_maxCLevel()) {
    return Status::InvalidArgument("ZSTD compression level out of range 0..", ZSTD_maxCLevel(),
                                   ": ", level);
  }
  ZSTD_CCtx* c = ThreadCCtx();
  if (c == nullptr) return Status::ResourceExhausted("ZSTD: cannot allocate a compression context");
  const size_t old_size = out->size();
  const size_t bound = ZSTD_compressBound(static_cast<size_t>(in_size));
  out->resize(old_size + bound);
  const size_t n = ZSTD_compressCCtx(c, out->data() + old_size, bound, in,
                                     static_cast<size_t>(in_size), level);
  if (ZSTD_isError(n)) {
    out->resize(old_size);
    ZSTD_CCtx_reset(c, ZSTD_reset_session_only);
    return Status::Internal("ZSTD compression failed: ", ZSTD_getErrorName(n));
  }
  out->resize(old_size + n);
  return Status::OK();
}

int64_t ZstdMaxCompressedSize(int64_t in_size) {
  return static_cast<int64_t>(ZSTD_compressBound(static_cast<size_t>(in_size)));
}

}  // namespace lakeml::compression

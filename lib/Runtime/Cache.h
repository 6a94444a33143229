//===- Cache.h - The on-disk cubin cache ------------------------*- C++ -*-===//
//
// Cubins JIT-compiled from a bundle's PTX, kept at
// <dir>/<key>.cubin, key = SHA-256 of the PTX, the bundle's target, the
// device's compute capability and the driver version. A file is written to a
// temporary in the same directory and renamed into place, so readers see
// either no file or a whole one. Each file carries its key, its payload size
// and the payload's SHA-256, so a truncated or otherwise corrupt file is
// recognised (and then replaced) rather than handed to the driver.
// docs/runtime.md describes the layout.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_RUNTIME_CACHE_H
#define MOLTEN_LIB_RUNTIME_CACHE_H

#include <cstddef>
#include <string>

namespace molten {
namespace runtime {

/// The lower-case hex SHA-256 of `size` bytes.
std::string sha256Hex(const void *data, size_t size);

/// The cache directory: $MOLTEN_CACHE_DIR, else $XDG_CACHE_HOME/molten, else
/// $HOME/.cache/molten. Empty when the cache is off (MOLTEN_CACHE_DIR=off,
/// or no directory can be named).
std::string cacheDirectory();

/// The file of a key in a directory.
std::string cachePath(const std::string &dir, const std::string &key);

/// Reads the file at `path` into `contents`, giving up past `limit` bytes.
/// Returns 0, or the errno of the failure (EFBIG when over the limit);
/// `opened` says whether the file could be opened at all.
int readFileContents(const std::string &path, std::string &contents,
                     size_t limit, bool *opened = nullptr);

/// Reads the cubin of `key`. Returns false when there is no file; sets
/// `corrupt` (and returns false) when there is one that does not check out.
bool cacheRead(const std::string &dir, const std::string &key,
               std::string &cubin, bool &corrupt);

/// Writes the cubin of `key` atomically (temporary file in `dir`, then
/// rename). Creates `dir` if needed. Returns false, with a reason in `why`,
/// when it could not; a failure leaves no temporary behind.
bool cacheWrite(const std::string &dir, const std::string &key,
                const void *cubin, size_t size, std::string &why);

} // namespace runtime
} // namespace molten

#endif // MOLTEN_LIB_RUNTIME_CACHE_H

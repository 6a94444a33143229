//===- Cache.cpp - The on-disk cubin cache --------------------------------===//
//
// File layout (text header, then the cubin bytes):
//
//   molten-cubin 1\n
//   key <64 hex digits>\n
//   size <payload bytes>\n
//   sha256 <64 hex digits of the payload>\n
//   <payload>
//
//===----------------------------------------------------------------------===//

#include "Cache.h"

#include "Bundle.h" // format

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <atomic>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace molten {
namespace runtime {

//===----------------------------------------------------------------------===//
// SHA-256 (FIPS 180-4)
//===----------------------------------------------------------------------===//

namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compress(uint32_t state[8], const unsigned char block[64]) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = static_cast<uint32_t>(block[4 * i]) << 24 |
           static_cast<uint32_t>(block[4 * i + 1]) << 16 |
           static_cast<uint32_t>(block[4 * i + 2]) << 8 |
           static_cast<uint32_t>(block[4 * i + 3]);
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + S1 + ch + kRound[i] + w[i];
    uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

} // namespace

std::string sha256Hex(const void *data, size_t size) {
  uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const unsigned char *p = static_cast<const unsigned char *>(data);
  size_t full = size / 64;
  for (size_t i = 0; i < full; ++i)
    compress(state, p + 64 * i);
  unsigned char tail[128] = {0};
  size_t rest = size - 64 * full;
  if (rest)
    memcpy(tail, p + 64 * full, rest);
  tail[rest] = 0x80;
  size_t tailSize = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(size) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tailSize - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  compress(state, tail);
  if (tailSize == 128)
    compress(state, tail + 64);
  static const char digits[] = "0123456789abcdef";
  std::string hex(64, '0');
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j)
      hex[8 * i + j] = digits[(state[i] >> (28 - 4 * j)) & 0xf];
  return hex;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

std::string cacheDirectory() {
  const char *env = getenv("MOLTEN_CACHE_DIR");
  if (env && *env)
    return strcmp(env, "off") == 0 ? std::string() : std::string(env);
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return std::string(xdg) + "/molten";
  const char *home = getenv("HOME");
  if (home && *home)
    return std::string(home) + "/.cache/molten";
  return std::string();
}

std::string cachePath(const std::string &dir, const std::string &key) {
  return dir + "/" + key + ".cubin";
}

int readFileContents(const std::string &path, std::string &contents,
                     size_t limit, bool *opened) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (opened)
    *opened = fd >= 0;
  if (fd < 0)
    return errno;
  contents.clear();
  char buf[1 << 16];
  int error = 0;
  while (true) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = errno;
      break;
    }
    if (n == 0)
      break;
    contents.append(buf, static_cast<size_t>(n));
    if (contents.size() > limit) {
      error = EFBIG;
      break;
    }
  }
  close(fd);
  return error;
}

namespace {

constexpr size_t kMaxCacheFile = size_t(1) << 30;

std::string header(const std::string &key, size_t size,
                   const std::string &payloadHash) {
  return format("molten-cubin 1\nkey %s\nsize %zu\nsha256 %s\n", key.c_str(),
                size, payloadHash.c_str());
}

bool readFile(const std::string &path, std::string &contents, bool &exists) {
  int error = readFileContents(path, contents, kMaxCacheFile);
  exists = error != ENOENT;
  return error == 0;
}

bool writeAll(int fd, const char *data, size_t size) {
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// mkdir -p.
bool makeDirectories(const std::string &dir) {
  std::string prefix;
  size_t pos = 0;
  while (pos != std::string::npos) {
    size_t next = dir.find('/', pos + 1);
    prefix = dir.substr(0, next);
    pos = next;
    if (prefix.empty())
      continue;
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
      return false;
  }
  struct stat st;
  return stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

bool cacheRead(const std::string &dir, const std::string &key,
               std::string &cubin, bool &corrupt) {
  corrupt = false;
  std::string contents;
  bool exists = false;
  if (!readFile(cachePath(dir, key), contents, exists)) {
    corrupt = exists;
    return false;
  }
  // Parse the four header lines.
  size_t pos = 0;
  std::string lines[4];
  for (std::string &line : lines) {
    size_t nl = contents.find('\n', pos);
    if (nl == std::string::npos || nl - pos > 200) {
      corrupt = true;
      return false;
    }
    line = contents.substr(pos, nl - pos);
    pos = nl + 1;
  }
  size_t size = 0;
  bool ok = lines[0] == "molten-cubin 1" && lines[1] == "key " + key &&
            lines[2].compare(0, 5, "size ") == 0 &&
            lines[3].compare(0, 7, "sha256 ") == 0;
  if (ok) {
    const std::string digits = lines[2].substr(5);
    ok = !digits.empty() && digits.size() < 12 &&
         digits.find_first_not_of("0123456789") == std::string::npos;
    if (ok)
      size = static_cast<size_t>(strtoull(digits.c_str(), nullptr, 10));
  }
  ok = ok && contents.size() - pos == size && size > 0 &&
       lines[3].substr(7) == sha256Hex(contents.data() + pos, size);
  if (!ok) {
    corrupt = true;
    return false;
  }
  cubin.assign(contents, pos, size);
  return true;
}

bool cacheWrite(const std::string &dir, const std::string &key,
                const void *cubin, size_t size, std::string &why) {
  if (!makeDirectories(dir)) {
    why = format("cannot create the cache directory '%s': %s", dir.c_str(),
                 strerror(errno));
    return false;
  }
  // A name no other writer (thread or process) uses.
  static std::atomic<unsigned> counter{0};
  std::string final = cachePath(dir, key);
  std::string temp = format("%s.tmp.%ld.%u", final.c_str(),
                            static_cast<long>(getpid()), counter.fetch_add(1));
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    why = format("cannot create '%s': %s", temp.c_str(), strerror(errno));
    return false;
  }
  std::string head = header(key, size, sha256Hex(cubin, size));
  bool ok = writeAll(fd, head.data(), head.size()) &&
            writeAll(fd, static_cast<const char *>(cubin), size) &&
            fsync(fd) == 0;
  int savedErrno = errno;
  ok = close(fd) == 0 && ok;
  if (!ok) {
    why = format("cannot write '%s': %s", temp.c_str(), strerror(savedErrno));
    unlink(temp.c_str());
    return false;
  }
  if (rename(temp.c_str(), final.c_str()) != 0) {
    why = format("cannot rename '%s' to '%s': %s", temp.c_str(), final.c_str(),
                 strerror(errno));
    unlink(temp.c_str());
    return false;
  }
  return true;
}

} // namespace runtime
} // namespace molten

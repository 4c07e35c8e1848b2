#include "io/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/shared_library.h"
#include "io/zlib_functions.h"

#if !defined(INNOCLUSTER_ZLIB_PATH)
#error "INNOCLUSTER_ZLIB_PATH (zlib's library) is set by CMakeLists.txt"
#endif

namespace innocluster {
namespace {

// zlib, loaded the first time a gzip file is read (core/shared_library.h):
// the only use of it, so other runs do not load it at start; or linked into
// the executable (io/zlib_functions.h).
std::atomic<const ZlibFunctions*> linked_zlib{nullptr};

const ZlibFunctions& zlib() {
  if (const ZlibFunctions* linked = linked_zlib.load()) return *linked;
  static const ZlibFunctions functions = [] {
    ZlibFunctions z;
    load_function_table(
        library_candidates("INNOCLUSTER_ZLIB_LIBRARY", {"libz.so.1", INNOCLUSTER_ZLIB_PATH}),
        [&](void* handle, std::string& missing) {
          z.inflateInit2_ = reinterpret_cast<decltype(z.inflateInit2_)>(find_symbol(handle, "inflateInit2_", missing));
          z.inflate = reinterpret_cast<decltype(z.inflate)>(find_symbol(handle, "inflate", missing));
          z.inflateReset = reinterpret_cast<decltype(z.inflateReset)>(find_symbol(handle, "inflateReset", missing));
          z.inflateEnd = reinterpret_cast<decltype(z.inflateEnd)>(find_symbol(handle, "inflateEnd", missing));
        },
        "zlib " ZLIB_VERSION,
        "cannot load zlib, which reads gzip files; install zlib1g (scripts/setup.sh does), or set "
        "INNOCLUSTER_ZLIB_LIBRARY to its path.");
    return z;
  }();
  return functions;
}

class FileStream final : public ByteStream {
 public:
  FileStream(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~FileStream() override { ::close(fd_); }
  FileStream(const FileStream&) = delete;
  FileStream& operator=(const FileStream&) = delete;

  /// Reads up to two bytes ahead and keeps them for the next read()s, so that
  /// gzip is recognised without seeking (pipes and FIFOs work too).
  std::string_view peek_magic() {
    while (peeked_ < sizeof(magic_)) {
      const std::size_t n = read_fd(magic_ + peeked_, sizeof(magic_) - peeked_);
      if (n == 0) break;
      peeked_ += n;
    }
    return {magic_, peeked_};
  }

  std::size_t read(char* dst, std::size_t n) override {
    std::size_t got;
    if (served_ < peeked_) {
      got = std::min(n, peeked_ - served_);
      std::memcpy(dst, magic_ + served_, got);
      served_ += got;
    } else {
      got = read_fd(dst, n);
    }
    consumed_ += got;
    return got;
  }

  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::size_t capacity_bytes() const override { return 0; }

 private:
  std::size_t read_fd(char* dst, std::size_t n) {
    for (;;) {
      const ssize_t got = ::read(fd_, dst, std::min<std::size_t>(n, SSIZE_MAX));
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR)
        throw Error(ExitCode::kDataError,
                    located(path_, 0, std::string("read error: ") + std::strerror(errno)));
    }
  }

  std::string path_;
  int fd_;
  char magic_[2] = {};
  std::size_t peeked_ = 0;
  std::size_t served_ = 0;
  std::uint64_t consumed_ = 0;
};

/// Inflates gzip members one after another, as gzip(1) does for concatenated
/// files; anything after a member that is not another member is corrupt data
/// (trailing garbage is reported, not ignored: nothing is lost silently).
class GzipStream final : public ByteStream {
 public:
  GzipStream(std::string path, std::unique_ptr<FileStream> file, std::size_t chunk_bytes)
      : path_(std::move(path)),
        file_(std::move(file)),
        chunk_(chunk_bytes),
        input_(new char[chunk_bytes]) {
    // 16 + MAX_WBITS: gzip wrapper only, largest window (inflateInit2()).
    if (zlib().inflateInit2_(&z_, 16 + MAX_WBITS, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) != Z_OK)
      throw Error(ExitCode::kFailure, located(path_, 0, "cannot initialise zlib"));
  }
  ~GzipStream() override { zlib().inflateEnd(&z_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    const auto want = static_cast<uInt>(std::min<std::size_t>(n, UINT_MAX));
    z_.next_out = reinterpret_cast<Bytef*>(dst);
    z_.avail_out = want;
    while (z_.avail_out == want) {
      if (z_.avail_in == 0) {
        const std::size_t got = file_->read(input_.get(), chunk_);
        if (got == 0) {
          if (in_member_) corrupt("file ends inside a compressed member (truncated download?)");
          return 0;
        }
        z_.next_in = reinterpret_cast<Bytef*>(input_.get());
        z_.avail_in = static_cast<uInt>(got);
      }
      if (!in_member_) {
        zlib().inflateReset(&z_);
        in_member_ = true;
      }
      const int rc = zlib().inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        corrupt(z_.msg != nullptr ? z_.msg : "inflate failed");
      }
    }
    return want - z_.avail_out;
  }

  std::uint64_t bytes_consumed() const override { return file_->bytes_consumed() - z_.avail_in; }

  // zlib's inflate state is about 7 KiB plus its 32 KiB window.
  std::size_t capacity_bytes() const override { return chunk_ + 40 * 1024; }

 private:
  [[noreturn]] void corrupt(const std::string& why) const {
    throw Error(
        ExitCode::kDataError,
        located(path_, 0,
                "corrupt gzip data (" + why + "); check the file with `gzip -t` and re-create it"));
  }

  std::string path_;
  std::unique_ptr<FileStream> file_;
  std::size_t chunk_;
  std::unique_ptr<char[]> input_;
  z_stream z_{};
  bool in_member_ = false;
};

}  // namespace

void use_linked_zlib(const ZlibFunctions& functions) { linked_zlib.store(&functions); }

std::unique_ptr<ByteStream> open_byte_stream(const std::string& path, std::size_t chunk_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(ExitCode::kNoInput, located(path, 0,
                                            std::string("cannot open: ") + std::strerror(errno) +
                                                "; check the path and its permissions"));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(ExitCode::kNoInput, located(path, 0, "is a directory; give the path of a file"));
  }
  auto file = std::make_unique<FileStream>(path, fd);
  if (file->peek_magic() == std::string_view("\x1f\x8b", 2))
    return std::make_unique<GzipStream>(path, std::move(file), chunk_bytes);
  return file;
}

ByteWindow::ByteWindow(std::unique_ptr<ByteStream> stream, std::size_t chunk_bytes)
    : stream_(std::move(stream)),
      chunk_(std::max<std::size_t>(chunk_bytes, 1)),
      buffer_(new char[chunk_]),
      capacity_(chunk_) {}

bool ByteWindow::refill() {
  if (eof_) return false;
  // Keep the incomplete record, at the front so the free space is contiguous.
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_) {  // one record fills the buffer: grow geometrically
    const std::size_t grown = capacity_ * 2;
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  const std::size_t got = stream_->read(buffer_.get() + end_, std::min(chunk_, capacity_ - end_));
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

}  // namespace innocluster

#pragma once
// Files written whole or not at all.
//
//   heatmap::write_file("out.png", bytes);   // one file
//
//   heatmap::OutputFiles files;              // several: every one, or none
//   files.add("out.png", png);               // staged: on disk under a temporary name
//   files.add("out.json", json);
//   files.commit();                          // only now is anything replaced
//
// Each output goes to a temporary file in its target's folder, under a short hidden name of ours
// (".heatmap-PID-RANDOM.tmp", so a target name of any length the file system allows still works),
// is flushed to the disk (fsync), and is renamed over its target only once every output of the
// group is on disk; then the folder is flushed too, so that the replacement survives a power cut
// (as SQLite and git do). A failure before commit() returns leaves every existing file as it was
// and no temporary file behind.
//
// The flushing is the one slow part: each flush waits for the disk to commit its journal, 3-4 ms
// apiece on this project's VMs, two per output (file, then folder), where the rest of the
// tutorial's whole run takes 4 ms. Flush::none (the command's --no-fsync) leaves them out for
// batches that would rather not wait: the rename still replaces the target whole, so a run that
// fails or is killed never leaves a half-written file, but a power cut within the next seconds (the
// system's writeback delay) can leave the target as it was before, or empty.
//
// What sits at a path decides how it is written:
//   - nothing, or a regular file: replaced as above. The new file keeps the old one's permission
//     bits, and its owner and group where the writer may set them. A file the writer may not write
//     is refused, as open() would refuse it. Hard links are split: the path now names the new file
//     and other names of the old file keep the old bytes, as with mv, rsync or sed -i; writing
//     through them cannot be atomic.
//   - a symbolic link: followed; the file it leads to is written as above, and the link stays.
//   - a device, a pipe (FIFO) or a socket: written in place, as the shell's `>` writes it, at
//     commit() after every temporary file is on disk and before any rename. /dev/stdout,
//     /dev/stderr, /dev/fd/N and /proc/self/fd/N write to that descriptor of this process.
//
// kill -9 cannot be caught, so a process killed while it writes leaves its temporary file behind.
// remove_temporaries_on_signals() makes SIGINT, SIGTERM, SIGHUP and SIGPIPE remove this process's
// temporaries before it dies (the heatmap command calls it; a library must not take a program's
// signals unasked), and remove_stale_temporaries(folder) removes those that dead runs left.
//
// Errors: std::invalid_argument for a path that cannot name a file (empty, a folder); io_error,
// naming the path, what the system said and the usual fix, for everything else.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(_WIN32)
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#define HEATMAP_POSIX_IO 1
#else
#define HEATMAP_POSIX_IO 0
#endif

#include "config.hpp"
#include "error.hpp"

namespace heatmap {

// Refuses a path that write_file could not complete, before anything is written: an empty path, a
// missing folder, a folder where the file should be, a file or folder the writer may not write, a
// name longer than the file system allows. Callers writing several files check them all first.
HEATMAP_FUNC void check_writable(const std::string& path);

// Whether outputs are flushed to the disk before they replace their targets (see the top of this
// file): disk, the default, survives a power cut; none does not wait for the disk.
enum class Flush { disk, none };

// Outputs replaced together (see the top of this file). Not copyable; the destructor removes every
// temporary file of a group that was not committed.
class OutputFiles {
  public:
    HEATMAP_FUNC explicit OutputFiles(Flush flush = Flush::disk);
    OutputFiles(const OutputFiles&) = delete;
    OutputFiles& operator=(const OutputFiles&) = delete;
    HEATMAP_FUNC ~OutputFiles();

    // Stages `bytes` for `path`: a file is written to its temporary now; a device, pipe or
    // descriptor keeps a copy of the bytes for commit(). The same file twice throws
    // std::invalid_argument.
    HEATMAP_FUNC void add(const std::string& path, std::string_view bytes);
    // Stages `bytes` for a stream (a command's standard output), written at commit() as a device
    // is; the stream must outlive commit(). `name` is what messages call it.
    HEATMAP_FUNC void add(std::ostream& stream, std::string_view bytes,
                          std::string name = "standard output");
    // Writes the devices, pipes and streams, then renames every temporary over its target, then
    // flushes the folders (Flush::disk). Throws io_error, before any rename, when a device or
    // stream fails.
    HEATMAP_FUNC void commit();

  private:
    struct Staged;  // a temporary file waiting for its rename
    struct Direct;  // bytes for a device, pipe, descriptor or stream
    std::vector<std::unique_ptr<Staged>> staged_;
    std::vector<std::unique_ptr<Direct>> direct_;
    Flush flush_;
};

// Writes one file whole or not at all (OutputFiles with one output).
HEATMAP_FUNC void write_file(const std::string& path, std::string_view bytes,
                             Flush flush = Flush::disk);

// Makes SIGINT, SIGTERM, SIGHUP and SIGPIPE remove this process's temporary files before the
// process dies of them. Signals the program ignores or handles itself are left alone. For programs
// (the heatmap command calls it first thing), not for libraries.
HEATMAP_FUNC void remove_temporaries_on_signals();

// Removes temporary files of ours in `folder` that dead runs left: names ".heatmap-PID-RANDOM.tmp"
// exactly, regular files owned by this user, untouched for 10 minutes and whose process PID is no
// longer running here, or untouched for a day whatever the PID (a PID is reused, and a folder may be
// shared with other machines). Best effort: errors are ignored. Returns how many it removed.
HEATMAP_FUNC int remove_stale_temporaries(const std::string& folder);

namespace detail {

// Where a write to a path lands, once symbolic links are followed.
struct Destination {
    enum class Kind { file, device, descriptor };
    Kind kind = Kind::file;
    std::string target;  // the path written (file, device): links followed
    std::string folder;  // the target's folder (file)
    std::string name;    // the target's name in that folder (file)
    int descriptor = -1;
    bool exists = false;
    unsigned long long device = 0, inode = 0;  // of an existing target
};

// Our temporary names: ".heatmap-" PID "-" 8 hex digits ".tmp". Returns the PID, or 0 when `name`
// is not one of ours.
inline long long temporary_pid(std::string_view name) {
    constexpr std::string_view prefix = ".heatmap-", suffix = ".tmp";
    if (name.size() < prefix.size() + 1 + 1 + 8 + suffix.size() ||
        name.substr(0, prefix.size()) != prefix ||
        name.substr(name.size() - suffix.size()) != suffix)
        return 0;
    name = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    const std::size_t dash = name.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 10 || name.size() - dash - 1 != 8)
        return 0;
    long long pid = 0;
    for (char c : name.substr(0, dash)) {
        if (c < '0' || c > '9') return 0;
        pid = pid * 10 + (c - '0');
    }
    for (char c : name.substr(dash + 1))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
    return pid;
}

// The descriptor a path names by number (1 for /dev/stdout, N for /dev/fd/N or /proc/self/fd/N),
// or -1. Following /dev/stdout as a link would reach /proc/self/fd/1 and then the file or pipe
// behind it, which must be written through the descriptor (its offset, its append mode), not
// replaced.
inline int named_descriptor(std::string_view path) {
    if (path == "/dev/stdin") return 0;
    if (path == "/dev/stdout") return 1;
    if (path == "/dev/stderr") return 2;
    for (std::string_view prefix :
         {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
        if (path.substr(0, prefix.size()) != prefix) continue;
        const std::string_view digits = path.substr(prefix.size());
        if (digits.empty() || digits.size() > 9) return -1;
        int fd = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return -1;
            fd = fd * 10 + (c - '0');
        }
        return fd;
    }
    return -1;
}

HEATMAP_FUNC Destination destination(const std::string& path);

// Whether two paths lead to the same file: the same device and inode when both exist, else the
// same resolved path.
HEATMAP_FUNC bool same_destination(const std::string& a, const std::string& b);

}  // namespace detail

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

namespace heatmap {

namespace detail {

// The system's reason and the fix that usually goes with it.
inline std::string io_reason(int err) {
    std::string why = std::strerror(err);
    switch (err) {
        case EACCES:
        case EPERM:
            return why + " (check that the folder is writable)";
#if HEATMAP_POSIX_IO
        case EROFS:
            return why + " (the file system is mounted read-only; write elsewhere)";
        case EDQUOT:
#endif
        case ENOSPC:
            return why + " (the disk is full; free some space or write elsewhere)";
        case ENAMETOOLONG:
            return why + " (choose a shorter name)";
        default:
            return why;
    }
}

[[noreturn]] inline void throw_io(const std::string& path, int err) {
    throw io_error("cannot write " + path + ": " + io_reason(err));
}

[[noreturn]] inline void throw_io(const std::string& path, const std::string& why) {
    throw io_error("cannot write " + path + ": " + why);
}

}  // namespace detail

#if HEATMAP_POSIX_IO

namespace detail {

// A file descriptor, closed when dropped.
class Fd {
  public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    void reset(int fd) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }
    // Closes now, returning close()'s errno (0 when it succeeded).
    int close() {
        const int fd = fd_;
        fd_ = -1;
        return fd >= 0 && ::close(fd) != 0 ? errno : 0;
    }

  private:
    int fd_;
};

// Writes every byte, through partial writes and interrupted calls; 0 or the errno that stopped it.
inline int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ::ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

// The temporary files this process has on disk right now, for a signal handler, which can reach
// nothing but globals and may only call async-signal-safe functions: each slot holds a folder's
// descriptor and a name in it. A mutable global, because a signal handler leaves no other way. A write that finds every slot taken (16 at once) goes unregistered, and a
// signal then leaves its temporary to remove_stale_temporaries.
struct TemporarySlot {
    std::atomic<int> state{0};  // 0 free, 1 being filled or emptied, 2 registered
    int folder = -1;
    char name[48] = {};
};
inline TemporarySlot temporary_slots[16];

inline int register_temporary(int folder, const std::string& name) {
    if (name.size() >= sizeof temporary_slots[0].name) return -1;
    for (int i = 0; i < 16; ++i) {
        int expected = 0;
        TemporarySlot& slot = temporary_slots[i];
        if (!slot.state.compare_exchange_strong(expected, 1)) continue;
        slot.folder = folder;
        std::memcpy(slot.name, name.c_str(), name.size() + 1);
        slot.state.store(2, std::memory_order_release);
        return i;
    }
    return -1;
}

inline void unregister_temporary(int slot) {
    if (slot < 0) return;
    temporary_slots[slot].state.store(1);
    temporary_slots[slot].state.store(0, std::memory_order_release);
}

inline void remove_temporaries_and_die(int signal_number) {
    for (TemporarySlot& slot : temporary_slots)
        if (slot.state.load(std::memory_order_acquire) == 2) ::unlinkat(slot.folder, slot.name, 0);
    // SA_RESETHAND put the default action back: raised again, the signal ends the process as it
    // would have without us.
    ::raise(signal_number);
}

inline std::string parent_folder(const std::string& path) {
    const std::filesystem::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

// Temporary names: the process's PID (so that remove_stale_temporaries can tell a live run's file
// from a dead one's) and 32 random bits.
inline std::string temporary_name() {
    thread_local std::mt19937 bits{std::random_device{}() ^ static_cast<unsigned>(::getpid())};
    char name[48];
    std::snprintf(name, sizeof name, ".heatmap-%ld-%08x.tmp", static_cast<long>(::getpid()),
                  static_cast<unsigned>(bits()));
    return name;
}

}  // namespace detail

HEATMAP_FUNC detail::Destination detail::destination(const std::string& path) {
    if (path.empty()) throw std::invalid_argument("output path is empty: name the file to write");
    Destination d;
    d.descriptor = named_descriptor(path);
    if (d.descriptor >= 0) {
        d.kind = Destination::Kind::descriptor;
        d.target = path;
        return d;
    }
    std::string p = path;
    struct ::stat st {};
    for (int links = 0;; ++links) {
        if (::lstat(p.c_str(), &st) != 0) {
            const int err = errno;
            if (err != ENOENT) throw_io(path, err);
            break;
        }
        if (!S_ISLNK(st.st_mode)) {
            d.exists = true;
            break;
        }
        if (links == 40) throw_io(path, "too many symbolic links (a loop?); give the file itself");
        std::error_code ec;
        const std::filesystem::path link = std::filesystem::read_symlink(p, ec);
        if (ec) throw_io(path, ec.value());
        p = link.is_absolute() ? link.string()
                               : (std::filesystem::path(parent_folder(p)) / link).string();
    }
    d.target = p;
    if (d.exists) {
        d.device = static_cast<unsigned long long>(st.st_dev);
        d.inode = static_cast<unsigned long long>(st.st_ino);
        if (S_ISDIR(st.st_mode)) throw_io(path, "it is a folder; give a file name");
        if (!S_ISREG(st.st_mode)) {
            d.kind = Destination::Kind::device;
            return d;
        }
    }
    const std::filesystem::path target(p);
    d.name = target.filename().string();
    if (d.name.empty() || d.name == "." || d.name == "..")
        throw_io(path, "it names a folder; give a file name");
    d.folder = parent_folder(p);
    return d;
}

HEATMAP_FUNC bool detail::same_destination(const std::string& a, const std::string& b) {
    if (a == b) return true;
    Destination x, y;
    try {
        x = destination(a);
        y = destination(b);
    } catch (const std::exception&) {
        return false;  // a path that cannot be written is refused on its own
    }
    if (x.kind == Destination::Kind::descriptor || y.kind == Destination::Kind::descriptor)
        return x.kind == y.kind && x.descriptor == y.descriptor;
    if (x.exists && y.exists) return x.device == y.device && x.inode == y.inode;
    std::error_code ec;
    const auto full = [&ec](const std::string& p) {
        return std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec)
            .lexically_normal();
    };
    return full(x.target) == full(y.target);
}

HEATMAP_FUNC void check_writable(const std::string& path) {
    const detail::Destination d = detail::destination(path);
    if (d.kind != detail::Destination::Kind::file) return;
    struct ::stat folder {};
    if (::stat(d.folder.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode))
        throw io_error("cannot write " + path + ": the folder " + d.folder +
                       " does not exist; create it first or choose another path");
    if (::faccessat(AT_FDCWD, d.folder.c_str(), W_OK | X_OK, AT_EACCESS) != 0)
        detail::throw_io(path, errno == EROFS ? detail::io_reason(EROFS)
                                              : "the folder " + d.folder +
                                                    " is not writable; choose another path or "
                                                    "make the folder writable");
    const long name_max = ::pathconf(d.folder.c_str(), _PC_NAME_MAX);
    if (name_max > 0 && d.name.size() > static_cast<std::size_t>(name_max))
        detail::throw_io(path, "its name is " + std::to_string(d.name.size()) +
                                   " bytes, over the file system's limit of " +
                                   std::to_string(name_max) + "; choose a shorter name");
    if (!d.exists) return;
    if (::faccessat(AT_FDCWD, d.target.c_str(), W_OK, AT_EACCESS) != 0)
        detail::throw_io(path,
                         "the file is read-only; make it writable (chmod u+w) or choose "
                         "another path");
    struct ::stat file {};
    const ::uid_t me = ::geteuid();
    if ((folder.st_mode & S_ISVTX) && me != 0 && folder.st_uid != me &&
        ::stat(d.target.c_str(), &file) == 0 && file.st_uid != me)
        detail::throw_io(path,
                         "it belongs to another user in a folder such as /tmp, where only "
                         "its owner may replace it; choose another path");
}

struct OutputFiles::Staged {
    std::string path;  // as the caller named it, for messages
    detail::Destination where;
    detail::Fd folder;
    std::string temporary;
    int slot = -1;
    bool renamed = false;
};

struct OutputFiles::Direct {
    std::string path;
    detail::Destination where;
    std::ostream* stream = nullptr;
    std::string bytes;
};

HEATMAP_FUNC OutputFiles::OutputFiles(Flush flush) : flush_(flush) {}

HEATMAP_FUNC OutputFiles::~OutputFiles() {
    for (const auto& s : staged_) {
        if (!s->renamed) ::unlinkat(s->folder.get(), s->temporary.c_str(), 0);
        detail::unregister_temporary(s->slot);
    }
}

HEATMAP_FUNC void OutputFiles::add(const std::string& path, std::string_view bytes) {
    check_writable(path);
    detail::Destination where = detail::destination(path);
    for (const auto& s : staged_)
        if (detail::same_destination(path, s->path))
            throw std::invalid_argument("cannot write " + path + " twice in one group (as " +
                                        s->path + " too); give each output its own file");
    for (const auto& d : direct_)
        if (!d->stream && detail::same_destination(path, d->path))
            throw std::invalid_argument("cannot write " + path + " twice in one group (as " +
                                        d->path + " too); give each output its own file");
    if (where.kind != detail::Destination::Kind::file) {
        auto d = std::make_unique<Direct>();
        d->path = path, d->where = std::move(where), d->bytes = std::string(bytes);
        direct_.push_back(std::move(d));
        return;
    }

    auto s = std::make_unique<Staged>();
    s->path = path;
    s->where = std::move(where);
    const detail::Destination& w = s->where;
    s->folder.reset(::open(w.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (s->folder.get() < 0) detail::throw_io(path, errno);
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        s->temporary = detail::temporary_name();
        fd = ::openat(s->folder.get(), s->temporary.c_str(),
                      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) detail::throw_io(path, errno);
    detail::Fd file(fd);
    s->slot = detail::register_temporary(s->folder.get(), s->temporary);
    Staged& staged = *s;
    staged_.push_back(std::move(s));  // from here the destructor removes the temporary

    int err = detail::write_all(file.get(), bytes);
    struct ::stat old {};
    if (err == 0 && w.exists && ::stat(w.target.c_str(), &old) == 0) {
        // The old file's owner and group where we may set them (root may; others may set a group
        // they belong to), then its permission bits (chown may clear some).
        if ((old.st_uid != ::geteuid() || old.st_gid != ::getegid()) &&
            ::fchown(file.get(), old.st_uid, old.st_gid) != 0)
            (void)::fchown(file.get(), static_cast<::uid_t>(-1), old.st_gid);
        if (::fchmod(file.get(), old.st_mode & 0777) != 0) err = errno;
    }
    if (err == 0 && flush_ == Flush::disk && ::fsync(file.get()) != 0) err = errno;
    if (err == 0) err = file.close();
    if (err != 0) detail::throw_io(staged.path, err);
}

HEATMAP_FUNC void OutputFiles::add(std::ostream& stream, std::string_view bytes, std::string name) {
    auto d = std::make_unique<Direct>();
    d->path = std::move(name), d->stream = &stream, d->bytes = std::string(bytes);
    direct_.push_back(std::move(d));
}

HEATMAP_FUNC void OutputFiles::commit() {
    for (const auto& d : direct_) {
        if (d->stream) {
            d->stream->write(d->bytes.data(), static_cast<std::streamsize>(d->bytes.size()));
            d->stream->flush();
            if (!*d->stream)
                throw io_error("cannot write to " + d->path + "; check where it leads");
            continue;
        }
        if (d->where.kind == detail::Destination::Kind::descriptor) {
            if (const int err = detail::write_all(d->where.descriptor, d->bytes))
                detail::throw_io(d->path, err);
            continue;
        }
        // A device or a pipe: opened as the shell opens it for `>` (a pipe without a reader
        // waits for one).
        detail::Fd fd(::open(d->where.target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
        if (fd.get() < 0) detail::throw_io(d->path, errno);
        int err = detail::write_all(fd.get(), d->bytes);
        if (err == 0) err = fd.close();
        if (err != 0) detail::throw_io(d->path, err);
    }
    for (const auto& s : staged_) {
        if (::renameat(s->folder.get(), s->temporary.c_str(), s->folder.get(),
                       s->where.name.c_str()) != 0)
            detail::throw_io(s->path, errno);
        s->renamed = true;
        detail::unregister_temporary(s->slot);
        s->slot = -1;
    }
    // The renames are in the folders' entries: flushed, they hold across a power cut. Some file
    // systems cannot flush a folder (EINVAL); the file itself is on disk already.
    if (flush_ == Flush::none) return;
    std::vector<std::pair<::dev_t, ::ino_t>> flushed;
    for (const auto& s : staged_) {
        struct ::stat st {};
        if (::fstat(s->folder.get(), &st) != 0) continue;
        const std::pair<::dev_t, ::ino_t> id{st.st_dev, st.st_ino};
        if (std::find(flushed.begin(), flushed.end(), id) != flushed.end()) continue;
        flushed.push_back(id);
        (void)::fsync(s->folder.get());
    }
}

HEATMAP_FUNC void remove_temporaries_on_signals() {
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        struct ::sigaction old {};
        if (::sigaction(signal_number, nullptr, &old) != 0) continue;
        if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
        struct ::sigaction action {};
        action.sa_handler = &detail::remove_temporaries_and_die;
        sigemptyset(&action.sa_mask);
        action.sa_flags = static_cast<int>(SA_RESETHAND);
        ::sigaction(signal_number, &action, nullptr);
    }
}

HEATMAP_FUNC int remove_stale_temporaries(const std::string& folder) {
    DIR* dir = ::opendir(folder.empty() ? "." : folder.c_str());
    if (!dir) return 0;
    const std::time_t now = std::time(nullptr);
    const ::uid_t me = ::geteuid();
    int removed = 0;
    while (const ::dirent* entry = ::readdir(dir)) {
        const long long pid = detail::temporary_pid(entry->d_name);
        if (pid <= 0) continue;
        struct ::stat st {};
        if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || st.st_uid != me)
            continue;
        const double age = std::difftime(now, st.st_mtime);
        const bool running =
            pid <= 0x7fffffff && (::kill(static_cast<::pid_t>(pid), 0) == 0 || errno == EPERM);
        if ((age > 600 && !running) || age > 86400)
            removed += ::unlinkat(::dirfd(dir), entry->d_name, 0) == 0;
    }
    ::closedir(dir);
    return removed;
}

#else  // not POSIX: std::filesystem only, no flushing, modes or signals

HEATMAP_FUNC detail::Destination detail::destination(const std::string& path) {
    if (path.empty()) throw std::invalid_argument("output path is empty: name the file to write");
    Destination d;
    d.target = path;
    const std::filesystem::path p(path);
    d.folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    d.name = p.filename().string();
    std::error_code ec;
    d.exists = std::filesystem::exists(p, ec);
    if (std::filesystem::is_directory(p, ec)) throw_io(path, "it is a folder; give a file name");
    return d;
}

HEATMAP_FUNC bool detail::same_destination(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (std::filesystem::equivalent(a, b, ec)) return true;
    return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

HEATMAP_FUNC void check_writable(const std::string& path) {
    const detail::Destination d = detail::destination(path);
    std::error_code ec;
    if (!std::filesystem::is_directory(d.folder, ec))
        throw io_error("cannot write " + path + ": the folder " + d.folder +
                       " does not exist; create it first or choose another path");
}

struct OutputFiles::Staged {
    std::string path, temporary;
    bool renamed = false;
};
struct OutputFiles::Direct {
    std::string path;
    std::ostream* stream = nullptr;
    std::string bytes;
};

HEATMAP_FUNC OutputFiles::OutputFiles(Flush flush) : flush_(flush) {}

HEATMAP_FUNC OutputFiles::~OutputFiles() {
    std::error_code ec;
    for (const auto& s : staged_)
        if (!s->renamed) std::filesystem::remove(s->temporary, ec);
}

HEATMAP_FUNC void OutputFiles::add(const std::string& path, std::string_view bytes) {
    check_writable(path);
    const detail::Destination d = detail::destination(path);
    auto s = std::make_unique<Staged>();
    s->path = path;
    std::random_device entropy;
    char name[48];
    std::snprintf(name, sizeof name, ".heatmap-0-%08x.tmp", static_cast<unsigned>(entropy()));
    s->temporary = (std::filesystem::path(d.folder) / name).string();
    std::FILE* file = std::fopen(s->temporary.c_str(), "wbx");
    if (!file) detail::throw_io(path, errno);
    const std::string temporary = s->temporary;
    staged_.push_back(std::move(s));
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    if (std::fclose(file) != 0 || !written) detail::throw_io(path, errno);
}

HEATMAP_FUNC void OutputFiles::add(std::ostream& stream, std::string_view bytes, std::string name) {
    auto d = std::make_unique<Direct>();
    d->path = std::move(name), d->stream = &stream, d->bytes = std::string(bytes);
    direct_.push_back(std::move(d));
}

HEATMAP_FUNC void OutputFiles::commit() {
    for (const auto& d : direct_) {
        d->stream->write(d->bytes.data(), static_cast<std::streamsize>(d->bytes.size()));
        d->stream->flush();
        if (!*d->stream) throw io_error("cannot write to " + d->path + "; check where it leads");
    }
    for (const auto& s : staged_) {
        std::error_code ec;
        std::filesystem::rename(s->temporary, detail::destination(s->path).target, ec);
        if (ec) detail::throw_io(s->path, ec.message());
        s->renamed = true;
    }
}

HEATMAP_FUNC void remove_temporaries_on_signals() {}
HEATMAP_FUNC int remove_stale_temporaries(const std::string&) {
    return 0;
}

#endif  // HEATMAP_POSIX_IO

HEATMAP_FUNC void write_file(const std::string& path, std::string_view bytes, Flush flush) {
    OutputFiles files(flush);
    files.add(path, bytes);
    files.commit();
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS

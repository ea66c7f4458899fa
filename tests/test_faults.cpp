// Issue 20: promises kept under faults. Each test is named after the item it holds to. The command
// runs in-process through run_cli, except where a signal or a process's own descriptors are the
// point: there the built `heatmap` binary runs as a child (HEATMAP_CLI_PATH, set by CMake).
#include <catch2/catch.hpp>
#include <heatmap/cli.hpp>
#include <heatmap/format.hpp>
#include <heatmap/io.hpp>
#include <heatmap/legibility.hpp>
#include <heatmap/limits.hpp>
#include <heatmap/png.hpp>
#include <heatmap/seaborn.hpp>
#include <heatmap/ticks.hpp>
#include <heatmap/version.hpp>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

// Allocation failure on demand, for the command's out-of-memory path: when fail_countdown is n >= 0,
// the n-th allocation from now throws std::bad_alloc, once. Not under AddressSanitizer, whose own
// operator new some allocations still reach, so that our delete would free them as malloc's.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEATMAP_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HEATMAP_TEST_ASAN 1
#endif

#if !defined(HEATMAP_TEST_ASAN)
namespace {
std::atomic<long> fail_countdown{-1};
}  // namespace

// Not inlined: g++ would otherwise see new's malloc meet delete's free at call sites and warn.
[[gnu::noinline]] void* operator new(std::size_t size) {
    if (fail_countdown.load(std::memory_order_relaxed) >= 0 && fail_countdown.fetch_sub(1) == 0)
        throw std::bad_alloc();
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
    std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
#endif

namespace {

namespace fs = std::filesystem;

const std::string folder = std::string(HEATMAP_TEST_OUT) + "/faults";

std::string path_of(const std::string& name) {
    fs::create_directories(folder);
    return folder + "/" + name;
}

std::string write_text(const std::string& name, const std::string& text) {
    const std::string path = path_of(name);
    fs::remove(path);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Our temporary files in a folder (".heatmap-PID-RANDOM.tmp").
std::vector<std::string> temporaries(const std::string& dir = folder) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir))
        if (heatmap::detail::temporary_pid(entry.path().filename().string()) > 0)
            found.push_back(entry.path().string());
    return found;
}

struct Run {
    int status;
    std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), "heatmap");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::istringstream in(input);
    std::ostringstream out, err;
    const int status = heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
    return {status, out.str(), err.str()};
}

const std::string csv = ",a,b\nx,1,2\ny,3,4\n";
const std::string see = " (see heatmap --help)\n";

// A stream whose every write fails, like standard output into /dev/full.
struct FailingBuffer : std::streambuf {
    int overflow(int) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

struct stat stat_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 20.1

TEST_CASE("issue 20.1: a failed layout write leaves the old PNG") {
    const std::string png = write_text("kept-by-full.png", "old png");
    // The layout goes to a device that is always full: the PNG was staged, and stays unrenamed.
    Run r = run({"-", "-o", png, "--layout-json", "/dev/full"}, csv);
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: cannot write /dev/full: No space left on device (the disk is full; free some "
          "space or write elsewhere)\n");
    CHECK(contents(png) == "old png");
    CHECK(temporaries().empty());

    // The layout goes to standard output, which fails.
    FailingBuffer failing;
    std::ostream broken(&failing);
    std::vector<std::string> args{"heatmap", "-", "-o", png, "--layout-json", "-"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::istringstream in(csv);
    std::ostringstream err;
    CHECK(heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, broken, err) == 1);
    CHECK(err.str() == "heatmap: cannot write to standard output; check where it leads\n");
    CHECK(contents(png) == "old png");
    CHECK(temporaries().empty());

    // Both succeed: both replaced.
    const std::string json = write_text("kept-by-full.json", "old json");
    REQUIRE(run({"-", "-o", png, "--layout-json", json}, csv).status == 0);
    CHECK(contents(png).substr(1, 3) == "PNG");
    CHECK(contents(json).substr(0, 1) == "{");
}

TEST_CASE("issue 20.1: OutputFiles replaces every file or none") {
    const std::string a = write_text("group-a.txt", "old a");
    const std::string b = write_text("group-b.txt", "old b");
    {
        heatmap::OutputFiles files;
        files.add(a, "new a");
        files.add(b, "new b");
        CHECK(temporaries().size() == 2);  // staged, on disk
        CHECK(contents(a) == "old a");     // nothing replaced before commit()
        files.add("/dev/full", "x");
        CHECK_THROWS_AS(files.commit(), heatmap::io_error);
    }
    CHECK(contents(a) == "old a");
    CHECK(contents(b) == "old b");
    CHECK(temporaries().empty());
    {
        // A group abandoned half-way (its second path fails when staged) leaves nothing behind.
        heatmap::OutputFiles files;
        files.add(a, "new a");
        CHECK_THROWS_WITH(files.add(path_of("no/such/folder/c.txt"), "c"),
                          Catch::Contains("does not exist"));
    }
    CHECK(contents(a) == "old a");
    CHECK(temporaries().empty());
    heatmap::OutputFiles files;
    files.add(a, "new a");
    files.add(b, "new b");
    files.commit();
    CHECK(contents(a) == "new a");
    CHECK(contents(b) == "new b");
    CHECK(temporaries().empty());
}

// ---------------------------------------------------------------------------------------------
// 20.2

TEST_CASE("issue 20.2: devices and pipes are written in place, not replaced") {
    // /dev/null stays the device (as root, a rename would have put a regular file in its place).
    heatmap::write_file("/dev/null", "bytes");
    CHECK(S_ISCHR(stat_of("/dev/null").st_mode));
    REQUIRE(run({"-", "-o", "/dev/null"}, csv).status == 0);
    CHECK(S_ISCHR(stat_of("/dev/null").st_mode));

    // A FIFO stays a FIFO, and its reader gets the PNG the file output would hold.
    const std::string fifo = path_of("out.fifo");
    fs::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    std::string received;
    std::thread reader([&] { received = contents(fifo); });
    const Run r = run({"-", "-o", fifo}, csv);
    if (r.status != 0) ::close(::open(fifo.c_str(), O_WRONLY | O_NONBLOCK));  // release the reader
    reader.join();
    CHECK(r.status == 0);
    CHECK(S_ISFIFO(stat_of(fifo).st_mode));
    const std::string file = path_of("fifo-twin.png");
    REQUIRE(run({"-", "-o", file}, csv).status == 0);
    CHECK(received == contents(file));

    // /dev/fd/N writes to descriptor N.
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    heatmap::write_file("/dev/fd/" + std::to_string(ends[1]), "through the pipe");
    ::close(ends[1]);
    char buffer[64] = {};
    CHECK(std::string(buffer, static_cast<std::size_t>(::read(ends[0], buffer, sizeof buffer))) ==
          "through the pipe");
    ::close(ends[0]);

    // The command's /dev/stdout is its standard output stream, the same bytes as '-'.
    const Run dash = run({"-", "-o", "-"}, csv);
    const Run dev = run({"-", "-o", "/dev/stdout"}, csv);
    CHECK(dev.status == 0);
    CHECK(dev.out == dash.out);
    CHECK(dev.out == contents(file));
}

TEST_CASE("issue 20.2: a symlink is followed and stays a symlink") {
    const std::string target = write_text("link-target.png", "old");
    const std::string link = path_of("link.png");
    fs::remove(link);
    fs::create_symlink("link-target.png", link);
    REQUIRE(run({"-", "-o", link}, csv).status == 0);
    CHECK(S_ISLNK(stat_of(link).st_mode));
    CHECK(contents(target).substr(1, 3) == "PNG");

    // A dangling link creates its target, as open() would.
    const std::string dangling = path_of("dangling.png"), created = path_of("created.png");
    fs::remove(dangling);
    fs::remove(created);
    fs::create_symlink("created.png", dangling);
    heatmap::write_file(dangling, "new");
    CHECK(S_ISLNK(stat_of(dangling).st_mode));
    CHECK(contents(created) == "new");

    // A loop is refused, naming it.
    const std::string a = path_of("loop-a"), b = path_of("loop-b");
    fs::remove(a);
    fs::remove(b);
    fs::create_symlink("loop-b", a);
    fs::create_symlink("loop-a", b);
    CHECK_THROWS_WITH(
        heatmap::write_file(a, "x"),
        "cannot write " + a + ": too many symbolic links (a loop?); give the file itself");
    CHECK_THROWS_WITH(heatmap::write_file(folder, "x"),
                      "cannot write " + folder + ": it is a folder; give a file name");
}

TEST_CASE("issue 20.2: a replaced file keeps its mode and owner; hard links are split") {
    const std::string path = write_text("private.png", "old");
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    const bool root = ::geteuid() == 0;
    if (root) REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
    REQUIRE(run({"-", "-o", path}, csv).status == 0);
    const struct stat st = stat_of(path);
    CHECK((st.st_mode & 0777) == 0600);
    if (root) {
        CHECK(st.st_uid == 65534);
        CHECK(st.st_gid == 65534);
    }
    CHECK(contents(path).substr(1, 3) == "PNG");

    // A new file gets the usual mode (0666 less the umask), as open() gives it.
    const std::string fresh = path_of("fresh.png");
    fs::remove(fresh);
    const ::mode_t mask = ::umask(022);
    heatmap::write_file(fresh, "x");
    ::umask(mask);
    CHECK((stat_of(fresh).st_mode & 0777) == 0644);

    // Hard links: the path named gets the new file, other names keep the old bytes (as mv, rsync
    // and sed -i leave them; writing through them could not be atomic).
    const std::string one = write_text("hard-one.png", "shared old bytes");
    const std::string two = path_of("hard-two.png");
    fs::remove(two);
    fs::create_hard_link(one, two);
    heatmap::write_file(one, "new bytes");
    CHECK(contents(one) == "new bytes");
    CHECK(contents(two) == "shared old bytes");
    CHECK(stat_of(one).st_ino != stat_of(two).st_ino);
}

TEST_CASE("issue 20.2: a read-only file is refused as open() refuses it") {
    if (::geteuid() == 0) {
        // Root may write any file, and so may replace it.
        const std::string path = write_text("read-only.png", "old");
        REQUIRE(::chmod(path.c_str(), 0444) == 0);
        heatmap::write_file(path, "new");
        CHECK(contents(path) == "new");
        CHECK((stat_of(path).st_mode & 0777) == 0444);
        return;
    }
    const std::string path = write_text("read-only.png", "old");
    REQUIRE(::chmod(path.c_str(), 0444) == 0);
    CHECK_THROWS_WITH(heatmap::write_file(path, "new"),
                      "cannot write " + path +
                          ": the file is read-only; make it writable (chmod u+w) or choose "
                          "another path");
    CHECK(contents(path) == "old");
}

// ---------------------------------------------------------------------------------------------
// 20.3

TEST_CASE("issue 20.3: an output over the input or over the other output is a usage error") {
    const std::string input = write_text("collide.csv", csv);
    const std::string png = path_of("collide.png");
    Run r = run({input, "-o", png, "--layout-json", png});
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: -o '" + png + "' and --layout-json '" + png +
                       "' are the same file, which would keep only the layout; give each its own "
                       "file" +
                       see);
    // The same file by another spelling.
    r = run({input, "-o", png, "--layout-json", folder + "/./collide.png"});
    CHECK(r.status == 2);
    r = run({input, "-o", input});
    CHECK(r.status == 2);
    CHECK(r.err == "heatmap: -o '" + input + "' is the input file '" + input +
                       "', which writing would destroy; give another output path" + see);
    r = run({input, "-o", "x.png", "--layout-json", input});
    CHECK(r.status == 2);
    // Through a link to the input, and through a hard link.
    const std::string link = path_of("collide-link.csv");
    fs::remove(link);
    fs::create_symlink("collide.csv", link);
    CHECK(run({input, "-o", link}).status == 2);
    CHECK(run({link, "-o", input}).status == 2);
    const std::string hard = path_of("collide-hard.csv");
    fs::remove(hard);
    fs::create_hard_link(input, hard);
    CHECK(run({input, "-o", hard}).status == 2);
    CHECK(contents(input) == csv);  // the data survived every attempt
    // -o - with --layout-json /dev/stdout is one stream twice.
    r = run({input, "-o", "-", "--layout-json", "/dev/stdout"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    // Refused before anything is read: the input need not even exist.
    r = run({path_of("no-such-input.csv"), "-o", png, "--layout-json", png});
    CHECK(r.status == 2);
}

// ---------------------------------------------------------------------------------------------
// 20.4

TEST_CASE("issue 20.4: the temporary name is short, so any name the file system allows works") {
    const long name_max = ::pathconf(folder.c_str(), _PC_NAME_MAX);
    REQUIRE(name_max >= 14);
    const std::string longest(static_cast<std::size_t>(name_max) - 4, 'n');
    const std::string path = path_of(longest + ".png");
    const Run r = run({"-", "-o", path}, csv);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(contents(path).substr(1, 3) == "PNG");
    fs::remove(path);
    // One byte more is refused before the input is read, with the fix.
    const std::string too_long = path_of(longest + "x.png");
    const Run refused = run({"-", "-o", too_long}, csv);
    CHECK(refused.status == 1);
    CHECK(refused.err.find(": File name too long (choose a shorter name)") != std::string::npos);
    CHECK(temporaries().empty());
}

TEST_CASE("issue 20.4: stale temporaries of dead runs are removed, live ones and others kept") {
    using heatmap::detail::temporary_pid;
    CHECK(temporary_pid(".heatmap-123-0badcafe.tmp") == 123);
    CHECK(temporary_pid(".heatmap-123-0BADCAFE.tmp") == 0);
    CHECK(temporary_pid(".heatmap--0badcafe.tmp") == 0);
    CHECK(temporary_pid(".heatmap-123-0badcaf.tmp") == 0);
    CHECK(temporary_pid("heatmap-123-0badcafe.tmp") == 0);
    CHECK(temporary_pid(".out.png.tmp-0badcafe") == 0);

    const std::string dir = path_of("stale");
    fs::remove_all(dir);
    fs::create_directories(dir);
    // A PID that is not running: a child that has exited and been reaped.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    REQUIRE(child > 0);
    ::waitpid(child, nullptr, 0);
    const std::string dead = std::to_string(child), live = std::to_string(::getpid());
    const auto make = [&](const std::string& name, double age_seconds) {
        const std::string p = dir + "/" + name;
        std::ofstream(p) << "x";
        const auto when = std::chrono::system_clock::now() -
                          std::chrono::duration_cast<std::chrono::system_clock::duration>(
                              std::chrono::duration<double>(age_seconds));
        struct timespec times[2];
        times[0].tv_sec = times[1].tv_sec = std::chrono::system_clock::to_time_t(when);
        times[0].tv_nsec = times[1].tv_nsec = 0;
        REQUIRE(::utimensat(AT_FDCWD, p.c_str(), times, 0) == 0);
        return p;
    };
    const std::string old_dead = make(".heatmap-" + dead + "-00000001.tmp", 3600);
    const std::string young_dead = make(".heatmap-" + dead + "-00000002.tmp", 60);
    const std::string old_live = make(".heatmap-" + live + "-00000003.tmp", 3600);
    const std::string ancient_live = make(".heatmap-" + live + "-00000004.tmp", 2 * 86400.0);
    const std::string not_ours = make(".other-" + dead + "-00000005.tmp", 3600);
    CHECK(heatmap::remove_stale_temporaries(dir) == 2);
    CHECK_FALSE(fs::exists(old_dead));
    CHECK(fs::exists(young_dead));
    CHECK(fs::exists(old_live));
    CHECK_FALSE(fs::exists(ancient_live));
    CHECK(fs::exists(not_ours));
    // The command sweeps its output folder before it writes.
    const std::string again = make(".heatmap-" + dead + "-00000006.tmp", 3600);
    REQUIRE(run({"-", "-o", dir + "/out.png"}, csv).status == 0);
    CHECK_FALSE(fs::exists(again));
    CHECK(fs::exists(young_dead));
}

#if defined(HEATMAP_CLI_PATH)

namespace {

// Runs the heatmap binary with `args`, its standard output appended to `out` (when given) and its
// standard error to /dev/null. Returns the child's PID.
pid_t spawn(const std::vector<std::string>& args, const std::string& out = "") {
    std::vector<std::string> all{HEATMAP_CLI_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!out.empty())
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_APPEND | O_CREAT,
                                         0644);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int err = posix_spawn(&pid, all[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(err == 0);
    return pid;
}

bool wait_for_temporary(const std::string& dir) {
    for (int i = 0; i < 1000; ++i) {
        if (!temporaries(dir).empty()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("issue 20.4: SIGTERM and SIGINT remove the temporary files of a run") {
    const std::string dir = path_of("signals");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string input = write_text("signals.csv", csv);
    // The PNG goes to a FIFO nobody reads, so the command waits in open(), its layout JSON
    // already staged beside its target.
    const std::string fifo = dir + "/blocked.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    for (const int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
        INFO("signal " << signal_number);
        const pid_t pid = spawn({input, "-o", fifo, "--layout-json", dir + "/layout.json"});
        REQUIRE(wait_for_temporary(dir));
        REQUIRE(::kill(pid, signal_number) == 0);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == signal_number);  // it still dies of the signal
        CHECK(temporaries(dir).empty());
        CHECK_FALSE(fs::exists(dir + "/layout.json"));
    }
    // kill -9 cannot be caught: the temporary stays, until a later run finds it old and its
    // process gone.
    const pid_t pid = spawn({input, "-o", fifo, "--layout-json", dir + "/layout.json"});
    REQUIRE(wait_for_temporary(dir));
    REQUIRE(::kill(pid, SIGKILL) == 0);
    ::waitpid(pid, nullptr, 0);
    const std::vector<std::string> left = temporaries(dir);
    REQUIRE(left.size() == 1);
    struct timespec old[2] = {{std::time(nullptr) - 3600, 0}, {std::time(nullptr) - 3600, 0}};
    REQUIRE(::utimensat(AT_FDCWD, left[0].c_str(), old, 0) == 0);
    const pid_t next = spawn({input, "-o", dir + "/next.png"});
    int status = 0;
    REQUIRE(::waitpid(next, &status, 0) == next);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(temporaries(dir).empty());
}

TEST_CASE("issue 20.2: /dev/stdout writes through the descriptor: appended, not replaced") {
    const std::string input = write_text("append.csv", csv);
    const std::string log = write_text("append.log", "before\n");
    const pid_t pid = spawn({input, "-o", "/dev/stdout"}, log);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    const std::string all = contents(log);
    CHECK(all.substr(0, 7) == "before\n");
    CHECK(all.substr(8, 3) == "PNG");
    CHECK(S_ISREG(stat_of(log).st_mode));
}

#endif  // HEATMAP_CLI_PATH

// ---------------------------------------------------------------------------------------------
// 20.6

TEST_CASE("issue 20.6: numbers in messages are shown as typed") {
    CHECK(run({"-", "--vmin", "10", "--vmax", "5", "-o", "x.png"}).err ==
          "heatmap: --vmin 10 is above --vmax 5; swap them" + see);
    CHECK(run({"-", "--vmin=1e1", "--vmax", "+5.0", "-o", "x.png"}).err ==
          "heatmap: --vmin 1e1 is above --vmax +5.0; swap them" + see);
    CHECK(run({"-", "--norm", "log", "--vmin", "-0.5", "-o", "x.png"}).err ==
          "heatmap: --norm log needs --vmin above 0, not -0.5" + see);
    CHECK(run({"-", "--norm", "twoslope", "--vcenter", "100", "--vmax", "50", "-o", "x.png"}).err ==
          "heatmap: --norm twoslope needs --vmin < --vcenter < --vmax, but --vmax 50 is not above "
          "--vcenter 100" +
              see);
    // Library messages write numbers in their shortest form, not printf's %g.
    CHECK(heatmap::detail::number_text(10) == "10");
    CHECK(heatmap::detail::number_text(1e308) == "1e+308");
    CHECK(heatmap::detail::number_text(0.1) == "0.1");
    CHECK(heatmap::detail::number_text(-0.0) == "-0");
    CHECK_THROWS_WITH(heatmap::Normalize({10.0, 5.0})(1.0),
                      "Normalize: vmin (10) is greater than vmax (5); give vmin <= vmax.");
}

TEST_CASE("issue 20.6: --center far from the data blames the center, not vmax") {
    const Run r = run({"-", "--center", "1e308", "-o", path_of("center.png")}, "1,2\n3,4\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: center 1e+308 is too far from the data (vmin 1, vmax 4): the colormap would "
          "span center -/+ 1e+308, beyond the largest double; give a center nearer the data\n");
    CHECK_NOTHROW(heatmap::recentered(heatmap::colormap("vlag"), 1, 4, 1e300));
}

TEST_CASE("issue 20.6: did-you-mean suggests plausible typos only") {
    using heatmap::detail::did_you_mean;
    const std::vector<std::string_view> flags{"--cmap", "--vmax", "--vmin", "--annot", "--norm"};
    // 3 edits from either: not a typo of them (it was suggested as both).
    CHECK(did_you_mean("--mask", flags).empty());
    CHECK(did_you_mean("--cmpa", flags) == " did you mean \"--cmap\"?");  // a swap is one edit
    CHECK(did_you_mean("-cmap", flags) == " did you mean \"--cmap\"?");
    CHECK(did_you_mean("--vmx", flags) == " did you mean \"--vmax\"?");
    CHECK(did_you_mean("--vmn", flags) == " did you mean \"--vmin\"?");
    CHECK(did_you_mean("--anot", flags) == " did you mean \"--annot\"?");
    CHECK(did_you_mean("--x", flags).empty());
    // Longer names allow more edits: a third of the letters.
    CHECK(did_you_mean("viirdsi", {"viridis", "inferno"}) == " did you mean \"viridis\"?");
    CHECK(did_you_mean("magmaxyz", {"magma"}).empty());
    CHECK(run({"-", "--mask", "m.csv", "-o", "x.png"}).err.find("did you mean") ==
          std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// 20.7

TEST_CASE("issue 20.7: tiny font sizes thin no labels and overflow nothing") {
    // seaborn: len(labels) // max_ticks + 1 with Python's unbounded ints is 1 once max_ticks is
    // huge; the cast of 1e22 to size_t was undefined and divided by zero (SIGFPE).
    CHECK(heatmap::auto_tick_step(40, 520.0, 1e-20, 100) == 1);
    CHECK(heatmap::auto_tick_step(40, 520.0, 1e-300, 100) == 1);
    CHECK(heatmap::auto_tick_step(40, 520.0, 10, 100) == 2);
    CHECK(heatmap::auto_tick_step(5, 520.0, 5e-324, 100) == 1);  // the size's /72 rounds to 0
    // Matplotlib's get_tick_space in Python ints, clipped: INT_MAX rather than an overflow.
    CHECK(heatmap::tick_space(500, 100, 1e-9, true) == INT_MAX);
    CHECK(heatmap::auto_nbins(500, 100, 1e-9, true) == 9);
    CHECK(heatmap::tick_space(500, 100, 10, true) == 18);
    for (const double pt : {1e-20, 1e-9, 1e-300}) {
        INFO(pt);
        heatmap::Heatmap<double> h({{1, 2, 3}, {4, 5, 6}});
        h.row_labels({"a", "b"}).col_labels({"x", "y", "z"}).annotate();
        h.font_size(pt).xticklabels_auto().yticklabels_auto();
        const heatmap::Image image = h.render();
        CHECK(image.width == 640);
        CHECK(image.height == 480);
    }
}

TEST_CASE("issue 20.7: PNG size limits are checked before any pixel is drawn") {
    // stb counts in int: 715,773,252 x 1 RGB is 2,147,319,757 filtered bytes, under INT_MAX, but
    // its compressed stream plus 57 bytes of chunks is not (stb_image_write.h:1181 overflowed).
    CHECK_THROWS_WITH(heatmap::check_png_size(715773252, 1, 3),
                      "cannot encode a 715773252x1 image as PNG: with 3 bytes a pixel it could "
                      "take over 2 GiB, more than stb_image_write can count; lower figsize or dpi");
    CHECK_THROWS_AS(heatmap::check_png_size(1, 715773252, 3), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::check_png_size(46341, 46341, 4), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::check_png_size(0, 10, 4), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::check_png_size(10, 10, 2), std::invalid_argument);
    CHECK_NOTHROW(heatmap::check_png_size(1056, 672, 3));
    // The largest figure the default pixel limit allows encodes, opaque or not.
    CHECK_NOTHROW(heatmap::check_png_size(16384, 16384, 4));
#if !defined(HEATMAP_SEPARATE_COMPILATION)
    // The writer every unit's inline encode_png calls (see png.hpp on the one-definition rule);
    // compiled once, the one unit holds the only copy.
    CHECK(heatmap::detail::png_writer.load() != nullptr);
#endif
}

#if !defined(HEATMAP_TEST_ASAN)
TEST_CASE("issue 20.7: running out of memory while reading the options exits 1, not abort") {
    const std::string title(4000, 't');
    bool reported_in_parse = false;
    for (long n = 0; n < 400; ++n) {
        std::vector<std::string> args{
            "heatmap", "-",         "--title", title, "--cmap",
            "magma",   "--figsize", "3,2",     "-o",  path_of("no/folder/x.png")};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        std::istringstream in(csv);
        std::ostringstream out, err;
        err.str(std::string(256, ' '));  // room for the message, so reporting need not allocate
        err.seekp(0);
        fail_countdown = n;
        const int status =
            heatmap::run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
        fail_countdown = -1;
        INFO("allocation " << n << ": " << err.str());
        CHECK((status == 1 || status == 2));
        if (err.str().rfind("heatmap: out of memory while reading the options; give shorter ones",
                            0) == 0)
            reported_in_parse = true;
    }
    CHECK(reported_in_parse);
}
#endif

TEST_CASE("issue 20.7: sizes are checked where they are set") {
    CHECK(run({"-", "--dpi", "10001", "-o", "x.png"}).err ==
          "heatmap: --dpi: '10001' is not a whole number from 1 to 10000; give one such as 100" +
              see);
    CHECK(run({"-", "--dpi", "10000", "--figsize", "0.1,0.1", "-o", path_of("dpi.png")}, csv)
              .status == 0);
    CHECK_THROWS_WITH(heatmap::detail::check_font_size("font_size", 2000, 100),
                      "font_size: 2000 pt is not a font size above 0 and at most 1000 pt; give one "
                      "such as 10");
    CHECK_THROWS_WITH(heatmap::detail::check_font_size("title_size", 500, 1000),
                      "title_size: 500 pt at 1000 dpi is 6944.444444444444 pixels per em, over the "
                      "limit of 4000; give a smaller size or dpi");
    CHECK_THROWS_AS(heatmap::detail::check_font_size("font_size", 0, 100), std::invalid_argument);
    CHECK_NOTHROW(heatmap::detail::check_font_size("font_size", 1e-20, 100));
    CHECK_THROWS_WITH(heatmap::detail::check_dpi("dpi", 0),
                      "dpi: 0 is not a resolution from 1 to 10000 dpi; give one such as 100");
}

// ---------------------------------------------------------------------------------------------
// 20.8

TEST_CASE("issue 20.8: a text option too long to draw fails at once, naming the option") {
    const std::string title(heatmap::max_text_bytes + 1, 'x');
    // The input does not exist: the refusal comes before it would be looked for.
    const Run r = run({path_of("missing.csv"), "--title", title, "-o", "x.png"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "heatmap: --title: the text is 65537 bytes, over the limit of 65536; give a "
          "shorter one" +
              see);
    CHECK(
        run({"-", "--cbar-label=" + title, "-o", "x.png"}).err.rfind("heatmap: --cbar-label:", 0) ==
        0);
    const std::string longest(heatmap::max_text_bytes, 'x');
    CHECK_NOTHROW(heatmap::detail::check_text_length("title", longest));
    CHECK_THROWS_WITH(
        heatmap::detail::check_text_length("title", title),
        "title: the text is 65537 bytes, over the limit of 65536; give a shorter one");
}

// ---------------------------------------------------------------------------------------------
// 20.9

TEST_CASE("issue 20.9: data spanning -1e308 to 1e308 is refused, saying why") {
    // Matplotlib warns on vmax - vmin = inf and fails drawing the colorbar ("Axis limits cannot be
    // NaN or Inf"); the figure we drew was wrong.
    const Run r = run({"-", "-o", path_of("span.png")}, "1e308,-1e308\n");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "heatmap: Normalize: vmin (-1e+308) and vmax (1e+308) are further apart than the largest "
          "double, so no value between them can be placed; scale the data down (divide it by "
          "1e10, say) or give limits closer together.\n");
    CHECK(run({"-", "--vmin", "-1e308", "--vmax", "1e308", "-o", "x.png"}).err ==
          "heatmap: --vmin -1e308 and --vmax 1e308 are further apart than the largest number a "
          "double holds, so no value can be placed between them; give limits closer together" +
              see);
    CHECK_THROWS_AS(heatmap::Normalize({-1e308, 1e308})(0.0), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::PowerNorm({2.0, -1e308, 1e308})(0.0), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::TwoSlopeNorm({1e308, -1e308, 1.5e308})(0.0), std::invalid_argument);
    CHECK_THROWS_AS(heatmap::CenteredNorm({0.0, 1e308})(0.0), std::invalid_argument);
    CHECK_THROWS_AS((heatmap::BoundaryNorm{{-1e308, 1e308}, 256})(0.0), std::invalid_argument);
    CHECK_NOTHROW((heatmap::BoundaryNorm{{-1e308, 0, 1e308}, 256})(0.0));
    // Still drawn: the widest ranges a double holds, and log scales of any range.
    CHECK(run({"-", "-o", path_of("half-span.png")}, "8.9e307,-8.9e307\n").status == 0);
    CHECK(run({"-", "--norm", "log", "-o", path_of("log-span.png")}, "1e-308,1e308\n").status == 0);
    CHECK(run({"-", "--norm", "symlog", "--linthresh", "1", "-o", path_of("symlog-span.png")},
              "1e308,-1e308\n")
              .status == 0);
}

// ---------------------------------------------------------------------------------------------
// 20.10

TEST_CASE("issue 20.10: format(true, \"\") is Python's \"True\"") {
    CHECK(heatmap::format(true, "") == "True");
    CHECK(heatmap::format(false, "") == "False");
    // Under any other spec a bool is the int it is, as in Python.
    CHECK(heatmap::format(true, "d") == "1");
    CHECK(heatmap::format(false, ">5") == "    0");
    CHECK(heatmap::format(true, ".2f") == "1.00");
    CHECK(heatmap::format(true, "#x") == "0x1");
    CHECK_THROWS_WITH(heatmap::format(true, "s"),
                      Catch::Contains("Unknown format code 's' for object of type 'bool'"));
}

// ---------------------------------------------------------------------------------------------
// 20.12, 20.13

TEST_CASE("issue 20.13: one version number, CMake's and the header's") {
    CHECK(std::string(heatmap::version) == HEATMAP_CMAKE_VERSION);
    CHECK(std::string(heatmap::version) == std::to_string(HEATMAP_VERSION_MAJOR) + "." +
                                               std::to_string(HEATMAP_VERSION_MINOR) + "." +
                                               std::to_string(HEATMAP_VERSION_PATCH));
    CHECK(run({"--version"}).out == "heatmap " + std::string(HEATMAP_CMAKE_VERSION) + "\n");
}

// Matplotlib formats the locator's whole list, then draws the ticks in view: {pos} counts from the
// first tick the locator placed (-15 here), not from the first one shown.
TEST_CASE("issue 20.10: a colorbar template's {pos} counts the locator's ticks") {
    heatmap::Heatmap<double> h(std::vector<std::vector<double>>{{-12, 0}, {5, 12}});
    h.norm(heatmap::Normalize{-12, 12}).colorbar_format("{x:.0f} ({pos})");
    std::vector<std::string> texts;
    for (const auto& label : h.layout().colorbar_ticklabels) texts.push_back(label.text);
    // Matplotlib 3.6.3: ['-15 (0)', '-10 (1)', '-5 (2)', '0 (3)', '5 (4)', '10 (5)', '15 (6)'],
    // of which -10 .. 10 are in view.
    CHECK(texts == std::vector<std::string>{"-10 (1)", "-5 (2)", "0 (3)", "5 (4)", "10 (5)"});
}

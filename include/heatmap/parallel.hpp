#pragma once
// Work on several cores: a thread count (0 means one per core) and a loop that runs n independent
// tasks on that many threads. Whatever runs through here must give the same bytes on one thread as
// on many, so tasks never share what they write; the callers split their work so (pixel rows of an
// aggregate, rows of an image).

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace heatmap {

// The number of threads to use for `threads`: itself when positive, else the cores this machine
// has (std::thread::hardware_concurrency, or 1 when it cannot tell).
inline unsigned resolve_threads(unsigned threads) {
    if (threads > 0) return threads;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? cores : 1;
}

namespace detail {

// Calls task(i) for every i in [0, n) on up to `threads` threads (the caller's thread is one of
// them) and returns when all are done. The first exception a task throws is rethrown here, after
// every thread has stopped; tasks not yet started then do not start.
template <class Task>
void run_parallel(std::size_t n, unsigned threads, Task&& task) {
    const std::size_t workers = std::min<std::size_t>(n, resolve_threads(threads));
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) task(i);
        return;
    }
    std::mutex lock;
    std::size_t next = 0;
    std::exception_ptr failure;
    auto work = [&] {
        for (;;) {
            std::size_t i;
            {
                const std::lock_guard<std::mutex> hold(lock);
                if (failure || next == n) return;
                i = next++;
            }
            try {
                task(i);
            } catch (...) {
                const std::lock_guard<std::mutex> hold(lock);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    try {
        for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
    } catch (...) {
        // No thread to be had (resource limits): the threads that did start, and this one, finish
        // the work.
    }
    work();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace detail

}  // namespace heatmap

#pragma once
// A zlib (RFC 1950) / deflate (RFC 1951) compressor shaped for figures, the hook png.hpp gives
// stb_image_write as STBIW_ZLIB_COMPRESS:
//
//   int size = 0;
//   unsigned char* z = heatmap::detail::zlib_compress_figure(bytes, length, &size, 0);
//   ... std::free(z);   // malloc'd, as stb expects; nullptr when memory ran out
//
// Why its own: a figure's PNG rows after the "up" filter are ~96% zero bytes, nearly all in runs
// of 32 bytes or more. A general match finder (libdeflate, zlib) inserts every byte of those runs
// into its hash tables; this one walks runs of a repeated byte 32 bytes a step, codes them as
// length-258 matches at distance 1, lets the Adler-32 cross them in one step, and spends hashing
// only on the rest: one table holding the last position of each 4-byte hash, greedy matches with
// one lazy step for short ones, and only the last positions of a long match inserted. Tokens are
// gathered into blocks of block_tokens, each written as whichever of dynamic Huffman, fixed
// Huffman or stored is smallest, so noise grows by at most 5 bytes per 65535 plus the zlib
// wrapper's 6 (an empty input takes 8). Code lengths are Huffman's, limited to 15 (7 for the
// code-length code) by moving overflowing leaves up and repairing the Kraft sum.
//
// Measured on Matplotlib's 1056x672 tutorial figure (2,129,568 filtered bytes; tools/
// bench_deflate.cpp, median of 21 warm runs, this project's 2-core machine): 51,461 bytes in
// 0.47-0.50 ms warm (0.66 ms for a process's first call), against libdeflate level 2's 51,441 bytes
// in 2.4 ms and level 6's 49,502 in 2.8 ms. `quality` is ignored: one setting measured best.
// Reentrant: all state is the caller's.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace heatmap::detail {
namespace deflate {

inline std::uint64_t load64(const unsigned char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

inline std::uint32_t load32(const unsigned char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

inline int floor_log2(std::uint32_t v) noexcept {
#if defined(__GNUC__)
    return 31 - __builtin_clz(v);
#else
    int r = 0;
    while (v >>= 1) ++r;
    return r;
#endif
}

// Adler-32 in runs of 5536 bytes (5552 is the most that cannot overflow 32 bits before the modulo;
// 5536 is whole steps of 32). 32 zero bytes leave the first sum alone and add it 32 times to the
// second, which is most of a filtered figure.
inline std::uint32_t adler32(const unsigned char* p, std::size_t n, std::uint32_t adler = 1) {
    std::uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (n > 0) {
        std::size_t chunk = n < 5536 ? n : 5536;
        n -= chunk;
        for (; chunk >= 32; chunk -= 32, p += 32) {
            if ((load64(p) | load64(p + 8) | load64(p + 16) | load64(p + 24)) == 0) {
                b += 32 * a;
                continue;
            }
            for (int k = 0; k < 32; k += 8) {
                const unsigned char* q = p + k;
                b += 8 * a + 8u * q[0] + 7u * q[1] + 6u * q[2] + 5u * q[3] + 4u * q[4] + 3u * q[5] +
                     2u * q[6] + q[7];
                a += 0u + q[0] + q[1] + q[2] + q[3] + q[4] + q[5] + q[6] + q[7];
            }
        }
        for (; chunk > 0; --chunk) b += a += *p++;
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

// Bits go out least significant first (RFC 1951 3.1.1). Each put stores all 8 bytes of the
// accumulator and moves on by the whole bytes it held, with no branch to mispredict; the writer
// keeps 16 bytes of slack for that. A cursor is a value so that the compiler keeps it in registers
// through a block: byte stores through a member pointer could alias every member and force reloads.
struct BitCursor {
    unsigned char* p;
    std::uint64_t acc;
    int count;  // bits in acc, below 8 between calls

    void put(std::uint32_t bits, int n) {  // n <= 32
        acc |= std::uint64_t{bits} << count;
        count += n;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        std::memcpy(p, &acc, 8);
#else
        for (int k = 0; k < 8; ++k) p[k] = static_cast<unsigned char>(acc >> 8 * k);
#endif
        p += count >> 3;
        acc >>= count & ~7;
        count &= 7;
    }
};

// The output: a malloc'd buffer (what the caller hands to stb, without a copy) that the block
// writer grows before each block by that block's size (exact, plus slack), and the bits not yet
// written.
struct BitWriter {
    unsigned char* out = nullptr;
    std::size_t capacity = 0, used = 0;  // bytes allocated, bytes written
    std::uint64_t acc = 0;
    int count = 0;

    BitWriter() = default;
    BitWriter(const BitWriter&) = delete;
    BitWriter& operator=(const BitWriter&) = delete;
    ~BitWriter() { std::free(out); }

    void reserve(std::size_t bytes) {
        const std::size_t need = used + bytes + 16;
        if (capacity >= need) return;
        const std::size_t grown = need > 2 * capacity ? need : 2 * capacity;
        void* p = std::realloc(out, grown);
        if (!p) throw std::bad_alloc();
        out = static_cast<unsigned char*>(p);
        capacity = grown;
    }
    // Hands the buffer over; the writer is empty after.
    unsigned char* release() {
        unsigned char* p = out;
        out = nullptr;
        capacity = used = 0;
        return p;
    }
    BitCursor cursor() { return {out + used, acc, count}; }
    void resume(const BitCursor& c) {
        used = static_cast<std::size_t>(c.p - out);
        acc = c.acc;
        count = c.count;
    }
    void put(std::uint32_t bits, int n) {
        BitCursor c = cursor();
        c.put(bits, n);
        resume(c);
    }
    // Pads to a byte boundary and writes out every whole byte held.
    void align() {
        for (; count > 0; count -= 8, acc >>= 8) out[used++] = static_cast<unsigned char>(acc);
        count = 0;
        acc = 0;
    }
    void bytes(const unsigned char* p, std::size_t n) {
        if (n > 0) std::memcpy(out + used, p, n);
        used += n;
    }
};

// Code lengths no longer than max_bits for the used symbols (freq > 0): Huffman's lengths from
// sorted leaves and a second queue of merged nodes, then, when a length passes max_bits, the
// overflowing leaves are moved up to max_bits and the code is made complete again by pushing one
// shorter leaf a level down per unit of excess; lengths go to symbols longest-to-rarest. Fewer than
// two used symbols get two codes of length 1 (symbol 0 and/or 1), a complete code every inflater
// accepts.
inline void limited_lengths(const std::uint32_t* freq, int count, int max_bits,
                            unsigned char* lengths) {
    std::uint64_t sorted[286];  // freq << 16 | symbol, ascending
    int m = 0;
    for (int s = 0; s < count; ++s) {
        lengths[s] = 0;
        if (freq[s] > 0) sorted[m++] = std::uint64_t{freq[s]} << 16 | static_cast<unsigned>(s);
    }
    if (m < 2) {
        const int used = m == 0 ? 0 : static_cast<int>(sorted[0] & 0xFFFF);
        lengths[used] = 1;
        lengths[used == 0 ? 1 : 0] = 1;
        return;
    }
    // Shell sort (Ciura's gaps): a few lines, and no std::sort to instantiate in every user's unit.
    for (const int gap : {132, 57, 23, 10, 4, 1})
        for (int i = gap; i < m; ++i) {
            const std::uint64_t v = sorted[i];
            int j = i;
            for (; j >= gap && sorted[j - gap] > v; j -= gap) sorted[j] = sorted[j - gap];
            sorted[j] = v;
        }
    // Nodes 0..m-1 are the leaves in order, m.. the merged nodes in the order made (which is
    // ascending weight, so two queues suffice); the root is made last.
    std::uint64_t weight[2 * 286];
    int parent[2 * 286];
    for (int i = 0; i < m; ++i) weight[i] = sorted[i] >> 16;
    int leaf = 0, inner = m, made = m;
    auto take = [&] {
        return leaf < m && (inner == made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
    };
    while (made < 2 * m - 1) {
        const int a = take(), b = take();
        weight[made] = weight[a] + weight[b];
        parent[a] = parent[b] = made++;
    }
    int depth[2 * 286];
    int bl_count[64] = {};
    depth[made - 1] = 0;
    for (int i = made - 2; i >= 0; --i) depth[i] = depth[parent[i]] + 1;
    for (int i = 0; i < m; ++i) ++bl_count[depth[i] < max_bits ? depth[i] : max_bits];
    std::uint64_t kraft = 0;
    for (int len = 1; len <= max_bits; ++len)
        kraft += std::uint64_t(bl_count[len]) << (max_bits - len);
    for (; kraft > (std::uint64_t{1} << max_bits); --kraft) {
        --bl_count[max_bits];
        int len = max_bits - 1;
        while (bl_count[len] == 0) --len;
        --bl_count[len];
        bl_count[len + 1] += 2;
    }
    for (int len = max_bits, i = 0; len >= 1; --len)
        for (int k = 0; k < bl_count[len]; ++k)
            lengths[sorted[i++] & 0xFFFF] = static_cast<unsigned char>(len);
}

// Canonical codes (RFC 1951 3.2.2), bit-reversed so that BitWriter sends them first bit first.
inline void canonical_codes(const unsigned char* lengths, int count, std::uint16_t* codes) {
    int bl_count[16] = {}, next[16] = {};
    for (int s = 0; s < count; ++s) ++bl_count[lengths[s]];
    bl_count[0] = 0;
    for (int bits = 1, code = 0; bits < 16; ++bits)
        next[bits] = code = (code + bl_count[bits - 1]) << 1;
    for (int s = 0; s < count; ++s) {
        const int len = lengths[s];
        if (len == 0) continue;
        int code = next[len]++, reversed = 0;
        for (int i = 0; i < len; ++i, code >>= 1) reversed = reversed << 1 | (code & 1);
        codes[s] = static_cast<std::uint16_t>(reversed);
    }
}

// Length 3..258 as its symbol 257..285 (RFC 1951 3.2.5), from length - 3; the extra bits are the
// low bits of length - 3.
inline int length_symbol(std::uint32_t x) noexcept {
    if (x < 8) return 257 + static_cast<int>(x);
    if (x == 255) return 285;
    const int nb = floor_log2(x);
    return 257 + 4 * (nb - 1) + static_cast<int>((x >> (nb - 2)) & 3);
}
inline int length_extra_bits(int symbol) noexcept {
    return symbol < 265 || symbol == 285 ? 0 : (symbol - 261) / 4;
}
// Distance 1..32768 as its symbol 0..29, from distance - 1; the extra bits are its low bits.
inline int distance_symbol(std::uint32_t x) noexcept {
    if (x < 4) return static_cast<int>(x);
    const int nb = floor_log2(x);
    return 2 * nb + static_cast<int>((x >> (nb - 1)) & 1);
}
inline int distance_extra_bits(int symbol) noexcept {
    return symbol < 4 ? 0 : symbol / 2 - 1;
}

// A token is a literal byte (below 256) or a match with its symbols worked out once, when parsed:
// 1 << 31 | (length symbol - 257) << 23 | length extra << 18 | distance symbol << 13 | distance
// extra.
constexpr std::uint32_t match_flag = 1u << 31;

inline std::uint32_t match_token(std::uint32_t length, std::uint32_t distance) noexcept {
    const std::uint32_t lx = length - 3, dx = distance - 1;
    const int ls = length_symbol(lx), ds = distance_symbol(dx);
    return match_flag | static_cast<std::uint32_t>(ls - 257) << 23 |
           (lx & ((1u << length_extra_bits(ls)) - 1)) << 18 | static_cast<std::uint32_t>(ds) << 13 |
           (dx & ((1u << distance_extra_bits(ds)) - 1));
}

// The tokens of one block and their symbols' counts. The buffer is sized once: a block ends as soon
// as it holds block_tokens, and one parsing step adds at most a match and 16 literals.
struct Block {
    std::vector<std::uint32_t> buffer;
    std::uint32_t* tokens;
    std::size_t size = 0;
    std::uint32_t lit_freq[288] = {};  // 286 and 287 stay 0: they only complete the fixed code
    std::uint32_t dist_freq[30] = {};

    explicit Block(std::size_t capacity) : buffer(capacity + 64), tokens(buffer.data()) {}
    void literal(unsigned char c) {
        tokens[size++] = c;
        ++lit_freq[c];
    }
    void match(std::uint32_t token) {
        tokens[size++] = token;
        ++lit_freq[257 + (token >> 23 & 31)];
        ++dist_freq[token >> 13 & 31];
    }
};

// Input bytes chosen to be stored, written once a coded block follows or the stream ends, so that
// consecutive stored choices share pieces of 65535 bytes (5 bytes of overhead each).
struct Stored {
    const unsigned char* start = nullptr;
    std::size_t size = 0;
};

inline void write_stored(BitWriter& w, Stored& stored, bool final) {
    const std::size_t pieces = stored.size == 0 ? 1 : (stored.size + 65534) / 65535;
    w.reserve(stored.size + 5 * pieces);
    for (std::size_t piece = 0; piece < pieces; ++piece) {
        const std::size_t size = stored.size < 65535 ? stored.size : 65535;
        w.put(final && piece + 1 == pieces ? 1 : 0, 3);
        w.align();
        w.put(static_cast<std::uint32_t>(size) | (static_cast<std::uint32_t>(size) ^ 0xFFFF) << 16,
              32);
        w.align();
        w.bytes(stored.start, size);
        stored.start += size;
        stored.size -= size;
    }
    stored = Stored{};
}

// Writes one block as the smallest of dynamic Huffman, fixed Huffman and stored (which is held
// back in `stored` until a coded block or the end follows), then empties it. raw/raw_size are the
// input bytes the block's tokens stand for.
inline void write_block(BitWriter& w, Block& block, Stored& stored, const unsigned char* raw,
                        std::size_t raw_size, bool final) {
    block.lit_freq[256] = 1;
    unsigned char lit_len[288] = {}, dist_len[30], fixed_lit[288], fixed_dist[30];
    limited_lengths(block.lit_freq, 286, 15, lit_len);
    limited_lengths(block.dist_freq, 30, 15, dist_len);
    for (int s = 0; s < 288; ++s) fixed_lit[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    for (int s = 0; s < 30; ++s) fixed_dist[s] = 5;

    // The code lengths as code-length symbols: 16 repeats the previous 3-6 times, 17 and 18 give
    // 3-10 and 11-138 zeros (RFC 1951 3.2.7).
    int hlit = 286, hdist = 30;
    while (lit_len[hlit - 1] == 0) --hlit;
    while (hdist > 1 && dist_len[hdist - 1] == 0) --hdist;
    unsigned char all[286 + 30];
    std::memcpy(all, lit_len, static_cast<std::size_t>(hlit));
    std::memcpy(all + hlit, dist_len, static_cast<std::size_t>(hdist));
    const int total = hlit + hdist;
    std::uint16_t rle[286 + 30];  // symbol | extra value << 5
    int rle_count = 0;
    std::uint32_t cl_freq[19] = {};
    auto emit = [&](int symbol, int extra) {
        rle[rle_count++] = static_cast<std::uint16_t>(symbol | extra << 5);
        ++cl_freq[symbol];
    };
    for (int i = 0; i < total;) {
        const int v = all[i];
        int run = 1;
        while (i + run < total && all[i + run] == v) ++run;
        i += run;
        if (v == 0) {
            for (; run >= 11; run -= run < 138 ? run : 138) emit(18, (run < 138 ? run : 138) - 11);
            if (run >= 3) emit(17, run - 3), run = 0;
        } else {
            emit(v, 0), --run;
            for (; run >= 3; run -= run < 6 ? run : 6) emit(16, (run < 6 ? run : 6) - 3);
        }
        for (; run > 0; --run) emit(v, 0);
    }
    unsigned char cl_len[19];
    limited_lengths(cl_freq, 19, 7, cl_len);
    static constexpr unsigned char cl_order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                   11, 4,  12, 3, 13, 2, 14, 1, 15};
    static constexpr unsigned char cl_extra[19] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                   0, 0, 0, 0, 0, 0, 2, 3, 7};
    int hclen = 19;
    while (hclen > 4 && cl_len[cl_order[hclen - 1]] == 0) --hclen;

    std::uint64_t dynamic_bits = 3 + 5 + 5 + 4 + 3 * static_cast<std::uint64_t>(hclen);
    for (int s = 0; s < 19; ++s)
        dynamic_bits += std::uint64_t{cl_freq[s]} * (cl_len[s] + cl_extra[s]);
    std::uint64_t fixed_bits = 3, extra_bits = 0;
    for (int s = 0; s < 286; ++s) {
        dynamic_bits += std::uint64_t{block.lit_freq[s]} * lit_len[s];
        fixed_bits += std::uint64_t{block.lit_freq[s]} * fixed_lit[s];
        if (s > 256)
            extra_bits +=
                std::uint64_t{block.lit_freq[s]} * static_cast<std::uint64_t>(length_extra_bits(s));
    }
    for (int s = 0; s < 30; ++s) {
        dynamic_bits += std::uint64_t{block.dist_freq[s]} * dist_len[s];
        fixed_bits += std::uint64_t{block.dist_freq[s]} * 5;
        extra_bits +=
            std::uint64_t{block.dist_freq[s]} * static_cast<std::uint64_t>(distance_extra_bits(s));
    }
    dynamic_bits += extra_bits;
    fixed_bits += extra_bits;
    // Storing adds the bytes to those already held back; a new piece costs 5 bytes more, and the
    // first piece's header pads from the current bit position to a byte.
    const std::uint64_t held_pieces = (stored.size + 65534) / 65535;
    const std::uint64_t pieces = (stored.size + raw_size + 65534) / 65535;
    std::uint64_t stored_bits = 8 * std::uint64_t{raw_size} + 40 * (pieces - held_pieces);
    if (held_pieces == 0) {  // the first piece: its header padded from here, not a whole 5 bytes
        stored_bits += static_cast<std::uint64_t>(3 + (8 - (w.count + 3) % 8) % 8 + 32);
        if (pieces > 0) stored_bits -= 40;
    }
    const std::uint64_t coded_bits = dynamic_bits < fixed_bits ? dynamic_bits : fixed_bits;

    // A coded block between stored ones splits their pieces; it must save a piece's 5 bytes and
    // padding for noise to stay within 5 bytes per 65535.
    const bool store = stored_bits <= coded_bits + (final ? 0 : 48);
    if (store) {
        if (stored.size == 0) stored.start = raw;
        stored.size += raw_size;
    }
    if (store && final) write_stored(w, stored, true);
    if (!store && stored.size > 0) write_stored(w, stored, false);
    if (!store) {
        const bool dynamic = dynamic_bits < fixed_bits;
        if (!dynamic) {
            std::memcpy(lit_len, fixed_lit, sizeof lit_len);
            std::memcpy(dist_len, fixed_dist, sizeof dist_len);
        }
        w.reserve(coded_bits / 8);
        BitCursor c = w.cursor();
        std::uint16_t lit_code[288], dist_code[30], cl_code[19];
        canonical_codes(lit_len, 288, lit_code);
        canonical_codes(dist_len, 30, dist_code);
        c.put((dynamic ? 2u : 1u) << 1 | (final ? 1 : 0), 3);
        if (dynamic) {
            canonical_codes(cl_len, 19, cl_code);
            c.put(static_cast<std::uint32_t>(hlit - 257) |
                      static_cast<std::uint32_t>(hdist - 1) << 5 |
                      static_cast<std::uint32_t>(hclen - 4) << 10,
                  14);
            for (int i = 0; i < hclen; ++i) c.put(cl_len[cl_order[i]], 3);
            for (int i = 0; i < rle_count; ++i) {
                const int s = rle[i] & 31, extra = rle[i] >> 5;
                c.put(cl_code[s], cl_len[s]);
                if (s >= 16) c.put(static_cast<std::uint32_t>(extra), cl_extra[s]);
            }
        }
        int lit_bits[288], dist_bits[30];  // code and extra bits
        for (int s = 0; s < 288; ++s)
            lit_bits[s] = lit_len[s] + (s > 256 ? length_extra_bits(s) : 0);
        for (int s = 0; s < 30; ++s) dist_bits[s] = dist_len[s] + distance_extra_bits(s);
        for (std::size_t k = 0; k < block.size; ++k) {
            const std::uint32_t t = block.tokens[k];
            if (!(t & match_flag)) {
                c.put(lit_code[t], lit_len[t]);
                continue;
            }
            const std::uint32_t ls = 257 + (t >> 23 & 31), ds = t >> 13 & 31;
            c.put(lit_code[ls] | (t >> 18 & 31) << lit_len[ls], lit_bits[ls]);
            c.put(dist_code[ds] | (t & 0x1FFF) << dist_len[ds], dist_bits[ds]);
        }
        c.put(lit_code[256], lit_len[256]);
        w.resume(c);
    }
    block.size = 0;
    std::memset(block.lit_freq, 0, sizeof block.lit_freq);
    std::memset(block.dist_freq, 0, sizeof block.dist_freq);
}

constexpr std::size_t block_tokens = 1 << 14;  // 64 KiB of tokens, below malloc's mmap threshold
constexpr std::size_t window = 32768;

// How many of the 8 bytes behind a nonzero x = load64(a) ^ load64(b) agree, in memory order.
inline std::size_t equal_bytes(std::uint64_t x) noexcept {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return static_cast<std::size_t>(__builtin_ctzll(x)) / 8;
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return static_cast<std::size_t>(__builtin_clzll(x)) / 8;
#else
    unsigned char bytes[8];
    std::memcpy(bytes, &x, 8);
    std::size_t k = 0;
    while (bytes[k] == 0) ++k;
    return k;
#endif
}

// How far data[i..] repeats data[i-1], up to limit bytes; 32 bytes a step through long runs.
inline std::size_t run_length(const unsigned char* data, std::size_t i, std::size_t limit) {
    const std::uint64_t pattern = 0x0101010101010101ull * data[i - 1];
    const unsigned char* p = data + i;
    std::size_t r = 0;
    while (r + 32 <= limit &&
           ((load64(p + r) ^ pattern) | (load64(p + r + 8) ^ pattern) |
            (load64(p + r + 16) ^ pattern) | (load64(p + r + 24) ^ pattern)) == 0)
        r += 32;
    for (; r + 8 <= limit; r += 8)
        if (const std::uint64_t x = load64(p + r) ^ pattern) return r + equal_bytes(x);
    while (r < limit && p[r] == data[i - 1]) ++r;
    return r;
}

// How many bytes from a and b agree, up to limit.
inline std::size_t match_length(const unsigned char* a, const unsigned char* b, std::size_t limit) {
    std::size_t r = 0;
    for (; r + 8 <= limit; r += 8)
        if (const std::uint64_t x = load64(a + r) ^ load64(b + r)) return r + equal_bytes(x);
    while (r < limit && a[r] == b[r]) ++r;
    return r;
}

// The last position seen for each hash of 4 bytes: one candidate per lookup, checked in full.
// 2^16 entries measured fastest on figures (fewer collisions, longer matches, fewer literals to
// code); small inputs get a table about their size, which is cheaper to clear.
struct Matcher {
    const unsigned char* data;
    int shift;  // 32 - the hash's bits
    std::vector<std::uint32_t> table;

    Matcher(const unsigned char* d, std::size_t n) : data(d), shift(32 - 16) {
        while (shift < 32 - 8 && (std::size_t{1} << (32 - shift)) > 2 * n) ++shift;
        table.assign(std::size_t{1} << (32 - shift), 0);
    }
    std::uint32_t hash(const unsigned char* p) const { return (load32(p) * 2654435761u) >> shift; }
    void insert(std::size_t p) { table[hash(data + p)] = static_cast<std::uint32_t>(p); }
    // The longest match (at most limit >= 4 bytes) for data[i..], or 0; inserts i. A stale or
    // colliding entry is harmless: the bytes are compared.
    std::size_t find(std::size_t i, std::size_t limit, std::size_t& dist) {
        std::uint32_t& slot = table[hash(data + i)];
        const std::size_t candidate = slot;
        slot = static_cast<std::uint32_t>(i);
        if (candidate >= i || i - candidate > window ||
            load32(data + candidate) != load32(data + i))
            return 0;
        dist = i - candidate;
        return 4 + match_length(data + candidate + 4, data + i + 4, limit - 4);
    }
    // The better of a repeat of the previous byte (distance 1) for `run` bytes and a hashed match
    // at i.
    std::size_t best(std::size_t i, std::size_t n, std::size_t run, std::size_t& dist) {
        const std::size_t limit = n - i < 258 ? n - i : 258;
        const std::size_t len = limit >= 4 ? find(i, limit, dist) : 0;
        if (run >= 3 && run >= len) return dist = 1, run;
        return len;
    }
};

// Adler-32 advanced over `run` copies of byte v in O(1): the first sum grows by run * v, the second
// by run * a + v * run * (run + 1) / 2.
inline std::uint32_t adler32_run(std::uint32_t adler, unsigned char v, std::size_t run) {
    const std::uint64_t a = adler & 0xFFFF, b = adler >> 16, r = run % 65521;
    const std::uint64_t run1 = std::uint64_t{run} + 1;  // run * (run + 1) / 2 without overflow:
    const std::uint64_t triangle =
        run % 2 == 0 ? run / 2 % 65521 * (run1 % 65521) % 65521 : r * (run1 / 2 % 65521) % 65521;
    return static_cast<std::uint32_t>((b + r * a + triangle * v) % 65521 << 16 |
                                      (a + r * v) % 65521);
}

// Greedy parsing with one step of lazy evaluation (a literal first when the next position matches
// longer), except in runs of a repeated byte, which go out as length-258 matches at distance 1
// with only their last positions hashed. Returns the Adler-32 of the data: the parser knows where
// the long runs are, which the checksum can cross without reading them.
inline std::uint32_t compress(BitWriter& w, const unsigned char* data, std::size_t n) {
    std::uint32_t adler = 1;
    std::size_t summed = 0;  // data[0, summed) is in adler
    Block block(n < block_tokens ? n : block_tokens);
    Stored stored;
    Matcher matcher(data, n);
    const std::uint32_t run_token = match_token(258, 1);
    std::size_t i = 0, block_start = 0;
    auto end_block_if_full = [&] {
        if (block.size < block_tokens) return;
        write_block(w, block, stored, data + block_start, i - block_start, false);
        block_start = i;
    };
    while (i < n) {
        end_block_if_full();
        const std::size_t run = i > 0 && data[i] == data[i - 1] ? run_length(data, i, n - i) : 0;
        if (run >= 258) {
            const std::size_t end = i + run;
            adler = adler32_run(adler32(data + summed, i - summed, adler), data[i], run);
            summed = end;
            while (end - i >= 3) {  // the last piece keeps at least 3 bytes
                std::size_t len = end - i < 258 ? end - i : 258;
                if (end - i - len > 0 && end - i - len < 3) len -= 3;
                block.match(len == 258 ? run_token
                                       : match_token(static_cast<std::uint32_t>(len), 1));
                i += len;
                end_block_if_full();
            }
            // The run's last bytes begin the sequences that follow it.
            for (std::size_t p = end - 3; p < end && p + 4 <= n; ++p) matcher.insert(p);
            continue;
        }
        std::size_t dist = 1, len = matcher.best(i, n, run, dist);
        if (len < 3) {
            block.literal(data[i++]);
            continue;
        }
        // Short matches are worth a look one byte on; long ones and runs (whose next byte starts a
        // shorter run) are not worth the time.
        while (len < 16 && dist != 1 && i + 1 < n) {
            std::size_t next_dist = 1;
            const std::size_t next_limit = n - i - 1 < 258 ? n - i - 1 : 258;
            const std::size_t next_run =
                data[i + 1] == data[i] ? run_length(data, i + 1, next_limit) : 0;
            const std::size_t next = matcher.best(i + 1, n, next_run, next_dist);
            if (next <= len) break;
            block.literal(data[i++]);
            len = next, dist = next_dist;
        }
        block.match(match_token(static_cast<std::uint32_t>(len), static_cast<std::uint32_t>(dist)));
        // A few positions inside the match keep the table fresh without paying for every byte.
        const std::size_t end = i + len;
        for (std::size_t p = len <= 8 ? i + 1 : end - 4; p < end && p + 4 <= n; ++p)
            matcher.insert(p);
        i = end;
    }
    write_block(w, block, stored, data + block_start, i - block_start, true);
    return adler32(data + summed, n - summed, adler);
}

}  // namespace deflate

// The zlib stream (RFC 1950) of data[0, length): CMF 0x78 (deflate, 32 KiB window), FLG for the
// default level, the deflate blocks, the big-endian Adler-32. The buffer is malloc'd (stb frees
// it with free()); nullptr when memory runs out or length is negative. quality is ignored.
inline unsigned char* zlib_compress_figure(const unsigned char* data, int length, int* out_length,
                                           int quality) {
    (void)quality;
    if (out_length) *out_length = 0;
    if (length < 0 || (length > 0 && !data) || !out_length) return nullptr;
    try {
        const auto n = static_cast<std::size_t>(length);
        deflate::BitWriter w;
        // Figures take about n / 40. Asking for more costs a first call page faults: over 128 KiB,
        // malloc maps fresh pages.
        w.reserve(n / 32);
        static constexpr unsigned char header[2] = {0x78, 0x9C};
        w.bytes(header, 2);
        const std::uint32_t adler = deflate::compress(w, data, n);
        w.align();
        const unsigned char trailer[4] = {
            static_cast<unsigned char>(adler >> 24), static_cast<unsigned char>(adler >> 16),
            static_cast<unsigned char>(adler >> 8), static_cast<unsigned char>(adler)};
        w.reserve(4);
        w.bytes(trailer, 4);
        if (w.used > 0x7FFFFFFF) return nullptr;
        *out_length = static_cast<int>(w.used);
        return w.release();
    } catch (...) {  // std::bad_alloc from a vector: stb's C caller must get nullptr, not a throw
        return nullptr;
    }
}

}  // namespace heatmap::detail

#pragma once
// gzip (RFC 1952) around DEFLATE (RFC 1951), decoded as a stream: the CSV reader reads `.gz`
// tables through it without zlib, in bounded memory whatever the file's size.
//
//     heatmap::detail::GzipDecoder gz([&](char* buf, std::size_t n) { return fread(buf, 1, n, f); },
//                                     "data.csv.gz");
//     char out[65536];
//     while (std::size_t n = gz.read(out, sizeof out)) use(out, n);   // 0: every member ended
//
// What it checks: the header (magic, method 8, reserved flags, the optional header CRC), every
// block (types, code lengths, over-subscribed codes, distances reaching before the member's
// first byte, symbols DEFLATE leaves unused), the end (a stream cut short), and each member's
// CRC-32 and ISIZE. Concatenated members (`cat a.gz b.gz`) read as one stream, as gzip reads
// them; zero bytes after the last member are ignored (tape padding, as gzip ignores them), other
// bytes are refused. Faults throw heatmap::invalid_input starting with the name given.
//
// How: Huffman codes decode through one table indexed by the next (longest code length) bits;
// the 32 KiB a distance may reach back is kept in front of a 64 KiB output buffer, slid down when
// the reader has taken everything. Memory: 96 KiB of output, 64 KiB of input and two tables of at
// most 64 KiB, allocated once. Speed: about 250-400 MB/s of output on this project's machine
// (tools/bench_csv.cpp prints it).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "config.hpp"
#include "error.hpp"

namespace heatmap::detail {

// CRC-32 (ISO-HDLC, as gzip and PNG use), eight bytes a step.
HEATMAP_FUNC std::uint32_t crc32(const unsigned char* p, std::size_t n, std::uint32_t crc = 0);

// True when the bytes begin as a gzip member does.
inline bool looks_gzip(const unsigned char* p, std::size_t n) {
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

class GzipDecoder {
  public:
    // `source` fills up to n bytes and returns how many, 0 at the end; it may throw (io_error).
    using Source = std::function<std::size_t(char*, std::size_t)>;

    HEATMAP_FUNC GzipDecoder(Source source, std::string name);

    // Up to n decompressed bytes into out; 0 once the last member ended and was checked.
    HEATMAP_FUNC std::size_t read(char* out, std::size_t n);

    // Compressed bytes taken from the source so far.
    std::uint64_t compressed_bytes() const { return taken_; }

  private:
    struct Huffman {
        std::vector<std::uint16_t> table;  // symbol << 4 | code length; 0: no code
        unsigned bits = 0;                 // table index width: the longest code
    };
    enum class State { header, block, stored, codes, trailer, done };

    static constexpr std::size_t history = 32768, chunk = 65536, input_size = 65536;

    Source source_;
    std::string name_;
    std::vector<unsigned char> in_, out_;
    std::size_t in_pos_ = 0, in_len_ = 0;
    bool source_ended_ = false;
    std::uint64_t taken_ = 0;
    std::uint64_t bitbuf_ = 0;
    unsigned nbits_ = 0;
    std::size_t out_pos_ = 0, out_end_ = 0;  // the reader's next byte; the end of decoded bytes
    State state_ = State::header;
    bool final_block_ = false, any_member_ = false;
    std::size_t stored_left_ = 0;
    std::uint64_t member_size_ = 0;  // bytes decoded in this member (distances may not reach past)
    std::uint32_t crc_ = 0;
    Huffman lit_, dist_, fixed_lit_, fixed_dist_;

    [[noreturn]] HEATMAP_FUNC void damaged(const std::string& what) const;
    [[noreturn]] HEATMAP_FUNC void truncated() const;
    HEATMAP_FUNC void fill_input();
    HEATMAP_FUNC void refill();
    HEATMAP_FUNC std::uint32_t bits(unsigned n);
    HEATMAP_FUNC unsigned decode(const Huffman& h);
    HEATMAP_FUNC void build(Huffman& h, const unsigned char* lengths, unsigned n,
                            const char* which);
    HEATMAP_FUNC bool at_end();
    HEATMAP_FUNC void read_header();
    HEATMAP_FUNC void read_block_header();
    HEATMAP_FUNC void read_dynamic_tables();
    HEATMAP_FUNC void copy_stored();
    HEATMAP_FUNC void decode_codes();
    HEATMAP_FUNC void read_trailer();
    HEATMAP_FUNC void produce();
    void align() {
        bitbuf_ >>= nbits_ % 8;
        nbits_ -= nbits_ % 8;
    }
    void account(std::size_t from) {
        crc_ = crc32(out_.data() + from, out_end_ - from, crc_);
        member_size_ += out_end_ - from;
    }
};

#if HEATMAP_EMIT_DEFINITIONS

namespace inflate {

struct CrcTables {
    std::uint32_t t[8][256];
    CrcTables() {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (std::uint32_t i = 0; i < 256; ++i)
            for (int k = 1; k < 8; ++k) t[k][i] = t[0][t[k - 1][i] & 0xFF] ^ (t[k - 1][i] >> 8);
    }
};

constexpr std::uint16_t length_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                           15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                           67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

}  // namespace inflate

HEATMAP_FUNC std::uint32_t crc32(const unsigned char* p, std::size_t n, std::uint32_t crc) {
    static const inflate::CrcTables tables;  // built once, thread-safely, then only read
    const auto& t = tables.t;
    crc = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        const std::uint32_t a = crc ^ (std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 |
                                       std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24);
        crc = t[7][a & 0xFF] ^ t[6][(a >> 8) & 0xFF] ^ t[5][(a >> 16) & 0xFF] ^ t[4][a >> 24] ^
              t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    }
    for (; n > 0; --n) crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

HEATMAP_FUNC GzipDecoder::GzipDecoder(Source source, std::string name)
    : source_(std::move(source)), name_(std::move(name)) {}

HEATMAP_FUNC void GzipDecoder::damaged(const std::string& what) const {
    throw invalid_input(name_ + ": the gzip data is damaged (" + what +
                        "); check the file with gzip -t, or give it uncompressed");
}

HEATMAP_FUNC void GzipDecoder::truncated() const {
    throw invalid_input(
        name_ +
        ": the gzip data ends early (the file is cut short); check it with gzip -t, "
        "or give the whole file");
}

HEATMAP_FUNC void GzipDecoder::fill_input() {
    if (source_ended_) return;
    if (in_.empty()) in_.resize(input_size);
    const std::size_t n = source_(reinterpret_cast<char*>(in_.data()), in_.size());
    in_pos_ = 0;
    in_len_ = n;
    taken_ += n;
    source_ended_ = n == 0;
}

// Tops the bit buffer up to at least 56 bits, or to whatever the input still holds. Eight bytes are
// loaded at once where they can be: the bits past nbits_ are then those of bytes not yet taken,
// so loading those bytes again ors in the same bits (copy_stored, which takes bytes directly,
// clears them).
HEATMAP_FUNC void GzipDecoder::refill() {
    while (nbits_ <= 56) {
        if (in_len_ - in_pos_ >= 8) {
            std::uint64_t v = 0;
            for (int k = 7; k >= 0; --k) v = v << 8 | in_[in_pos_ + static_cast<std::size_t>(k)];
            bitbuf_ |= v << nbits_;
            in_pos_ += (63 - nbits_) >> 3;
            nbits_ |= 56;
            return;
        }
        if (in_pos_ < in_len_) {
            bitbuf_ |= std::uint64_t{in_[in_pos_++]} << nbits_;
            nbits_ += 8;
            continue;
        }
        if (source_ended_) return;
        fill_input();
    }
}

HEATMAP_FUNC std::uint32_t GzipDecoder::bits(unsigned n) {
    if (n == 0) return 0;
    if (nbits_ < n) refill();
    if (nbits_ < n) truncated();
    const auto v = static_cast<std::uint32_t>(bitbuf_ & ((std::uint64_t{1} << n) - 1));
    bitbuf_ >>= n;
    nbits_ -= n;
    return v;
}

HEATMAP_FUNC unsigned GzipDecoder::decode(const Huffman& h) {
    if (nbits_ < h.bits) refill();
    const std::uint16_t e = h.table[bitbuf_ & ((std::uint64_t{1} << h.bits) - 1)];
    const unsigned length = e & 15u;
    if (length == 0) {
        if (nbits_ < h.bits) truncated();
        damaged("a Huffman code that the block's table does not hold");
    }
    if (length > nbits_) truncated();
    bitbuf_ >>= length;
    nbits_ -= length;
    return e >> 4;
}

// Canonical Huffman codes from code lengths (RFC 1951 3.2.2), as one lookup table. Incomplete
// codes are allowed (a block with one distance code has one); a code that is never assigned fails
// when it is met.
HEATMAP_FUNC void GzipDecoder::build(Huffman& h, const unsigned char* lengths, unsigned n,
                                     const char* which) {
    unsigned count[16] = {};
    for (unsigned i = 0; i < n; ++i) ++count[lengths[i]];
    count[0] = 0;
    unsigned longest = 0;
    int left = 1;
    for (unsigned len = 1; len < 16; ++len) {
        left = left * 2 - static_cast<int>(count[len]);
        if (left < 0) damaged(std::string("over-subscribed ") + which + " code lengths");
        if (count[len]) longest = len;
    }
    h.bits = longest == 0 ? 1 : longest;
    h.table.assign(std::size_t{1} << h.bits, 0);
    unsigned next[16] = {};
    for (unsigned len = 1, code = 0; len < 16; ++len) {
        code = (code + count[len - 1]) << 1;
        next[len] = code;
    }
    for (unsigned sym = 0; sym < n; ++sym) {
        const unsigned len = lengths[sym];
        if (len == 0) continue;
        const unsigned code = next[len]++;
        unsigned reversed = 0;
        for (unsigned k = 0; k < len; ++k) reversed |= ((code >> k) & 1u) << (len - 1 - k);
        const auto entry = static_cast<std::uint16_t>(sym << 4 | len);
        for (std::size_t i = reversed; i < h.table.size(); i += std::size_t{1} << len)
            h.table[i] = entry;
    }
}

// True when no byte is left, neither in the bit buffer nor in the input.
HEATMAP_FUNC bool GzipDecoder::at_end() {
    refill();
    return nbits_ == 0;
}

HEATMAP_FUNC void GzipDecoder::read_header() {
    align();  // members start on a byte (the trailer left it there)
    if (any_member_) {
        if (at_end()) {
            state_ = State::done;
            return;
        }
        if ((bitbuf_ & 0xFFFF) != 0x8b1f) {
            // gzip ignores zero bytes after the last member (tape blocks); we do too.
            while (!at_end())
                if (bits(8) != 0)
                    damaged("bytes after the last member that are not another member");
            state_ = State::done;
            return;
        }
    } else if (at_end()) {
        truncated();
    }
    std::uint32_t header_crc = 0;
    const auto byte = [this, &header_crc] {
        const auto b = static_cast<unsigned char>(bits(8));
        header_crc = crc32(&b, 1, header_crc);
        return b;
    };
    if (byte() != 0x1f || byte() != 0x8b) damaged("not a gzip header");
    if (byte() != 8) damaged("a compression method other than deflate");
    const unsigned flags = byte();
    if (flags & 0xE0) damaged("reserved header flags set");
    for (int i = 0; i < 6; ++i) byte();  // modification time, extra flags, operating system
    if (flags & 4) {
        unsigned extra = byte();
        extra |= unsigned{byte()} << 8;
        while (extra-- > 0) byte();
    }
    if (flags & 8)
        while (byte() != 0) {
        }  // file name
    if (flags & 16)
        while (byte() != 0) {
        }  // comment
    if (flags & 2) {
        const std::uint32_t expected = header_crc & 0xFFFF;
        const std::uint32_t stored = bits(16);
        if (stored != expected) damaged("the header's CRC does not match");
    }
    any_member_ = true;
    final_block_ = false;
    member_size_ = 0;
    crc_ = 0;
    // A new member cannot reach into the previous one's bytes: history starts empty.
    out_pos_ = out_end_ = 0;
    state_ = State::block;
}

HEATMAP_FUNC void GzipDecoder::read_dynamic_tables() {
    const unsigned nlit = bits(5) + 257, ndist = bits(5) + 1, nclen = bits(4) + 4;
    if (nlit > 286 || ndist > 30) damaged("too many length or distance codes");
    static constexpr unsigned char order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                11, 4,  12, 3, 13, 2, 14, 1, 15};
    unsigned char clen[19] = {};
    for (unsigned i = 0; i < nclen; ++i) clen[order[i]] = static_cast<unsigned char>(bits(3));
    Huffman cl;
    build(cl, clen, 19, "code length");
    unsigned char lengths[286 + 30] = {};
    for (unsigned i = 0; i < nlit + ndist;) {
        const unsigned sym = decode(cl);
        if (sym < 16) {
            lengths[i++] = static_cast<unsigned char>(sym);
            continue;
        }
        unsigned repeat = 0;
        unsigned char value = 0;
        if (sym == 16) {
            if (i == 0) damaged("a repeated code length with nothing before it");
            value = lengths[i - 1];
            repeat = 3 + bits(2);
        } else if (sym == 17) {
            repeat = 3 + bits(3);
        } else {
            repeat = 11 + bits(7);
        }
        if (i + repeat > nlit + ndist) damaged("code lengths running past their count");
        while (repeat-- > 0) lengths[i++] = value;
    }
    if (lengths[256] == 0) damaged("no code for the end of the block");
    build(lit_, lengths, nlit, "literal/length");
    build(dist_, lengths + nlit, ndist, "distance");
}

HEATMAP_FUNC void GzipDecoder::read_block_header() {
    if (final_block_) {
        state_ = State::trailer;
        return;
    }
    final_block_ = bits(1) != 0;
    const unsigned type = bits(2);
    if (type == 0) {
        align();
        const unsigned len = bits(16), nlen = bits(16);
        if ((len ^ 0xFFFFu) != nlen) damaged("a stored block's length and its complement differ");
        stored_left_ = len;
        state_ = State::stored;
    } else if (type == 1) {
        if (fixed_lit_.table.empty()) {
            unsigned char lengths[288];
            for (unsigned i = 0; i < 288; ++i)
                lengths[i] = static_cast<unsigned char>(i < 144   ? 8
                                                        : i < 256 ? 9
                                                        : i < 280 ? 7
                                                                  : 8);
            build(fixed_lit_, lengths, 288, "literal/length");
            unsigned char d[30];
            std::memset(d, 5, sizeof d);
            build(fixed_dist_, d, 30, "distance");
        }
        lit_ = fixed_lit_;
        dist_ = fixed_dist_;
        state_ = State::codes;
    } else if (type == 2) {
        read_dynamic_tables();
        state_ = State::codes;
    } else {
        damaged("block type 3, which DEFLATE does not define");
    }
}

HEATMAP_FUNC void GzipDecoder::copy_stored() {
    const std::size_t start = out_end_;
    while (stored_left_ > 0 && out_end_ < out_.size()) {
        if (nbits_ >= 8) {  // bytes already in the bit buffer come first
            out_[out_end_++] = static_cast<unsigned char>(bits(8));
            --stored_left_;
            continue;
        }
        // Bytes are taken from the input directly now: drop the bits refill() loaded ahead from
        // it, which would otherwise be or'ed with the bytes after them.
        bitbuf_ = 0;
        if (in_pos_ == in_len_) {
            fill_input();
            if (in_pos_ == in_len_) truncated();
        }
        std::size_t n = stored_left_;
        if (n > in_len_ - in_pos_) n = in_len_ - in_pos_;
        if (n > out_.size() - out_end_) n = out_.size() - out_end_;
        std::memcpy(out_.data() + out_end_, in_.data() + in_pos_, n);
        in_pos_ += n;
        out_end_ += n;
        stored_left_ -= n;
    }
    account(start);
    if (stored_left_ == 0) state_ = State::block;
}

HEATMAP_FUNC void GzipDecoder::decode_codes() {
    const std::size_t start = out_end_;
    unsigned char* out = out_.data();
    const std::size_t limit = out_.size() - 258;  // one match always fits
    std::size_t end = out_end_;
    const std::uint64_t before = member_size_;  // this member's bytes before this call
    while (end <= limit) {
        const unsigned sym = decode(lit_);
        if (sym < 256) {
            out[end++] = static_cast<unsigned char>(sym);
            continue;
        }
        if (sym == 256) {
            state_ = State::block;
            break;
        }
        if (sym > 285) damaged("a length code that DEFLATE does not define");
        const unsigned li = sym - 257;
        const std::size_t length = inflate::length_base[li] + bits(inflate::length_extra[li]);
        const unsigned ds = decode(dist_);
        if (ds > 29) damaged("a distance code that DEFLATE does not define");
        const std::size_t distance = inflate::dist_base[ds] + bits(inflate::dist_extra[ds]);
        if (distance > before + (end - start) || distance > end)
            damaged("a distance reaching before the start of the data");
        const unsigned char* from = out + end - distance;
        if (distance >= length) {
            std::memcpy(out + end, from, length);
        } else {
            for (std::size_t k = 0; k < length; ++k) out[end + k] = from[k];
        }
        end += length;
    }
    out_end_ = end;
    account(start);
}

HEATMAP_FUNC void GzipDecoder::read_trailer() {
    align();
    std::uint32_t crc = bits(16);
    crc |= bits(16) << 16;
    std::uint32_t size = bits(16);
    size |= bits(16) << 16;
    if (crc != crc_) damaged("the CRC-32 of the data does not match the one stored");
    if (size != static_cast<std::uint32_t>(member_size_))
        damaged("the length of the data does not match the one stored");
    state_ = State::header;
}

// Decodes until the output buffer is nearly full, a block ends, or the stream does.
HEATMAP_FUNC void GzipDecoder::produce() {
    switch (state_) {
        case State::header:
            return read_header();
        case State::block:
            return read_block_header();
        case State::stored:
            return copy_stored();
        case State::codes:
            return decode_codes();
        case State::trailer:
            return read_trailer();
        case State::done:
            return;
    }
}

HEATMAP_FUNC std::size_t GzipDecoder::read(char* out, std::size_t n) {
    if (out_.empty()) out_.resize(history + chunk);
    for (;;) {
        if (out_pos_ < out_end_) {
            const std::size_t k = n < out_end_ - out_pos_ ? n : out_end_ - out_pos_;
            std::memcpy(out, out_.data() + out_pos_, k);
            out_pos_ += k;
            return k;
        }
        if (state_ == State::done || n == 0) return 0;
        if (out_.size() - out_end_ < 258 + 4096) {
            // Everything was read: keep the last 32 KiB that distances may reach, and go on.
            std::memmove(out_.data(), out_.data() + out_end_ - history, history);
            out_pos_ = out_end_ = history;
        }
        produce();
    }
}

#endif  // HEATMAP_EMIT_DEFINITIONS

}  // namespace heatmap::detail

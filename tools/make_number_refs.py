"""Writes tests/data/numbers/float_cases.tsv: decimal strings and the double Python's float() reads
from each, for tests/test_number.cpp (heatmap::detail::parse_number must agree on every one).

Each line is TEXT<TAB>BITS, BITS being the double's IEEE 754 bits as 16 hex digits, or "-" where
float() raises ValueError. TEXT never holds a tab or a line break. The cases: the issue's (400-digit
under- and overflow), halfway points between neighbouring doubles written out exactly (the hard
cases of correct rounding), the edges of the subnormal and normal ranges, long digit strings,
every spelling of inf and nan, malformed text, and 20,000 random decimals of 1 to 25 significant
digits with exponents across the whole range, seeded so the file is the same on every run.

Run: /usr/bin/python3 tools/make_number_refs.py tests/data/numbers
"""
import random
import struct
import sys
from decimal import Decimal, getcontext
from pathlib import Path


def bits(x):
    return struct.pack(">d", x).hex()


def halfway(x):
    """The exact decimal halfway between x and the next double above it."""
    getcontext().prec = 1200
    lo = Decimal(x)
    hi = Decimal(struct.unpack(">d", (struct.unpack(">Q", struct.pack(">d", x))[0] + 1).to_bytes(8, "big"))[0])
    return format((lo + hi) / 2, "f") if abs(x) > 1e-30 and abs(x) < 1e30 else format((lo + hi) / 2, "e")


def cases():
    out = [
        "0." + "0" * 400 + "1",
        "-0." + "0" * 400 + "1",
        "1" + "0" * 400 + "e-10",
        "1" + "0" * 400 + "e-401",
        "1" + "0" * 400 + "e-400",
        "0." + "0" * 300 + "1e300",
        "0." + "0" * 400 + "1e400",
        "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "-1.7976931348623159e308", "2e308", "1e-320", "4.9406564584124654e-324", "5e-324",
        "2.4703282292062328e-324", "2.4703282292062327e-324", "2.4703282292062327208e-324",
        "1e-324", "3e-324", "2.2250738585072011e-308", "2.2250738585072014e-308",
        "2.2250738585072012e-308", "9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
        "0.1", "0.2", "0.3", "2.675", "1e22", "1e23", "8.589973e9", "123456789012345678901234567890",
        "0.000000000000000000000000000001", "1e-5", "1e+5", "1E5", "+1.5", "-1.5", " 7 ", "\u00a07",
        ".5", "5.", "-.5", "+.5e1", "0e999999999999", "-0", "-0.0", "0e-999", "1e999999999999999999999",
        "1e-999999999999999999999", "00000000000000000000000000001.5", "1." + "0" * 500,
        "inf", "-inf", "+inf", "Inf", "INF", "infinity", "-Infinity", "iNfInItY", "nan", "-nan", "+NaN",
        "NAN", "nAn",
        # Refused by float() (and by us).
        "", " ", ".", "-", "+", "e5", "1e", "1e+", "1.5.2", "++1", "+-1", "1e5.5", "0x10", "1,5", "in",
        "infinit", "nan(1)", "1 2", "--1", "1d5", "NA", "1e--5",
    ]
    # Underscores and non-ASCII spaces are left out: float() reads them, we do not (see number.hpp).
    out = [s for s in out if "_" not in s and "\u00a0" not in s]
    rng = random.Random(20261204)
    doubles = [5e-324, 2.2250738585072014e-308, 1.0, 0.1, 1e300, 1.7976931348623157e308 / 2, 3.14159]
    for _ in range(400):
        doubles.append(struct.unpack(">d", rng.getrandbits(63).to_bytes(8, "big"))[0])
    for x in doubles:
        if x != x or x in (float("inf"),):
            continue
        h = halfway(x)
        out.append(h)
        # Just above and just below the halfway point.
        digits = h.rstrip("0")
        if "e" not in digits:
            out.append(digits + "1" if "." in digits else digits + ".1")
    for _ in range(20000):
        n = rng.randint(1, 25)
        digits = "".join(rng.choice("0123456789") for _ in range(n)).lstrip("0") or "0"
        point = rng.randint(0, len(digits))
        text = digits[:point] + "." + digits[point:] if rng.random() < 0.7 else digits
        if rng.random() < 0.6:
            text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 340))
        if rng.random() < 0.3:
            text = "-" + text
        out.append(text)
    return out


def main(folder):
    lines = []
    for text in cases():
        assert "\t" not in text and "\n" not in text
        try:
            value = bits(float(text))
        except ValueError:
            value = "-"
        if value != "-" and float(text) != float(text):
            value = bits(float("nan"))  # one NaN, sign bit clear, as parse_number returns
        lines.append(f"{text}\t{value}\n")
    path = Path(folder) / "float_cases.tsv"
    path.write_text("".join(lines))
    print(f"wrote {len(lines)} cases to {path}")


main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/numbers")

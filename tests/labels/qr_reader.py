"""A small QR code reader for the tests: module matrix → text, as a phone's scanner does.

It reads what a label prints (byte mode, numeric and alphanumeric segments; versions 1–40)
without error correction — a freshly generated symbol has no damaged modules, so the data
codewords are read as they are. Only the standard's tables (block structure, alignment
pattern positions) are taken from segno.consts; everything else is read off the modules,
so a wrong matrix, mask or format gives wrong text here.
"""

from __future__ import annotations

from segno import consts

FORMAT_MASK = 0b101010000010010
LEVELS = {0b01: consts.ERROR_LEVEL_L, 0b00: consts.ERROR_LEVEL_M,
          0b11: consts.ERROR_LEVEL_Q, 0b10: consts.ERROR_LEVEL_H}
MASKS = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _bch_format(data: int) -> int:
    value = data << 10
    for bit in range(14, 9, -1):
        if value & (1 << bit):
            value ^= 0b10100110111 << (bit - 10)
    return ((data << 10) | value) ^ FORMAT_MASK


def _format(m) -> tuple[int, int]:
    """Error level and mask from the format bits beside the top-left finder (best match)."""
    coords = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
    bits = 0
    for r, c in coords:
        bits = (bits << 1) | int(m[r][c])
    best = min(range(32), key=lambda data: bin(_bch_format(data) ^ bits).count("1"))
    assert bin(_bch_format(best) ^ bits).count("1") <= 3, "unreadable format information"
    return LEVELS[best >> 3], best & 7


def _function_modules(version: int, size: int) -> list[list[bool]]:
    f = [[False] * size for _ in range(size)]

    def block(r0, c0, h, w):
        for r in range(max(r0, 0), min(r0 + h, size)):
            for c in range(max(c0, 0), min(c0 + w, size)):
                f[r][c] = True

    block(0, 0, 9, 9)
    block(0, size - 8, 9, 8)
    block(size - 8, 0, 8, 9)
    block(6, 0, 1, size)
    block(0, 6, size, 1)
    if version >= 2:
        positions = consts.ALIGNMENT_POS[version - 2]
        for r in positions:
            for c in positions:
                if (r, c) in {(6, 6), (6, positions[-1]), (positions[-1], 6)}:
                    continue
                block(r - 2, c - 2, 5, 5)
    if version >= 7:
        block(0, size - 11, 6, 3)
        block(size - 11, 0, 3, 6)
    return f


def _codewords(m, version: int, mask: int) -> list[int]:
    size = len(m)
    function = _function_modules(version, size)
    bits, upward, col = [], True, size - 1
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for r in rows:
            for c in (col, col - 1):
                if not function[r][c]:
                    bits.append(int(m[r][c]) ^ int(MASKS[mask](r, c)))
        upward = not upward
        col -= 2
    return [int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits) - 7, 8)]


def _data_codewords(codewords: list[int], version: int, level: int) -> list[int]:
    """Undo the interleaving of the blocks and keep their data codewords."""
    sizes = [ec.num_data for ec in consts.ECC[version][level] for _ in range(ec.num_blocks)]
    blocks = [[] for _ in sizes]
    position = 0
    for index in range(max(sizes)):
        for number, size in enumerate(sizes):
            if index < size:
                blocks[number].append(codewords[position])
                position += 1
    return [word for block in blocks for word in block]


def _segments(data: list[int], version: int) -> bytes:
    bits = "".join(f"{word:08b}" for word in data)
    out, pos = bytearray(), 0

    def take(n):
        nonlocal pos
        value = int(bits[pos:pos + n], 2)
        pos += n
        return value

    size_class = 0 if version <= 9 else 1 if version <= 26 else 2
    while pos + 4 <= len(bits):
        mode = take(4)
        if mode == 0:
            break
        if mode == 0b0100:
            for _ in range(take((8, 16, 16)[size_class])):
                out.append(take(8))
        elif mode == 0b0010:
            count = take((9, 11, 13)[size_class])
            for _ in range(count // 2):
                pair = take(11)
                out += (ALPHANUMERIC[pair // 45] + ALPHANUMERIC[pair % 45]).encode()
            if count % 2:
                out += ALPHANUMERIC[take(6)].encode()
        elif mode == 0b0001:
            count = take((10, 12, 14)[size_class])
            while count >= 3:
                out += f"{take(10):03d}".encode()
                count -= 3
            if count == 2:
                out += f"{take(7):02d}".encode()
            elif count == 1:
                out += str(take(4)).encode()
        elif mode == 0b0111:
            take(8)  # ECI designator (one byte for the common assignments)
        else:
            raise AssertionError(f"unexpected QR mode {mode:04b}")
    return bytes(out)


def read_qr(matrix) -> str:
    size = len(matrix)
    assert size >= 21 and (size - 17) % 4 == 0, f"not a QR symbol size: {size}"
    version = (size - 17) // 4
    level, mask = _format(matrix)
    data = _data_codewords(_codewords(matrix, version, mask), version, level)
    raw = _segments(data, version)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")

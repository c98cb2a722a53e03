"""The QR codes: printing/qr.py chooses the mask itself (qrcode's own search lays the data out
and scores it eight times in pure Python, most of a large print's time); the modules must be
exactly the ones qrcode makes, for every size of code and every error level."""

from __future__ import annotations

import random
import string

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import lost_point

from sferum_desk.printing.qr import _bits, _data_modules, _mask_rows, _penalty, masked_matrix

ALPHABET = string.ascii_letters + string.digits + "-_"


def _links(count: int, length: int) -> list[str]:
    rng = random.Random(length)
    return ["https://sferum.ru/?invite=" + "".join(rng.choice(ALPHABET) for _ in range(length))
            for _ in range(count)]


def _code(data: str, level: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=level, border=0)
    code.add_data(data)
    code.best_fit()
    return code


# 16 characters: the real links (version 3-4); 150 and 400: version 7 and more, which also
# carry the version information.
@pytest.mark.parametrize("length", [0, 16, 40, 150, 400])
@pytest.mark.parametrize("level", [ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H])
def test_the_modules_are_qrcodes_own(length, level):
    for link in _links(6, length):
        theirs, ours = _code(link, level), _code(link, level)
        theirs.make(fit=False)
        assert masked_matrix(ours) == theirs.modules, link
        assert ours.mask_pattern == theirs.best_mask_pattern()


@pytest.mark.parametrize("length", [16, 150])
def test_every_masks_penalty_is_qrcodes_lost_point(length):
    for link in _links(3, length):
        code = _code(link, ERROR_CORRECT_M)
        expected = []
        for pattern in range(8):
            code.makeImpl(True, pattern)
            expected.append(lost_point(code.modules))
        code.makeImpl(True, 0)
        side = code.modules_count
        first = [_bits(row) for row in code.modules]
        masks = [_mask_rows(side, pattern) for pattern in range(8)]
        data = _data_modules(code.version)
        ours = [_penalty([row ^ ((m0 ^ m) & d)
                          for row, m0, m, d in zip(first, masks[0], masks[p], data)], side)
                for p in range(8)]
        assert ours == expected, link

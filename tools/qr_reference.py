"""Prints the QR code of a text as rows of 0/1 (1 = dark), made by Debian's python3-qrcode at level
M with the given version and mask and no quiet zone: the independent encoder core/qr.cpp is checked
against, module for module (tests/unit/test_qr.cpp).

usage: /usr/bin/python3 tools/qr_reference.py VERSION MASK < text
"""
import sys

import qrcode


def main():
    version, mask = int(sys.argv[1]), int(sys.argv[2])
    text = sys.stdin.buffer.read()
    qr = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
    qr.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_8BIT_BYTE))
    qr.make(fit=False)
    for row in qr.get_matrix():
        print("".join("1" if m else "0" for m in row))


if __name__ == "__main__":
    main()

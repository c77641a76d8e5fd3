#!/usr/bin/python3
"""Write a pcap of N Ethernet/IPv4/UDP+TCP packets (sizes 60..1514, mostly
small, as on a real link) for the savefile benchmark. Usage: make_big.py OUT N"""
import random
import struct
import sys

out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(1)
sizes = [60, 60, 66, 74, 98, 120, 300, 576, 1514]
ts = 1700000000 * 10**6
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    frames = []
    for i in range(256):
        size = r.choice(sizes)
        proto = 6 if i % 3 else 17
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, size - 14, i, 0, 64, proto, 0,
                         bytes([10, 0, 0, i % 250 + 1]), bytes([10, 0, 1, 1]))
        l4 = struct.pack("!HHIIBBHHH", 1024 + i, 80, i, 0, 0x50, 0x10, 1024, 0, 0) \
            if proto == 6 else struct.pack("!HHHH", 1024 + i, 53, size - 34, 0)
        eth = b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00"
        frame = eth + ip + l4
        frames.append(frame + bytes(size - len(frame)))
    buf = []
    for i in range(n):
        ts += r.randrange(1, 2000)
        fr = frames[i & 255]
        buf.append(struct.pack("<IIII", ts // 10**6, ts % 10**6, len(fr), len(fr)) + fr)
        if len(buf) == 65536:
            f.write(b"".join(buf))
            buf = []
    f.write(b"".join(buf))

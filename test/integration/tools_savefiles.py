#!/usr/bin/python3
"""Write the savefiles test_tools_tcpreplay.sh replays (standard library
only, so the bytes are fixed by this file and nothing else).

  tools_savefiles.py DIR   writes DIR/frames.pcap (microseconds),
                           DIR/frames-ns.pcap (nanoseconds),
                           DIR/frames.pcapng (one section, one interface)
                           and DIR/frames-snap128.pcap (snapshot length
                           128: longer frames truncated, caplen < len)

The same frames in the three: broadcast UDP to port 9999 and 5000 (60 to
1514 bytes), an 802.1Q frame, ARP, a TCP handshake between 10.1.1.1 and
10.2.2.2, IPv6 UDP; one frame every 1.5 ms. Formats: man 5 pcap-savefile
and the pcapng draft (SHB, IDB, EPB).
"""
import os
import struct
import sys

BCAST = b"\xff" * 6
SRC = bytes.fromhex("020000770001")
DST = bytes.fromhex("020000770002")
T0 = 1700000000
T0_NS = 123456789
STEP_NS = 1500000


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000,
                      64, proto, 0, bytes(src), bytes(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, seq, ack, flags):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                       65535, 0, 0)


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def fill(n, seed):
    return bytes((seed + i) & 0xff for i in range(n))


def frames():
    lab_src, lab_bcast = (10, 77, 250, 2), (10, 77, 250, 255)
    a, b = (10, 1, 1, 1), (10, 2, 2, 2)
    out = []
    for i, size in enumerate((18, 200, 1472)):
        out.append(eth(BCAST, SRC, 0x0800,
                       ipv4(lab_src, lab_bcast, 17, udp(30000 + i, 9999, fill(size, i)))))
        out.append(eth(BCAST, SRC, 0x0800,
                       ipv4(lab_src, lab_bcast, 17, udp(31000 + i, 5000, fill(size // 2, i)))))
    out.append(eth(BCAST, SRC, 0x8100, struct.pack("!HH", 7, 0x0800) +
                   ipv4(lab_src, lab_bcast, 17, udp(32000, 9999, b"tagged frame"))))
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, SRC,
                      bytes(lab_src), b"\0" * 6, bytes((10, 77, 250, 1)))
    out.append(eth(BCAST, SRC, 0x0806, arp + b"\0" * 18))
    out.append(eth(DST, SRC, 0x0800, ipv4(a, b, 6, tcp(40000, 80, 1000, 0, 0x02))))
    out.append(eth(SRC, DST, 0x0800, ipv4(b, a, 6, tcp(80, 40000, 5000, 1001, 0x12))))
    out.append(eth(DST, SRC, 0x0800, ipv4(a, b, 6, tcp(40000, 80, 1001, 5001, 0x10))))
    ip6 = struct.pack("!IHBB16s16s", 0x60000000, 8 + 10, 17, 64,
                      bytes.fromhex("fd00" + "00" * 13 + "01"),
                      bytes.fromhex("ff02" + "00" * 13 + "01")) + udp(33000, 9999, b"ipv6 hello")
    out.append(eth(bytes.fromhex("333300000001"), SRC, 0x86dd, ip6))
    return out


def times(n):
    for i in range(n):
        ns = T0_NS + i * STEP_NS
        yield T0 + ns // 10**9, ns % 10**9


def write_pcap(path, pkts, nano, snaplen=65535):
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, 1))
        for (sec, ns), p in zip(times(len(pkts)), pkts):
            frac = ns if nano else ns // 1000
            cap = p[:snaplen]
            f.write(struct.pack("<IIII", sec, frac, len(cap), len(p)) + cap)


def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def write_pcapng(path, pkts):
    with open(path, "wb") as f:
        f.write(block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1)))
        f.write(block(0x00000001, struct.pack("<HHI", 1, 0, 65535)))
        for (sec, ns), p in zip(times(len(pkts)), pkts):
            us = sec * 10**6 + ns // 1000   # if_tsresol absent: microseconds
            f.write(block(0x00000006, struct.pack("<IIIII", 0, us >> 32, us & 0xffffffff,
                                                  len(p), len(p)) + p))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    pkts = frames()
    write_pcap(os.path.join(argv[1], "frames.pcap"), pkts, False)
    write_pcap(os.path.join(argv[1], "frames-ns.pcap"), pkts, True)
    write_pcapng(os.path.join(argv[1], "frames.pcapng"), pkts)
    write_pcap(os.path.join(argv[1], "frames-snap128.pcap"), pkts, False, 128)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

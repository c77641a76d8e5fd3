#!/usr/bin/python3
"""Build the savefile test corpus into a directory (argument 1).

Packets come from scapy; files are written by hand (struct) where the
variant matters (byte order, time stamp resolution, block kinds) and by
Wireshark's editcap/mergecap/randpkt where the point is a second, independent
writer. Deterministic: the same files every run.

Usage: make_corpus.py OUTDIR
"""
import os
import random
import struct
import subprocess
import sys

from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Dot1Q,
                       Ether, IPv6, ICMPv6EchoRequest, Raw, CookedLinux,
                       RadioTap, Dot11, Dot11Beacon, Dot11Elt, Loopback,
                       PPP, raw)
try:
    from scapy.all import CookedLinuxV2
except ImportError:  # older scapy
    CookedLinuxV2 = None

OUT = sys.argv[1]
BASE_TS = 1700000000  # 2023-11-14


def l3_mix(n):
    """A mix of IPv4/IPv6 traffic that tcpdump -v decodes in depth."""
    pkts = []
    for i in range(n):
        k = i % 8
        if k == 0:
            p = IP(src="10.0.0.1", dst="10.0.0.2", id=i) / TCP(
                sport=40000 + i, dport=80, flags="S", seq=1000 * i,
                options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (i, 0)),
                         ("NOP", None), ("WScale", 7)])
        elif k == 1:
            p = IP(src="10.0.0.2", dst="10.0.0.1", ttl=63) / TCP(
                sport=80, dport=40000, flags="PA", seq=5, ack=7) / Raw(
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        elif k == 2:
            p = IP(src="192.168.1.5", dst="8.8.8.8") / UDP(sport=5353 + i, dport=53) / DNS(
                id=i, rd=1, qd=DNSQR(qname="example%d.com" % i))
        elif k == 3:
            p = IP(src="8.8.8.8", dst="192.168.1.5") / UDP(sport=53, dport=5353) / DNS(
                id=i, qr=1, qd=DNSQR(qname="example.com"),
                an=DNSRR(rrname="example.com", rdata="93.184.216.34"))
        elif k == 4:
            p = IP(src="10.1.1.1", dst="10.1.1.2") / ICMP(id=7, seq=i) / Raw(bytes(range(48)))
        elif k == 5:
            p = IPv6(src="2001:db8::1", dst="2001:db8::2") / ICMPv6EchoRequest(id=3, seq=i)
        elif k == 6:
            p = IPv6(src="2001:db8::2", dst="2001:db8::1") / TCP(sport=443, dport=50000 + i, flags="A")
        else:
            p = IP(src="172.16.0.1", dst="172.16.0.2", flags="MF", frag=0) / UDP(
                sport=1234, dport=9999) / Raw(b"x" * (100 + i))
        pkts.append(p)
    return pkts


def eth_mix(n):
    out = []
    for i, p in enumerate(l3_mix(n)):
        if i % 10 == 9:
            out.append(Ether(src="00:11:22:33:44:55", dst="ff:ff:ff:ff:ff:ff") /
                       ARP(psrc="10.0.0.1", pdst="10.0.0.%d" % (i % 250 + 2)))
        elif i % 10 == 7:
            out.append(Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb") /
                       Dot1Q(vlan=100 + i) / p)
        else:
            out.append(Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb") / p)
    return [raw(p) for p in out]


def times(n, nano=False, step_ns=1234567):
    """(sec, frac) pairs, frac in us or ns; deterministic and irregular."""
    r = random.Random(n)
    t = BASE_TS * 10**9 + 123456789
    res = []
    for _ in range(n):
        t += step_ns + r.randrange(0, 999999999)
        sec, ns = divmod(t, 10**9)
        res.append((sec, ns if nano else ns // 1000))
    return res


# --- pcap -----------------------------------------------------------------

def write_pcap(name, linktype, pkts, snaplen=262144, nano=False, bo="<",
               magic=None, version=(2, 4), modified=False, lengths=None,
               ts=None):
    ts = ts or times(len(pkts), nano)
    if magic is None:
        magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack(bo + "IHHiIII", magic, version[0], version[1], 0, 0,
                            snaplen, linktype))
        for i, data in enumerate(pkts):
            orig = len(data) if lengths is None else lengths[i]
            cap = min(len(data), snaplen) if snaplen else len(data)
            data = data[:cap]
            f.write(struct.pack(bo + "IIII", ts[i][0], ts[i][1], cap, orig))
            if modified:
                f.write(struct.pack(bo + "iHBx", 2, 0x0800, 0))
            f.write(data)


# --- pcapng ---------------------------------------------------------------

def opt(bo, code, value):
    pad = (-len(value)) % 4
    return struct.pack(bo + "HH", code, len(value)) + value + b"\0" * pad


def block(bo, btype, body):
    body += b"\0" * ((-len(body)) % 4)
    n = len(body) + 12
    return struct.pack(bo + "II", btype, n) + body + struct.pack(bo + "I", n)


def shb(bo, opts=b""):
    return block(bo, 0x0A0D0D0A, struct.pack(bo + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opts)


def idb(bo, linktype, snaplen, tsresol=None, tsoffset=None, name=None):
    o = b""
    if name:
        o += opt(bo, 2, name.encode())
    if tsresol is not None:
        o += opt(bo, 9, bytes([tsresol]))
    if tsoffset is not None:
        o += opt(bo, 14, struct.pack(bo + "q", tsoffset))
    if o:
        o += opt(bo, 0, b"")
    return block(bo, 1, struct.pack(bo + "HHI", linktype, 0, snaplen) + o)


def units_of(tsresol):
    if tsresol is None:
        return 10**6
    if tsresol & 0x80:
        return 1 << (tsresol & 0x7f)
    return 10**tsresol


def stamp(sec, ns, tsresol, tsoffset):
    u = units_of(tsresol)
    # 64 bits wrap for resolutions finer than the format can carry.
    return ((sec - (tsoffset or 0)) * u + ns * u // 10**9) & (2**64 - 1)


def epb(bo, ifid, t, data, orig=None, snaplen=0, comment=None):
    cap = data[:snaplen] if snaplen else data
    o = opt(bo, 1, comment.encode()) + opt(bo, 0, b"") if comment else b""
    body = struct.pack(bo + "IIIII", ifid, t >> 32, t & 0xffffffff, len(cap),
                       len(data) if orig is None else orig)
    body += cap + b"\0" * ((-len(cap)) % 4) + o
    return block(bo, 6, body)


def spb(bo, data, snaplen=0):
    cap = data[:snaplen] if snaplen else data
    return block(bo, 3, struct.pack(bo + "I", len(data)) + cap)


def pb(bo, ifid, t, data):
    return block(bo, 2, struct.pack(bo + "HHIIII", ifid, 0, t >> 32, t & 0xffffffff,
                                    len(data), len(data)) + data)


def write_pcapng(name, sections):
    with open(os.path.join(OUT, name), "wb") as f:
        for s in sections:
            f.write(s)


def section(bo, linktype, pkts, snaplen=262144, tsresol=None, tsoffset=None,
            kind="epb", n_ifaces=1, extra=b""):
    out = shb(bo) + extra
    for k in range(n_ifaces):
        out += idb(bo, linktype, snaplen, tsresol, tsoffset, name="if%d" % k)
    for i, (data, (sec, ns)) in enumerate(zip(pkts, times(len(pkts), True))):
        t = stamp(sec, ns, tsresol, tsoffset)
        if kind == "spb":
            out += spb(bo, data, snaplen)
        elif kind == "pb":
            out += pb(bo, i % n_ifaces, t, data[:snaplen])
        else:
            out += epb(bo, i % n_ifaces, t, data, snaplen=snaplen,
                       comment="pkt %d" % i if i % 5 == 0 else None)
    return out


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    os.makedirs(OUT, exist_ok=True)
    eth = eth_mix(80)
    l3 = [raw(p) for p in l3_mix(40)]
    P = lambda n: os.path.join(OUT, n)

    # Classic pcap: byte orders, precisions, snaplens, old variants.
    write_pcap("eth.pcap", 1, eth)
    write_pcap("eth_ns.pcap", 1, eth, nano=True)
    write_pcap("eth_be.pcap", 1, eth, bo=">")
    write_pcap("eth_ns_be.pcap", 1, eth, nano=True, bo=">")
    write_pcap("eth_snap96.pcap", 1, eth, snaplen=96)
    write_pcap("eth_snap65535.pcap", 1, eth, snaplen=65535)
    write_pcap("eth_snap0.pcap", 1, eth, snaplen=0)
    write_pcap("eth_v23.pcap", 1, eth[:20], version=(2, 3))
    write_pcap("eth_v22_swappedlens.pcap", 1, eth[:20], version=(2, 2),
               lengths=[len(d) for d in eth[:20]])
    write_pcap("eth_modified.pcap", 1, eth[:30], magic=0xa1b2cd34, modified=True)
    # Found by fuzz_pcap: the +14 libpcap adds to these files' snaplen wraps.
    write_pcap("eth_modified_snapmax.pcap", 1, eth[:4], magic=0xa1b2cd34, modified=True,
               snaplen=0x7fffffff)
    write_pcap("eth_fcsbits.pcap", 1 | 0x04000000 | (4 << 28), eth[:20])
    write_pcap("eth_empty.pcap", 1, [])
    write_pcap("raw.pcap", 101, l3)
    write_pcap("raw_dlt12.pcap", 12, l3[:10])
    write_pcap("null.pcap", 0, [raw(Loopback(type=2) / p) for p in l3_mix(20)])
    write_pcap("loop_be.pcap", 108, [raw(Loopback(type=2) / p) for p in l3_mix(20)], bo=">")
    write_pcap("sll.pcap", 113, [raw(CookedLinux(pkttype=i % 5, lladdrlen=6,
                                                 src=b"\x00\x11\x22\x33\x44\x55\0\0",
                                                 proto=0x86dd if raw(p)[0] >> 4 == 6 else 0x0800) / p)
                                 for i, p in enumerate(l3_mix(40))])
    if CookedLinuxV2 is not None:
        write_pcap("sll2.pcap", 276, [raw(CookedLinuxV2(proto=0x800, ifindex=3, pkttype=0,
                                                        lladdrlen=6, src=b"\x00\x11\x22\x33\x44\x55\0\0") / p)
                                      for p in l3_mix(16) if raw(p)[0] >> 4 == 4])
    write_pcap("ppp.pcap", 9, [raw(PPP(proto=0x21) / p) for p in l3_mix(16) if raw(p)[0] >> 4 == 4])
    write_pcap("radiotap.pcap", 127, [raw(RadioTap() / Dot11(addr1="ff:ff:ff:ff:ff:ff",
                                                             addr2="00:11:22:33:44:%02x" % i,
                                                             addr3="00:11:22:33:44:%02x" % i) /
                                          Dot11Beacon() / Dot11Elt(ID="SSID", info="net%d" % i))
                                      for i in range(12)])
    # Truncated files: tcpdump prints what it could read, then the error.
    data = open(P("eth.pcap"), "rb").read()
    open(P("eth_trunc_data.pcap"), "wb").write(data[:len(data) - 17])
    open(P("eth_trunc_hdr.pcap"), "wb").write(data[:24 + 16 + len(eth[0]) + 7])
    open(P("trunc_filehdr.pcap"), "wb").write(data[:13])
    open(P("not_a_capture.txt"), "wb").write(b"this is not a capture file at all\n")

    # pcapng written here: the variants libpcap must follow.
    write_pcapng("eth.pcapng", [section("<", 1, eth)])
    write_pcapng("eth_be.pcapng", [section(">", 1, eth)])
    write_pcapng("eth_ns.pcapng", [section("<", 1, eth, tsresol=9)])
    write_pcapng("eth_ms.pcapng", [section("<", 1, eth, tsresol=3)])
    write_pcapng("eth_bin20.pcapng", [section("<", 1, eth, tsresol=0x80 | 20)])
    write_pcapng("eth_bin32_be.pcapng", [section(">", 1, eth, tsresol=0x80 | 32)])
    write_pcapng("eth_tsoffset.pcapng", [section("<", 1, eth, tsoffset=1600000000)])
    write_pcapng("eth_spb.pcapng", [section("<", 1, eth, kind="spb")])
    write_pcapng("eth_spb_snap64.pcapng", [section(">", 1, eth, snaplen=64, kind="spb")])
    write_pcapng("eth_pb.pcapng", [section("<", 1, eth, kind="pb")])
    write_pcapng("eth_snap100.pcapng", [section("<", 1, eth, snaplen=100)])
    write_pcapng("eth_3ifaces.pcapng", [section("<", 1, eth, n_ifaces=3)])
    write_pcapng("eth_2sections.pcapng", [section("<", 1, eth[:40]),
                                          section("<", 1, eth[40:], tsresol=9)])
    unknown = (block("<", 4, struct.pack("<HH", 1, 8) + b"\x0a\0\0\x01" + b"host\0" + b"\0" * 3 +
                     struct.pack("<HH", 0, 0)) +            # NRB
               block("<", 0x0BAD, struct.pack("<I", 32473) + b"custom data!") +
               block("<", 0x12345678, b"\x01\x02\x03\x04" * 5))
    sec = section("<", 1, eth[:30], extra=unknown)
    isb = block("<", 5, struct.pack("<III", 0, 0, 0))
    write_pcapng("eth_unknown_blocks.pcapng", [sec + isb + unknown])
    write_pcapng("eth_empty.pcapng", [shb("<") + idb("<", 1, 0)])
    write_pcapng("no_idb.pcapng", [shb("<")])
    write_pcapng("sll_be.pcapng", [section(">", 113, [raw(CookedLinux(proto=0x800) / p)
                                                      for p in l3_mix(16)
                                                      if raw(p)[0] >> 4 == 4])])
    write_pcapng("raw.pcapng", [section("<", 101, l3)])
    # Time stamp resolutions at and past the edges libpcap handles.
    for name, res in (("sec", 0), ("ps", 12), ("e19", 19), ("e20", 20), ("bin0", 0x80),
                      ("bin40", 0x80 | 40), ("bin63", 0x80 | 63), ("bin64", 0x80 | 64)):
        write_pcapng("eth_tsresol_%s.pcapng" % name, [section("<", 1, eth[:12], tsresol=res)])
    bad_opt = block("<", 1, struct.pack("<HHI", 1, 0, 0) + opt("<", 9, b"\x06\x00") + opt("<", 0, b""))
    write_pcapng("eth_tsresol_len2.pcapng", [shb("<") + bad_opt])
    write_pcapng("eth_neg_tsoffset.pcapng", [section("<", 1, eth[:12], tsoffset=-1700000000)])
    # Sections that disagree: another link type, another byte order.
    write_pcapng("mixed_linktypes.pcapng", [section("<", 1, eth[:10]), section("<", 101, l3[:10])])
    write_pcapng("mixed_byteorder.pcapng", [section("<", 1, eth[:10]), section(">", 1, eth[10:20])])
    write_pcapng("mixed_snaplen.pcapng", [section("<", 1, eth[:10]), section("<", 1, eth[10:20], snaplen=128)])
    nd = open(P("eth.pcapng"), "rb").read()
    open(P("eth_trunc.pcapng"), "wb").write(nd[:len(nd) - 30])

    # Second writer: Wireshark's tools.
    run("editcap", "-F", "pcapng", P("sll.pcap"), P("sll_editcap.pcapng"))
    run("editcap", "-F", "pcapng", P("eth_ns.pcap"), P("eth_ns_editcap.pcapng"))
    run("editcap", "-F", "modpcap", P("eth.pcap"), P("eth_editcap_modpcap.pcap"))
    run("editcap", "-F", "rh6_1pcap", P("eth.pcap"), P("eth_editcap_rh61.pcap"))
    run("editcap", "-F", "suse6_3pcap", P("eth.pcap"), P("eth_editcap_suse63.pcap"))
    run("editcap", "-F", "nsecpcap", P("eth.pcap"), P("eth_editcap_nsec.pcap"))
    run("editcap", "-s", "60", P("eth.pcapng"), P("eth_editcap_s60.pcapng"))
    run("mergecap", "-F", "pcapng", "-w", P("eth_mergecap.pcapng"), P("eth.pcap"), P("eth_ns.pcap"))
    for t in ("fddi", "tr", "usb-linux", "ieee802.15.4"):
        run("randpkt", "-b", "300", "-c", "25", "-t", t, P("randpkt_%s.pcap" % t))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""scapy with conf.use_pcap = True, driven by test_tools_scapy.sh.

Debian's scapy loads libpcap through ctypes: find_library("pcap") answers
the soname "libpcap.so.0.8" (from the ldconfig cache), and CDLL() dlopens
that name, which LD_LIBRARY_PATH redirects and which an LD_PRELOADed
library of the same soname satisfies. What each command prints is compared
by the shell script with the same command on the system libpcap.

  tools_scapy.py libs IFACE               which library scapy bound, and
                                          its entries for IFACE and "any"
                                          from pcap_findalldevs
  tools_scapy.py sniff IFACE FILTER N     sniff(iface, filter, count=N)
  tools_scapy.py send IFACE OUT.pcap      sendp() a fixed list of frames
                                          over conf.L2socket (pcap_inject),
                                          and write them to OUT.pcap
  tools_scapy.py arp IFACE ADDR           srp() an ARP request for ADDR:
                                          sent and answered through one
                                          pcap handle
  tools_scapy.py nsniff IFACE FILTER N    sniff() on scapy's own
                                          PF_PACKET socket (use_pcap off,
                                          its default): libpcap only
                                          compiles the filter
                                          (pcap_compile_nopcap)

Every libpcap entry point the command uses through scapy's binding is
wrapped with a counter; at the end one line per entry point says how often
it was called and which mapped file (from /proc/self/maps) holds the C
function it calls: "call pcap_inject 6 /path/libpcap.so.0.8"; what
pcap_inject returned is printed too.
"""
import ctypes
import os
import sys
import time

from scapy.all import (
    ARP, Dot1Q, Ether, IP, Raw, UDP, conf, raw, sendp, sniff, srp, wrpcap,
)
import scapy.libs.winpcapy as winpcapy

conf.verb = 0

# The entry points scapy's pcap sockets call (names in scapy.arch.libpcap),
# and those compile_filter() calls for its native sockets (names it
# imports from scapy.libs.winpcapy at each call)
TRACED = ("pcap_open_live", "pcap_compile", "pcap_setfilter",
          "pcap_next_ex", "pcap_inject", "pcap_datalink", "pcap_close")
TRACED_NATIVE = ("pcap_compile_nopcap", "pcap_open_live", "pcap_compile")
CALLS = {}
RETURNS = {}


def use_pcap():
    """conf.use_pcap = True: scapy's sockets become libpcap handles."""
    conf.use_pcap = True
    import scapy.arch.libpcap
    return scapy.arch.libpcap


def maps():
    """[(start, end, path)] of the file-backed mappings of this process."""
    out = []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and parts[5].startswith("/"):
                lo, hi = (int(x, 16) for x in parts[0].split("-"))
                out.append((lo, hi, parts[5]))
    return out


def file_of(addr):
    for lo, hi, path in maps():
        if lo <= addr < hi:
            return path
    return "?"


def trace(module, names=TRACED):
    """Count the calls scapy makes to each of NAMES in MODULE."""
    for name in names:
        fn = getattr(module, name)
        CALLS[name] = [0, ctypes.cast(fn, ctypes.c_void_p).value]
        RETURNS[name] = []

        def counted(*args, _fn=fn, _name=name):
            CALLS[_name][0] += 1
            rc = _fn(*args)
            RETURNS[_name].append(rc)
            return rc
        setattr(module, name, counted)


def report_calls():
    for name, (count, addr) in CALLS.items():
        print("call %s %d %s" % (name, count, file_of(addr)))


def cmd_libs(iface):
    use_pcap()
    print("find_library %s" % winpcapy._lib_name)
    print("version %s" % winpcapy.pcap_lib_version().decode())
    print("L2socket %s" % conf.L2socket.__name__)
    print("L2listen %s" % conf.L2listen.__name__)
    for path in sorted({p for _, _, p in maps() if "libpcap" in p}):
        print("mapped %s" % path)
    # conf.ifaces was filled from pcap_findalldevs by LibpcapProvider
    dev = conf.ifaces.dev_from_name(iface)
    print("iface %s provider=%s ips=%s mac=%s flags=%s" % (
        dev.name, dev.provider.name, ",".join(sorted(dev.ips[4])),
        dev.mac, dev.flags))
    # the raw entries, "any" included (scapy drops it: it has no MAC)
    for name in (iface, "any"):
        desc, ips, flags, _ = conf.cache_pcapiflist[name]
        print("pcap %s desc=%r ips=%s flags=%s" % (
            name, desc, ",".join(sorted(ips)), flags))


def cmd_sniff(iface, bpf, count, native=False):
    if native:
        trace(winpcapy, TRACED_NATIVE)
    else:
        trace(use_pcap())
    window = {}

    def started():
        window["start"] = time.time()
        print("listening", flush=True)
    pkts = sniff(iface=iface, filter=bpf, count=count, timeout=15,
                 started_callback=started)
    end = time.time()
    for p in pkts:
        dport = p[UDP].dport if UDP in p else -1
        print("pkt %d %d %s" % (len(p), dport, raw(p).hex()))
    # scapy's time stamps come from pcap_pkthdr.ts
    outside = [float(p.time) for p in pkts
               if not window["start"] - 0.002 <= float(p.time) <= end]
    print("count %d" % len(pkts))
    print("ts_outside_window %d" % len(outside))
    report_calls()


def frames(iface):
    """The frames "send" sends: sizes from 42 to 1514, a VLAN tag."""
    src = conf.ifaces.dev_from_name(iface).mac
    bcast = "ff:ff:ff:ff:ff:ff"
    ip = dict(src="10.77.250.2", dst="10.77.250.255")
    out = []
    for i, size in enumerate((0, 18, 100, 1000, 1472)):
        out.append(Ether(src=src, dst=bcast) / IP(**ip) /
                   UDP(sport=40000 + i, dport=7777) /
                   Raw(bytes((i + j) & 0xff for j in range(size))))
    out.append(Ether(src=src, dst=bcast) / Dot1Q(vlan=42) / IP(**ip) /
               UDP(sport=40100, dport=7777) / Raw(b"tagged"))
    return out


def cmd_send(iface, path):
    pkts = frames(iface)
    wrpcap(path, pkts)
    trace(use_pcap())
    # sendp opens conf.L2socket(iface=...), a L2pcapSocket on use_pcap
    sendp(pkts, iface=iface, inter=0.005)
    print("sent %d" % len(pkts))
    print("frame_lengths %s" % ",".join(str(len(raw(p))) for p in pkts))
    print("inject_returns %s" % ",".join(str(r) for r in RETURNS["pcap_inject"]))
    print("socket %s" % conf.L2socket.__name__)
    report_calls()


def cmd_nsniff(iface, bpf, count):
    cmd_sniff(iface, bpf, count, native=True)
    print("socket %s" % conf.L2listen.__name__)


def cmd_arp(iface, addr):
    trace(use_pcap())
    req = Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=addr)
    # srp sends on a conf.L2socket and waits on its selectable fd
    ans, _ = srp(req, iface=iface, timeout=3)
    for _, reply in ans:
        print("answer %s is-at %s" % (reply[ARP].psrc, reply[ARP].hwsrc))
    print("answers %d" % len(ans))
    report_calls()


def main(argv):
    cmds = {"libs": (cmd_libs, 1), "arp": (cmd_arp, 2),
            "nsniff": (cmd_nsniff, 3),
            "sniff": (cmd_sniff, 3), "send": (cmd_send, 2)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) != cmds[argv[1]][1] + 2:
        sys.stderr.write(__doc__)
        return 2
    fn = cmds[argv[1]][0]
    args = argv[2:]
    if argv[1] in ("sniff", "nsniff"):
        args[2] = int(args[2])
    fn(*args)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

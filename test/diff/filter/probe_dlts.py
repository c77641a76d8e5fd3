#!/usr/bin/env python3
"""Which link types does each library compile filters for, and where do
mqpcap and libpcap disagree on accepting an expression or on its error?

    probe_dlts.py BUILDDIR/lib/libpcap.so.0.8 [EXPR ...]

For every DLT 0..300, pcap_open_dead(DLT) and pcap_compile of a few
expressions (or the ones given) in both libraries, each in a process of
its own (both are libpcap.so.0.8). Prints one line per (DLT, expression)
where one accepts and the other rejects, or both reject with different
messages, then per-DLT counts and how many DLTs each library compiles `ip`
and the empty filter for. Programs that both compile are compared by
diff_filter on packets, not here.
"""
import ctypes
import json
import subprocess
import sys

SYSTEM = "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"
EXPRS = ["", "ip", "ip6", "arp", "tcp port 80", "ether host 1:2:3:4:5:6",
         "ether broadcast", "ether multicast", "vlan", "mpls", "pppoes",
         "link[0]=1", "len>10", "host 1.2.3.4", "ip proto 47",
         "ether proto 0x800", "iso", "llc", "inbound", "vpi 1", "lane",
         "decnet", "atalk", "stp", "ipx", "ip6 host ::1", "clnp", "outbound"]


class Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint), ("insns", ctypes.c_void_p)]


def probe(libpath, exprs):
    """{dlt: {expr: "OK" or "ERR message"}} for one library."""
    lib = ctypes.CDLL(libpath)
    lib.pcap_open_dead.restype = ctypes.c_void_p
    lib.pcap_open_dead.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.pcap_compile.argtypes = [ctypes.c_void_p, ctypes.POINTER(Prog),
                                 ctypes.c_char_p, ctypes.c_int, ctypes.c_uint]
    lib.pcap_geterr.restype = ctypes.c_char_p
    lib.pcap_geterr.argtypes = [ctypes.c_void_p]
    lib.pcap_freecode.argtypes = [ctypes.POINTER(Prog)]
    lib.pcap_close.argtypes = [ctypes.c_void_p]
    out = {}
    for dlt in range(301):
        row = {}
        for e in exprs:
            p = lib.pcap_open_dead(dlt, 262144)
            prog = Prog()
            if lib.pcap_compile(p, ctypes.byref(prog), e.encode(), 1,
                                0xffffff00) == 0:
                row[e] = "OK"
                lib.pcap_freecode(ctypes.byref(prog))
            else:
                row[e] = "ERR " + lib.pcap_geterr(p).decode()
            lib.pcap_close(p)
        out[dlt] = row
    return out


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(probe(sys.argv[2], json.loads(sys.argv[3]))))
        return 0
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    exprs = sys.argv[2:] or EXPRS
    res = []
    for lib in (SYSTEM, sys.argv[1]):
        r = subprocess.run([sys.executable, __file__, "--one", lib,
                            json.dumps(exprs)], capture_output=True, text=True,
                           check=True)
        res.append({int(k): v for k, v in json.loads(r.stdout).items()})
    theirs, ours = res
    per_dlt = {}
    for dlt in range(301):
        for e in exprs:
            t, o = theirs[dlt][e], ours[dlt][e]
            if t != o:
                print("%d\t%r\tlibpcap: %s\tmqpcap: %s" % (dlt, e, t, o))
                per_dlt[dlt] = per_dlt.get(dlt, 0) + 1

    def count(r, e):
        return sum(1 for d in r if r[d][e] == "OK")

    print("differences: %d in %d DLTs: %s" % (
        sum(per_dlt.values()), len(per_dlt),
        " ".join("%d:%d" % kv for kv in sorted(per_dlt.items()))))
    for e in [e for e in ("", "ip") if e in exprs]:
        print("DLTs compiling %r: libpcap %d, mqpcap %d" % (
            e, count(theirs, e), count(ours, e)))
    return 1 if per_dlt else 0


if __name__ == "__main__":
    sys.exit(main())

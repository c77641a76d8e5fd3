#!/usr/bin/env python3
"""Write expressions.txt, the filter differential test's corpus.

Primitives cover every keyword and qualifier of pcap-filter(7) (libpcap
1.10), valid and invalid; then deterministic combinations of them (and, or,
not, parentheses, implied qualifiers) grow the corpus. Addresses and ports
are the ones pktgen.c puts in packets, so filters accept some packets.

Run: python3 gen_expressions.py (writes expressions.txt and
expressions-resolver.txt next to itself). Expressions whose names need the
DNS (unknown host names, dotted names with too many parts) go to the second
file: a lookup can take seconds and depends on the network, so make check
does not run them; run them by hand with diff_filter -c.
"""
import os
import random

H4 = ["10.0.0.1", "10.0.0.2", "192.168.1.1", "192.168.1.10", "192.168.1.255",
      "172.16.5.4", "8.8.8.8", "127.0.0.1", "224.0.0.1", "10.1.2.3"]
H6 = ["fe80::1", "2001:db8::1", "2001:db8::2", "2001:db8:1::5", "ff02::1", "::1"]
MAC = ["00:11:22:33:44:55", "66:77:88:99:aa:bb", "ff:ff:ff:ff:ff:ff",
       "01:00:5e:00:00:01", "33:33:00:00:00:01", "01:80:c2:00:00:00",
       "02:00:00:00:00:01", "00:00:0c:07:ac:01"]
PORTS = ["20", "21", "22", "53", "80", "123", "179", "443", "1024", "5353",
         "6000", "6081", "8080", "65535", "0", "http", "domain", "ssh",
         "ftp-data", "ntp", "bgp", "https"]
DIRS = ["src", "dst", "src or dst", "src and dst"]


def section(title, lines, out):
    out.append("# --- %s" % title)
    out.extend(lines)


def primitives():
    s = {}
    # host / net / gateway, with and without proto and dir qualifiers
    l = []
    for h in H4:
        l += ["host %s" % h, "src host %s" % h, "dst host %s" % h, h,
              "ip host %s" % h, "arp host %s" % h, "rarp host %s" % h]
    for d in DIRS:
        l += ["%s host %s" % (d, H4[0]), "ip %s %s" % (d, H4[2]),
              "%s %s" % (d, H4[5])]
    for h in H6:
        l += ["host %s" % h, "ip6 host %s" % h, "src host %s" % h,
              "dst host %s" % h, "ip6 src %s" % h]
    l += ["host localhost", "ip host localhost", "src localhost",
          "host nosuchhost.invalid", "host 10.0.0", "host 10.0", "host 10",
          "host 300.1.1.1", "host 1.2.3.4.5", "ip6 host 10.0.0.1",
          "ip host fe80::1", "arp host fe80::1", "tcp host 10.0.0.1",
          "udp host 2001:db8::1", "ether host 10.0.0.1", "host 0x0a000001",
          "host 167772161", "host 2001:db8::1::2", "host fe80::1%eth0",
          "host ::ffff:10.0.0.1", "host ::", "ip6 src ::1 or ip6 dst ::1",
          "host 1::2::3", "host :::", "src or dst host 8.8.8.8",
          "src and dst host 10.0.0.1", "host 10.0.0.1 and host 10.0.0.2"]
    s["hosts"] = l
    l = []
    for n in ["10.0.0.0/8", "10.0.0.0/24", "192.168.1.0/24", "192.168.0.0/16",
              "172.16.0.0/12", "8.8.8.8/32", "0.0.0.0/0", "224.0.0.0/4",
              "10.1.2.0/23", "127/8", "10", "192.168", "192.168.1",
              "10.0.0.1/24", "10.0.0.0/33", "10.0.0.0/-1"]:
        l += ["net %s" % n, "src net %s" % n, "dst net %s" % n]
    for n, m in [("10.0.0.0", "255.0.0.0"), ("192.168.1.0", "255.255.255.0"),
                 ("10.0.0.1", "255.255.255.0"), ("172.16.0.0", "255.240.0.0"),
                 ("10.0.0.0", "255.0.255.0"), ("0.0.0.0", "0.0.0.0")]:
        l += ["net %s mask %s" % (n, m), "src net %s mask %s" % (n, m),
              "ip dst net %s mask %s" % (n, m)]
    for n in ["2001:db8::/32", "2001:db8::/64", "fe80::/10", "ff00::/8",
              "::/0", "2001:db8:1::/48", "::1/128", "2001:db8::/129",
              "2001:db8::1/64"]:
        l += ["net %s" % n, "ip6 net %s" % n, "src net %s" % n,
              "dst net %s" % n]
    l += ["net 2001:db8:: mask ffff::", "ip6 net 10.0.0.0/8",
          "ip net 2001:db8::/32", "arp net 10.0.0.0/8", "rarp src net 10.0.0.0/8",
          "tcp net 10.0.0.0/8", "net localhost", "net 10.0.0.0 mask 255.0.0",
          "net 10.0.0.0/8 mask 255.0.0.0", "net 999.0.0.0/8"]
    s["nets"] = l
    l = []
    for p in PORTS:
        l += ["port %s" % p, "src port %s" % p, "dst port %s" % p,
              "tcp port %s" % p, "udp port %s" % p, "sctp port %s" % p]
    for d in DIRS:
        l += ["%s port 80" % d, "tcp %s port 22" % d, "udp %s port 53" % d]
    l += ["port 99999", "port 65536", "port -1", "port nosuchservice",
          "icmp port 80", "ip port 80", "ip6 port 80", "ip6 tcp port 80",
          "tcp port 80 and ip6", "port 0x50", "port 080",
          "portrange 6000-6010", "tcp portrange 20-22", "udp portrange 50-60",
          "src portrange 1-1024", "dst portrange 1024-65535",
          "sctp portrange 100-200", "portrange 22-20", "portrange 80-80",
          "portrange ftp-data-ssh", "portrange 1-70000", "portrange 10",
          "portrange http-https", "tcp src portrange 0-100",
          "ip6 and portrange 50-60", "port domain and udp", "tcp dst port ssh",
          "port 80 or port 443", "not port 53 and 80", "port 53 or 80 or 443",
          "tcp port 80 and not 443", "udp port 53 or tcp port 53"]
    s["ports"] = l
    l = []
    for m in MAC:
        l += ["ether host %s" % m, "ether src %s" % m, "ether dst %s" % m]
    l += ["ether host 00-11-22-33-44-55", "ether host 0011.2233.4455",
          "ether host 001122334455", "ether src 00:11:22:33:44",
          "ether host 0:1:2:3:4:5", "ether host nosuchether",
          "ether src 00:11:22:33:44:55 or ether dst 66:77:88:99:aa:bb",
          "ether src or dst 00:11:22:33:44:55",
          "ether src and dst 00:11:22:33:44:55", "ether net 10.0.0.0/8",
          "ether port 80", "gateway localhost", "gateway 10.0.0.1",
          "gateway nosuchhost.invalid",
          "fddi host 00:11:22:33:44:55", "fddi src 66:77:88:99:aa:bb",
          "tr host 00:11:22:33:44:55", "tr dst ff:ff:ff:ff:ff:ff",
          "wlan host 00:11:22:33:44:55", "wlan src 66:77:88:99:aa:bb",
          "wlan dst ff:ff:ff:ff:ff:ff", "link host 00:11:22:33:44:55",
          "ppp host 00:11:22:33:44:55", "slip host 00:11:22:33:44:55",
          "ether broadcast", "ether multicast", "broadcast", "multicast",
          "ip broadcast", "ip multicast", "ip6 multicast", "ip6 broadcast",
          "fddi broadcast", "tr multicast", "wlan broadcast", "wlan multicast",
          "link broadcast", "arp broadcast", "tcp multicast",
          "not ether broadcast and ether multicast",
          "ether[0] & 1 != 0", "ether[0:4] = 0xffffffff", "ether[12:2] = 0x0800",
          "link[0] = 0x45", "link[2:2] > 0"]
    s["ether"] = l
    l = []
    for p in ["ip", "ip6", "arp", "rarp", "atalk", "aarp", "decnet", "iso",
              "stp", "ipx", "netbeui", "lat", "moprc", "mopdl", "sca", "tcp",
              "udp", "icmp", "icmp6", "igmp", "igrp", "pim", "ah", "esp",
              "vrrp", "sctp", "carp", "clnp", "esis", "isis", "l1", "l2",
              "iih", "lsp", "snp", "csnp", "psnp", "pppoed", "pppoes",
              "vlan", "mpls", "geneve", "llc", "radio"]:
        l.append(p)
        l.append("not %s" % p)
    for e in ["ip", "ip6", "arp", "rarp", "atalk", "aarp", "decnet", "iso",
              "stp", "ipx", "netbeui", "lat", "moprc", "mopdl", "sca",
              "0x0800", "2048", "0x86dd", "0x1234", "0x6003", "0x8100",
              "0x88a8", "0x8847", "0x809b", "0x80f3", "0x8137", "0x6004",
              "0x88cc", "1500", "0x0600", "0xfe", "0xe0", "0x42", "0xf0",
              "0x10000", "nosuchproto"]:
        l += ["ether proto %s" % e, "ether proto \\%s" % e if not e[0].isdigit() else "proto %s" % e]
    for p in ["tcp", "udp", "icmp", "igmp", "igrp", "pim", "ah", "esp",
              "vrrp", "sctp", "icmp6", "1", "6", "17", "58", "89", "47",
              "103", "112", "255", "256", "0", "nosuchproto", "ospf", "gre"]:
        l += ["ip proto %s" % p, "ip proto \\%s" % p, "ip6 proto %s" % p,
              "proto %s" % p, "protochain %s" % p, "ip6 protochain %s" % p,
              "ip protochain %s" % p]
    l += ["ether proto ip", "fddi proto \\ip", "tr proto \\arp",
          "wlan proto \\ip", "link proto \\ip6", "ppp proto \\ip",
          "tcp proto 6", "decnet proto 1", "arp proto 1", "iso proto \\clnp",
          "iso proto \\esis", "iso proto \\isis", "iso proto 0x81",
          "isis proto 15", "isis proto 18", "clnp proto 1", "esis proto 2",
          "l1 proto 1", "ip proto \\nosuch"]
    s["protos"] = l
    l = []
    for v in ["", " 0", " 1", " 10", " 100", " 4095", " 4096", " 200"]:
        l += ["vlan%s" % v, "vlan%s and ip" % v, "vlan%s and tcp port 80" % v]
    l += ["vlan and vlan", "vlan 100 and vlan 10", "vlan and vlan 10 and ip",
          "vlan and vlan and vlan 200", "vlan and arp", "vlan and ip6",
          "vlan and host 10.0.0.1", "vlan and mpls", "vlan 10 and mpls 100",
          "ip or vlan", "not vlan", "vlan or ip6", "ether proto 0x8100",
          "vlan and ether host 00:11:22:33:44:55", "vlan -1", "vlan 0x0a",
          "vlan and vlan and vlan and vlan"]
    for v in ["", " 0", " 16", " 100", " 200", " 1048575", " 1048576", " 17"]:
        l += ["mpls%s" % v, "mpls%s and ip" % v, "mpls%s and tcp" % v]
    l += ["mpls and mpls", "mpls 100 and mpls 200", "mpls and mpls 200 and ip",
          "mpls and mpls and mpls", "mpls and ip6", "mpls and host 10.0.0.1",
          "mpls and mpls and host 10.0.0.1", "mpls 100 or mpls 200",
          "mpls and vlan", "ip and mpls"]
    for v in ["", " 1", " 0x1234", " 4660", " 65535", " 7", " 65536"]:
        l += ["pppoes%s" % v, "pppoes%s and ip" % v, "pppoes%s and tcp port 80" % v]
    l += ["pppoed", "pppoed and pppoes", "pppoes and ip6", "pppoes and mpls",
          "pppoes and host 10.0.0.1", "pppoes and pppoes", "pppoes or ip",
          "not pppoes and ip"]
    for v in ["", " 0", " 10", " 16777215", " 4096", " 16777216", " 7"]:
        l += ["geneve%s" % v, "geneve%s and ip" % v, "geneve%s and tcp" % v]
    l += ["geneve and host 10.0.0.5", "geneve and ether host 00:11:22:33:44:55",
          "geneve and tcp port 80", "geneve and ip and src host 10.0.0.5",
          "udp port 6081 and geneve", "geneve or vlan", "geneve and vlan",
          "vlan and geneve", "geneve 10 and geneve 7"]
    s["encap"] = l
    l = []
    for e in ["ip[0] & 0xf > 5", "ip[2:2] > 576", "ip[6:2] & 0x1fff = 0",
              "ip[6:2] & 0x1fff != 0", "ip[8] < 64", "ip[9] = 6",
              "ip[12:4] = 0x0a000001", "ip[16:4] & 0xffffff00 = 0xc0a80100",
              "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
              "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] = tcp-ack",
              "tcp[tcpflags] & (tcp-fin|tcp-rst) != 0",
              "tcp[tcpflags] & (tcp-push|tcp-urg) != 0",
              "tcp[tcpflags] & (tcp-ece|tcp-cwr) != 0",
              "tcp[13] = 2", "tcp[0:2] = 80", "tcp[2:2] = 22", "tcp[12] >> 4 > 5",
              "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420",
              "udp[0:2] = 53", "udp[2:2] = 53", "udp[4:2] > 100",
              "icmp[icmptype] = icmp-echo", "icmp[icmptype] != icmp-echo",
              "icmp[icmptype] = icmp-echoreply", "icmp[0] = 3",
              "icmp[icmptype] = icmp-unreach", "icmp[icmptype] = icmp-sourcequench",
              "icmp[icmptype] = icmp-redirect", "icmp[icmptype] = icmp-timxceed",
              "icmp[icmptype] = icmp-paramprob", "icmp[icmptype] = icmp-tstamp",
              "icmp[icmptype] = icmp-tstampreply", "icmp[icmptype] = icmp-ireq",
              "icmp[icmptype] = icmp-ireqreply", "icmp[icmptype] = icmp-maskreq",
              "icmp[icmptype] = icmp-maskreply", "icmp[icmptype] = icmp-routeradvert",
              "icmp[icmptype] = icmp-routersolicit", "icmp[icmpcode] = 1",
              "icmp6[icmp6type] = icmp6-echo", "icmp6[icmp6type] = icmp6-echoreply",
              "icmp6[icmp6type] = icmp6-neighborsolicit",
              "icmp6[icmp6type] = icmp6-neighboradvert",
              "icmp6[icmp6type] = icmp6-routersolicit",
              "icmp6[icmp6type] = icmp6-routeradvert",
              "icmp6[icmp6type] = icmp6-destinationunreach",
              "icmp6[icmp6type] = icmp6-packettoobig",
              "icmp6[icmp6type] = icmp6-timeexceeded",
              "icmp6[icmp6type] = icmp6-parameterproblem",
              "icmp6[icmp6type] = icmp6-multicastlistenerreportv2",
              "icmp6[icmp6code] = 0", "icmp6[0] = 128",
              "ip6[6] = 6", "ip6[6] = 17", "ip6[40] = 128", "ip6[7] = 255",
              "ip6[0:4] & 0xfffff = 0", "ip6[24:4] = 0x20010db8",
              "igmp[0] = 0x16", "pim[0] & 0xf = 0", "sctp[0:2] = 80",
              "arp[6:2] = 1", "arp[6:2] = 2", "arp[7] = 1", "rarp[7] = 3",
              "vrrp[0] = 0", "ah[0] = 6", "esp[0:4] != 0", "igrp[0] = 0",
              "len > 100", "len < 60", "len >= 1400", "len <= 64", "len = 0",
              "len != 54", "len - 14 > 100", "len * 2 > 200", "len / 2 > 30",
              "len % 2 = 0", "len & 1 = 1", "len | 1 = 61", "len ^ 3 = 0",
              "len << 1 > 200", "len >> 1 > 50", "-len < -100", "- 1 + len > 0",
              "ip[2:2] - (ip[0] & 0xf) * 4 > 100", "ip[2:2] / 0 = 1",
              "ip[2:2] % 0 = 1", "len / 0 > 1", "1 / 0 = 1", "2 + 2 = 4",
              "4 = 4", "1 = 2", "0 != 0", "ip[0] = ip[0]",
              "ip[2:2] = len - 14", "ip[2:3] = 1", "ip[2:8] = 1",
              "ip[70000] = 1", "ip[1:4] = 0", "ether[0:2] > ether[6:2]",
              "tcp[0:2] > tcp[2:2]", "udp[8:4] = 0", "ip6[40:2] = 80",
              "ip[0] & 0xf0 = 0x40", "ip[0] >> 4 = 4", "0x10 = 16",
              "010 = 8", "ip[0] & 0x100 = 0", "len + 4294967295 = 0",
              "tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack != 0",
              "ip[9] = 17 and udp[2:2] = 53", "radio[0] = 0", "radio[2:2] > 8",
              "ppp[0] = 0xff", "fddi[0] = 0x50", "tr[0] = 0x10",
              "wlan[0] = 0x08", "wlan[0] & 0xc = 8", "atalk[0] = 0",
              "decnet[0] = 0", "ip[x] = 1", "ip[-1] = 1", "tcp[tcpflags]",
              "tcp[tcpflags] & tcp-syn", "ip[0] &", "(ip[0] = 4",
              "len > 100 and len < 1000", "carp[0] = 0x21"]:
        l.append(e)
    l += ["less 60", "less 100", "greater 100", "greater 1000", "less 0",
          "greater 0", "less 1500", "greater 1514", "less 54 or greater 1400",
          "not less 64", "less -1", "greater 4294967295", "less 0x40"]
    s["arith"] = l
    l = []
    for d in ["src", "dst", "host"]:
        for a in ["1.1", "2.5", "63.1023", "1.2.3", "64.1", "0.0"]:
            l.append("decnet %s %s" % (d, a))
    l += ["decnet src 1.1 or decnet dst 2.5", "decnet host 10.0.0.1",
          "decnet", "decnet and not decnet src 1.1", "decnet src or dst 1.1",
          "decnet and decnet host 2.5", "decnet net 1.1"]
    l += ["iso", "clnp", "esis", "isis", "l1", "l2", "iih", "lsp", "snp",
          "csnp", "psnp", "isis and l1", "isis and iih", "isis and lsp",
          "isis and (l1 or l2)", "isis and snp and l2", "iso and clnp",
          "not isis", "isis proto 16", "stp", "ipx", "netbeui", "atalk",
          "aarp", "lat", "sca", "moprc", "mopdl", "stp or ipx or netbeui",
          "llc", "llc i", "llc s", "llc u", "llc rr", "llc rnr", "llc rej",
          "llc ui", "llc ua", "llc disc", "llc dm", "llc sabme", "llc test",
          "llc xid", "llc frmr", "llc nosuch", "llc and stp", "not llc",
          "llc and ip", "llc s and llc rr", "llc u or llc i"]
    s["iso"] = l
    l = []
    for t in ["mgt", "ctl", "data", "0", "1", "2", "3", "nosuch"]:
        l.append("type %s" % t)
        l.append("wlan type %s" % t)
    for t, st in [("mgt", "assoc-req"), ("mgt", "assoc-resp"),
                  ("mgt", "reassoc-req"), ("mgt", "reassoc-resp"),
                  ("mgt", "probe-req"), ("mgt", "probe-resp"),
                  ("mgt", "beacon"), ("mgt", "atim"), ("mgt", "disassoc"),
                  ("mgt", "auth"), ("mgt", "deauth"), ("mgt", "action"),
                  ("ctl", "ps-poll"), ("ctl", "rts"), ("ctl", "cts"),
                  ("ctl", "ack"), ("ctl", "cf-end"), ("ctl", "cf-end-ack"),
                  ("ctl", "bar"), ("ctl", "ba"), ("data", "data"),
                  ("data", "data-cf-ack"), ("data", "data-cf-poll"),
                  ("data", "data-cf-ack-poll"), ("data", "null"),
                  ("data", "cf-ack"), ("data", "cf-poll"),
                  ("data", "cf-ack-poll"), ("data", "qos-data"),
                  ("data", "qos-data-cf-ack"), ("data", "qos-data-cf-poll"),
                  ("data", "qos-data-cf-ack-poll"), ("data", "qos"),
                  ("data", "qos-cf-poll"), ("data", "qos-cf-ack-poll"),
                  ("mgt", "rts"), ("ctl", "beacon"), ("data", "nosuch"),
                  ("mgt", "8"), ("ctl", "11")]:
        l.append("type %s subtype %s" % (t, st))
        l.append("subtype %s" % st)
    for d in ["nods", "tods", "fromds", "dstods", "0", "1", "2", "3", "4",
              "nosuch"]:
        l.append("dir %s" % d)
    for q in ["ra", "ta", "addr1", "addr2", "addr3", "addr4"]:
        for m in MAC[:4]:
            l.append("wlan %s %s" % (q, m))
    l += ["wlan addr1 00:11:22:33:44:55 or wlan addr2 00:11:22:33:44:55",
          "type data and wlan addr4 02:00:00:00:00:01", "type mgt and not subtype beacon",
          "type data and dir tods", "type ctl or type mgt", "wlan ra 10.0.0.1",
          "ether addr1 00:11:22:33:44:55", "type data and ip",
          "type data and tcp port 80", "wlan type data and arp",
          "subtype qos-data and ip6", "dir fromds and host 10.0.0.1",
          "link[0] & 0xfc = 0x80", "wlan[1] & 3 = 3", "radio[0] = 0 and type mgt",
          "wlan host 00:11:22:33:44:55 and type data",
          "wlan address1 00:11:22:33:44:55", "wlan address2 66:77:88:99:aa:bb",
          "wlan address3 ff:ff:ff:ff:ff:ff", "wlan address4 02:00:00:00:00:01",
          "ra 00:11:22:33:44:55", "ta 66:77:88:99:aa:bb",
          "addr1 00:11:22:33:44:55", "address4 02:00:00:00:00:01",
          "wlan ra or ta 00:11:22:33:44:55", "type Data subtype QoS-Data",
          "type mgt subtype probe-req or type mgt subtype probe-resp",
          "dir fromds or dir dstods", "not type ctl and wlan multicast",
          "type data and llc", "type data and llc ui", "type data and stp",
          "type data and decnet", "type data and ipx and not netbeui"]
    s["wlan"] = l
    l = []
    for k, vs in [("on", ["em0", "lo0", "vlan10", "nosuch"]),
                  ("ifname", ["em0", "lo0"]),
                  ("rnr", ["0", "1", "5", "-1"]), ("rulenum", ["3", "4"]),
                  ("srnr", ["3", "0"]), ("subrulenum", ["4294967295", "3"]),
                  ("reason", ["match", "bad-offset", "fragment", "short",
                              "normalize", "memory", "bad-timestamp",
                              "congestion", "ip-option", "proto-cksum",
                              "state-mismatch", "state-insert", "state-limit",
                              "src-limit", "synproxy", "0", "3", "nosuch"]),
                  ("action", ["pass", "block", "drop", "nat", "rdr", "binat",
                              "scrub", "nonat", "nordr", "nobinat", "noscrub",
                              "match", "0", "1", "8", "nosuch"]),
                  ("rset", ["anchor1", "", "nosuch"]),
                  ("ruleset", ["anchor1"])]:
        for v in vs:
            l.append(("%s %s" % (k, v)).strip())
    l += ["on em0 and action pass", "action block or reason fragment",
          "on lo0 and ip6", "rnr 1 and tcp", "inbound", "outbound",
          "inbound and ip", "outbound and tcp port 80", "not inbound",
          "ifindex 1", "ifindex 2", "ifindex 0", "ifindex 3 and ip",
          "ifindex -1", "inbound and ifindex 2", "on em0 and inbound"]
    s["pflog-dir"] = l
    l = []
    for k in ["sio", "opc", "dpc", "sls", "hsio", "hopc", "hdpc", "hsls"]:
        l += ["%s 1" % k, "%s > 3" % k, "%s != 0" % k]
    l += ["fisu", "lssu", "msu", "hfisu", "hlssu", "hmsu"]
    l += ["sio 3", "sio 0x83", "opc 5", "opc 7", "dpc 5", "dpc 16383",
          "sls 2", "sls 15", "hsio 3", "hopc 5", "hdpc 7", "hsls 1",
          "sio < 3", "sls >= 2", "opc <= 5", "dpc > 1", "sio 256",
          "opc 16384", "dpc 16384", "sls 16", "hsio 256", "fisu or lssu",
          "msu and sio 3", "msu and opc 5 and dpc 1", "not msu",
          "hmsu or hfisu", "lssu and not fisu", "sio 3 or sio 5"]
    for k in ["vpi 0", "vci 5", "lane", "oamf4s", "oamf4e", "oamf4", "oam",
              "metac", "bcc", "sc", "ilmic", "connectmsg", "metaconnect",
              "vpi > 1", "vci != 3"]:
        l.append(k)
    s["ss7-atm"] = l
    l = ["<empty>", " ", "(", ")", "()", "and", "or", "not", "!", "ip and",
         "ip or", "and ip", "tcp port", "host", "net", "port", "ip ip",
         "tcp tcp", "src", "dst", "src or", "ether", "ip6 and", "((ip)",
         "ip))", "!ip", "! ip", "ip && tcp", "ip || arp", "!(ip or arp)",
         "not not ip", "not (not tcp)", "ip and (tcp or udp)",
         "(ip and tcp) or (ip6 and udp)", "tcp and (port 80 or port 443)",
         "host 10.0.0.1 or 10.0.0.2", "host 10.0.0.1 and (10.0.0.2 or 8.8.8.8)",
         "src host 10.0.0.1 and dst 10.0.0.2", "tcp src port 80 or 22",
         "not host 10.0.0.1 and not host 10.0.0.2",
         "ip and not tcp and not udp", "ip6 and not icmp6", "arp or rarp",
         "tcp or udp or icmp or sctp", "port 80 and host 10.0.0.1",
         "net 10.0.0.0/8 and not net 10.0.0.0/24", "ip && !tcp", "1", "0",
         "ip = 1", "tcp[0", "tcp[0:]", "len >", "> 3", "ip and %",
         "ether host 00:11:22:33:44:55 and ip", "a b c", "@@@", "ip;",
         "tcp port 80 and", "ip6 host 2001:db8::1 and tcp port 22",
         "ip6 or ip and tcp", "(((((ip)))))", "not ((not ip) and (not ip6))",
         "src net 192.168.1.0/24 and dst net 10.0.0.0/8",
         "host 10.0.0.1 && port 80 || host 10.0.0.2 && port 22",
         "ip proto tcp", "tcp and ip6 and udp", "icmp or icmp6",
         "not ip and not ip6 and not arp"]
    s["syntax"] = l
    return s


def rare_links():
    """Primitives of the rarer links (gen_links_rare.c): SunATM's VCs and
    LANE, direction bytes, ARCNET broadcast, OSI over Frame Relay and
    HDLC, link addresses on IP over Fibre Channel."""
    atm = ["vpi 1", "vpi 0 and ip", "vci 1", "vci 100", "vpi > 0",
           "vci < 5", "vci >= 16", "vci <= 4", "vci (3 or 4)", "vpi 0 and vci 5",
           "not vpi 0", "oamf4sc", "oamf4ec", "oam and vpi 0",
           "connectmsg or metaconnect", "not connectmsg", "sc and not connectmsg",
           "llc", "llc and ip", "llc i", "llc u", "not llc", "ip and not lane",
           "lane and ip", "lane and ip6", "lane and arp", "lane and atalk",
           "lane and aarp", "lane and iso", "lane and ipx", "lane and stp",
           "lane and netbeui", "lane and decnet", "lane and llc",
           "lane and ether proto 100", "lane and tcp port 80",
           "lane and host 10.0.0.1", "lane and ether broadcast",
           "lane and ether multicast", "lane and ip broadcast",
           "lane and ether host 00:11:22:33:44:55",
           "lane and ether src 66:77:88:99:aa:bb",
           "lane and ether dst ff:ff:ff:ff:ff:ff", "lane and vlan",
           "lane and vlan 10 and ip", "lane and mpls", "lane and mpls and ip",
           "lane and pppoes", "lane and pppoes and ip", "lane and lane",
           "lane and vci 1", "lane and vpi 0", "not lane and tcp", "lane or ip",
           "(lane and ip) or (not lane and ip)", "lane and llc u"]
    dirs = ["inbound and ip", "outbound and ip6", "inbound and tcp port 80",
            "outbound or arp", "not inbound and not outbound",
            "inbound and not ip", "outbound and udp"]
    arc = ["ether broadcast", "ether multicast", "ether broadcast and ip",
           "not ether broadcast and arp", "ether multicast or rarp",
           "ip6 and ether broadcast", "atalk and not ether multicast"]
    osi = ["clnp", "esis", "isis", "iso proto 0x81", "iso proto 0x83",
           "isis proto 15", "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp",
           "iso and not clnp", "isis or ip", "clnp or ip6"]
    fc = ["ether host 00:11:22:33:44:55", "ether src 66:77:88:99:aa:bb",
          "ether dst ff:ff:ff:ff:ff:ff", "ether broadcast", "ether multicast",
          "ether src and dst 02:00:00:00:00:01", "ether broadcast and ip",
          "ether multicast and not ip6", "ether host 01:00:5e:00:00:01 or arp"]
    erf = ["sio 3", "hsio 3", "opc 5", "dpc 16383", "sls 2", "hsls 1",
           "fisu", "lssu", "msu", "hfisu", "hlssu", "hmsu", "sio > 3",
           "sls != 0", "msu and sio 3", "fisu or lssu", "not msu",
           "msu and opc 5 and dpc 1", "link[8] = 5 and msu"]
    return [("rare links: SunATM", ["SUNATM"], atm),
            ("rare links: direction bytes", ["SLIP", "PPP_PPPD", "JUNIPER_ETHER",
                                             "JUNIPER_PPP", "JUNIPER_ES"], dirs),
            ("rare links: ARCNET", ["ARCNET", "ARCNET_LINUX"], arc),
            ("rare links: OSI", ["FRELAY", "HDLC", "ATM_RFC1483", "PPP_SERIAL",
                                 "PPP_BSDOS", "IP_OVER_FC"], osi),
            ("rare links: Fibre Channel addresses", ["IP_OVER_FC"], fc),
            ("rare links: MTP2 in ERF records", ["ERF"], erf)]


def combos(prims, rng, n):
    """n deterministic combinations of valid-looking primitives."""
    pool = [p for k, v in prims.items() if k not in ("syntax",)
            for p in v if p != "<empty>"]
    ops = ["%s and %s", "%s or %s", "not %s and %s", "(%s) or not (%s)",
           "%s and not %s", "(%s or %s) and ip", "%s || %s", "%s && !%s"]
    out = []
    seen = set()
    while len(out) < n:
        a, b = rng.choice(pool), rng.choice(pool)
        e = rng.choice(ops) % (a, b)
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


def main():
    rng = random.Random(20261123)
    prims = primitives()
    out = ["# Filter differential test corpus: written by gen_expressions.py;",
           "# regenerate with it rather than editing by hand. One expression",
           "# per line, compiled on every linktype of diff_filter (see README.md).",
           ""]
    total = 0
    seen = set()
    for title, lines in prims.items():
        uniq = []
        for e in lines:
            if e not in seen:
                seen.add(e)
                uniq.append(e)
        section(title, uniq, out)
        total += len(uniq)
    section("combinations", [e for e in combos(prims, rng, 700) if e not in seen], out)
    # Last, and restricted to the links they are about, so that the lines
    # above (and their known failures) stay as they are.
    for title, lts, lines in rare_links():
        out.append("# --- %s" % title)
        out.append("#@ " + ",".join(lts))
        out.extend(e for e in lines if e not in seen)
        seen.update(lines)
    out.append("#@ all")
    here = os.path.dirname(os.path.abspath(__file__))
    needs_dns = ("nosuchhost", "1.2.3.4.5")
    resolver = [l for l in out if any(n in l for n in needs_dns)]
    with open(os.path.join(here, "expressions.txt"), "w") as f:
        f.write("\n".join(l for l in out if l not in resolver) + "\n")
    with open(os.path.join(here, "expressions-resolver.txt"), "w") as f:
        f.write("# Expressions that make both libraries ask the DNS (see\n"
                "# gen_expressions.py); not run by make check.\n")
        f.write("\n".join(resolver) + "\n")


if __name__ == "__main__":
    main()

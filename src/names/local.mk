# names module: name-to-number tables (namedb.h) and the interface list.
# Its public header is installed beside the other pcap/ headers.
namesincludedir = $(includedir)/pcap
namesinclude_HEADERS = include/pcap/namedb.h

/* Old-style top-level header; everything lives in <pcap/pcap.h>. */
#include <pcap/pcap.h>

/* Old-style name of <pcap/bpf.h>. */
#include <pcap/bpf.h>

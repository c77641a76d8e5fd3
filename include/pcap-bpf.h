#include <pcap/bpf.h>

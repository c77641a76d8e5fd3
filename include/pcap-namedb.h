/* Old-style name of <pcap/namedb.h>. */
#include <pcap/namedb.h>

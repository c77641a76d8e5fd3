#include <pcap/namedb.h>

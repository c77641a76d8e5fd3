/*
 * Which library this is. Tools print pcap_lib_version() as is (tcpdump
 * --version, tshark -v, snort -V) and some parse it: scanners that look for
 * a line starting "libpcap version X.Y.Z", and nmap, which takes the first
 * number up to a comma. So the string starts with the libpcap API version
 * mqpcap implements and names mqpcap right after it, with no comma.
 */
#include "core/handle.h"
#include "config.h"

#define MQPCAP_VERSION_STRING						\
	"libpcap version " PCAP_API_VERSION_STRING			\
	" (mqpcap " PACKAGE_VERSION " multi-queue capture)"

/* Exported data symbol older programs read instead of calling
 * pcap_lib_version(): just the version number, as libpcap has it. */
char pcap_version[] = PCAP_API_VERSION_STRING;

const char *pcap_lib_version(void)
{
	return MQPCAP_VERSION_STRING;
}

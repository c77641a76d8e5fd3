/* Status codes and error numbers as text. */
#include "core/handle.h"

#include <stdio.h>
#include <string.h>

const char *pcap_statustostr(int status)
{
	static __thread char unknown[64];

	switch (status) {
	case PCAP_WARNING: return "Generic warning";
	case PCAP_WARNING_TSTAMP_TYPE_NOTSUP:
		return "That type of time stamp is not supported by that device";
	case PCAP_WARNING_PROMISC_NOTSUP:
		return "That device doesn't support promiscuous mode";
	case PCAP_ERROR: return "Generic error";
	case PCAP_ERROR_BREAK: return "Loop terminated by pcap_breakloop";
	case PCAP_ERROR_NOT_ACTIVATED: return "The pcap_t has not been activated";
	case PCAP_ERROR_ACTIVATED: return "The setting can't be changed after the pcap_t is activated";
	case PCAP_ERROR_NO_SUCH_DEVICE: return "No such device exists";
	case PCAP_ERROR_RFMON_NOTSUP: return "That device doesn't support monitor mode";
	case PCAP_ERROR_NOT_RFMON: return "That operation is supported only in monitor mode";
	case PCAP_ERROR_PERM_DENIED: return "You don't have permission to perform this capture on that device";
	case PCAP_ERROR_IFACE_NOT_UP: return "That device is not up";
	case PCAP_ERROR_CANTSET_TSTAMP_TYPE: return "That device doesn't support setting the time stamp type";
	case PCAP_ERROR_PROMISC_PERM_DENIED: return "You don't have permission to capture in promiscuous mode on that device";
	case PCAP_ERROR_TSTAMP_PRECISION_NOTSUP: return "That device doesn't support that time stamp precision";
	}
	snprintf(unknown, sizeof(unknown), "Unknown error: %d", status);
	return unknown;
}

const char *pcap_strerror(int errnum)
{
	static __thread char buf[128];

	return strerror_r(errnum, buf, sizeof(buf));
}

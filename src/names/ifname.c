/* Splitting the interface out of a mqpcap device name (see ifname.h). */
#include "names/ifname.h"

#include <string.h>

static const char *const ifname_backends[] = {
	"ring", "xdp", "pfq", "classic",
};

size_t ifname_backend_prefix_len(const char *device)
{
	size_t i;

	for (i = 0; i < sizeof(ifname_backends) / sizeof(ifname_backends[0]); i++) {
		size_t n = strlen(ifname_backends[i]);

		if (strncmp(device, ifname_backends[i], n) == 0 && device[n] == ':')
			return n + 1;
	}
	return 0;
}

int ifname_interface(const char *device, char *iface, size_t size)
{
	const char *start = device + ifname_backend_prefix_len(device);
	size_t len = strcspn(start, "@,");

	if (size == 0)
		return -1;
	if (len >= size) {
		memcpy(iface, start, size - 1);
		iface[size - 1] = '\0';
		return -1;
	}
	memcpy(iface, start, len);
	iface[len] = '\0';
	return (int)len;
}

/*
 * The table of capture backends. Adding a backend touches its own file and
 * backend.c; nothing else names a backend.
 */
#ifndef MQPCAP_CAPTURE_BACKEND_H
#define MQPCAP_CAPTURE_BACKEND_H

#include "core/handle.h"

/* The operations for a device name as given to pcap_create(): chosen by
 * its "backend:" prefix, the ring backend for plain names. Never NULL: an
 * unknown prefix gets operations whose activate() explains the error. */
const struct capture_ops *capture_backend_for_device(const char *device);

#endif

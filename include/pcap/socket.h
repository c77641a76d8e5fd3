/*
 * mqpcap: socket types the remote-capture part of the API uses. On Linux
 * a socket is a file descriptor.
 */
#ifndef lib_pcap_socket_h
#define lib_pcap_socket_h

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#ifndef SOCKET
#define SOCKET int
#endif
#ifndef INVALID_SOCKET
#define INVALID_SOCKET -1
#endif

#endif

/*
 * A private capture lab for the live-capture tests: the test process moves
 * into its own network (and mount) namespace, creates a veth pair
 * mqlvcap <-> mqlvgen there, and sends frames it builds byte by byte out
 * of mqlvgen with a raw AF_PACKET socket, so that it knows exactly what
 * mqlvcap must capture. The namespace dies with the process.
 */
#ifndef MQPCAP_TEST_LIVE_LAB_H
#define MQPCAP_TEST_LIVE_LAB_H

#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>

#define LAB_CAP	"mqlvcap"
#define LAB_GEN	"mqlvgen"
#define SKIP	77

/* Enter a fresh namespace with the veth pair (nqueues RX/TX queues each),
 * up, IPv6 off (no router solicitations to spoil counts). Exits 77 when
 * not root or namespaces are unavailable. */
void lab_setup(int nqueues);

/* A raw socket bound to mqlvgen (or ifname), for lab_send. */
int lab_sender(const char *ifname);
void lab_send(int fd, const uint8_t *frame, size_t len);

/* A UDP/IPv4 frame from 02:00:00:00:00:02 to 02:00:00:00:00:01, 10.77.0.2
 * -> 10.77.0.1, with the given ports and a payload carrying seq; total
 * length len (>= 60). With ntags > 0, 802.1Q tags (tpids[i], tcis[i]) are
 * inserted after the MAC addresses, outermost first. Returns the length. */
size_t lab_udp_frame(uint8_t *buf, size_t len, uint16_t sport, uint16_t dport,
		     uint32_t seq, int ntags, const uint16_t *tpids,
		     const uint16_t *tcis);
/* Same with addresses and protocol chosen (for flows in both directions). */
size_t lab_ip_frame(uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr,
		    uint8_t proto, uint16_t sport, uint16_t dport, uint32_t seq);

/* The seq a lab frame carries (after tags), or -1. */
int64_t lab_frame_seq(const uint8_t *data, size_t caplen);

/* Open a live handle on name with the usual settings, or fail the test. */
pcap_t *lab_open(const char *name, int snaplen, int timeout_ms, int immediate,
		 int nano);

uint64_t lab_now_ns(void);

#define FAIL(...) do { fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(c, ...) do { if (!(c)) FAIL(__VA_ARGS__); } while (0)

#endif

# filter module

# BPF machinery: interpreter, validator, image/dump, optimizer.
libmqpcap_core_la_SOURCES += \
	src/filter/interp.h src/filter/bpf_filter.c src/filter/bpf_validate.c \
	src/filter/offline_filter.c \
	src/filter/optimize.h src/filter/opt_main.c
# end BPF machinery

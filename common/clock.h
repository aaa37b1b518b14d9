/*
 * clock.h - the clocks the programs read: monotonic for intervals and
 * deadlines, the wall clock only for what must survive a restart.
 */
#ifndef XB_CLOCK_H
#define XB_CLOCK_H

#include <stdint.h>

uint64_t	clock_mono_us(void);
uint64_t	clock_mono_ms(void);
uint64_t	clock_real_ms(void);

#endif /* XB_CLOCK_H */

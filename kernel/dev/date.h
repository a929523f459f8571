// date.h: a wall-clock time as the CMOS real-time clock reports it
// (lapic.c's cmostime). Shared by the kernel and user programs.
#ifndef XV6_DATE_H
#define XV6_DATE_H
struct rtcdate {
  uint second;
  uint minute;
  uint hour;
  uint day;
  uint month;
  uint year;    // full year, e.g. 2024
};
#endif

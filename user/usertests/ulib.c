// usertests, the user library: memset, memmove and memcpy of ulib.c,
// which work a word at a time (rep stosl / rep movsl) with byte tails,
// checked byte for byte against a plain reference.
#include "usertests.h"

// Every start alignment, lengths around the word size and a page, and
// overlapping moves both ways.
#define STRBUF 4200
static char strbuf[STRBUF], strref[STRBUF], strsrc[STRBUF];

static void
refmove(char *d, char *s, int n)
{
  static char tmp[STRBUF];
  int i;

  for(i = 0; i < n; i++)
    tmp[i] = s[i];
  for(i = 0; i < n; i++)
    d[i] = tmp[i];
}

static void
strfill(void)
{
  int i;

  for(i = 0; i < STRBUF; i++){
    strbuf[i] = strref[i] = i * 7 + 3;
    strsrc[i] = i * 13 + 1;
  }
}

static void
strcheck(char *what, int off, int n)
{
  int i;

  for(i = 0; i < STRBUF; i++)
    if(strbuf[i] != strref[i])
      fail("%s at offset %d, %d bytes: byte %d is %d, not %d", what, off,
           n, i, strbuf[i], strref[i]);
}

static void
ulibstring(void)
{
  static int lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 33, 4095, 4096 };
  int a, b, k, n, i;

  for(a = 0; a < 4; a++){
    for(k = 0; k < NELEM(lens); k++){
      n = lens[k];
      strfill();
      if(memset(strbuf + a, 0x5a, n) != strbuf + a)
        fail("memset did not return dst");
      for(i = 0; i < n; i++)
        strref[a + i] = 0x5a;
      strcheck("memset", a, n);
      for(b = 0; b < 4; b++){
        strfill();
        if(memcpy(strbuf + a, strsrc + b, n) != strbuf + a)
          fail("memcpy did not return dst");
        refmove(strref + a, strsrc + b, n);
        strcheck("memcpy", a, n);
        // Overlapping moves: dst above src (backwards) and below it.
        strfill();
        memmove(strbuf + 8 + a, strbuf + b, n);
        refmove(strref + 8 + a, strref + b, n);
        strcheck("memmove up", a, n);
        strfill();
        memmove(strbuf + b, strbuf + 8 + a, n);
        refmove(strref + b, strref + 8 + a, n);
        strcheck("memmove down", a, n);
      }
    }
  }
}

struct test ulib_tests[] = {
  { ulibstring,   "ulibstring" },
  { 0, 0 },
};

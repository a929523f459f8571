// kbd.c: the PC keyboard (scan code set 1 through the 8042 controller).
//
// Owns the translation from scan codes to characters and the modifier
// state (shift, ctrl, alt, the lock keys). It runs only from the keyboard
// interrupt, under the console lock taken by consoleintr(), so its static
// state needs no lock of its own. It may not touch the console buffer.

#include "types.h"
#include "x86.h"
#include "defs.h"
#include "kbd.h"

// Scan codes are indexed directly; an extended key (prefix 0xE0) is
// looked up at its code | 0x80, which no plain key press uses (0x80 is
// the key-release bit). After a designator, entries continue in order.

// Keys that change the modifier state while held down.
static uchar shiftcode[256] = {
  [0x1D] = CTL,
  [0x2A] = SHIFT,
  [0x36] = SHIFT,
  [0x38] = ALT,
  [0x9D] = CTL,         // right ctrl
  [0xB8] = ALT,         // right alt
};

// Keys that flip a lock state on each press.
static uchar togglecode[256] = {
  [0x3A] = CAPSLOCK,
  [0x45] = NUMLOCK,
  [0x46] = SCROLLLOCK,
};

static uchar plainmap[256] = {
  [0x01] = 0x1B,        // escape
  [0x02] = '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=',
           '\b', '\t',
  [0x10] = 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']',
           '\n',
  [0x1E] = 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
  [0x2B] = '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/',
  [0x37] = '*',         // keypad
  [0x39] = ' ',
  [0x47] = '7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0',
           '.',         // keypad, 0x47-0x53
  [0x9C] = '\n',        // keypad enter
  [0xB5] = '/',         // keypad /
  [0xC7] = KEY_HOME, KEY_UP, KEY_PGUP,
  [0xCB] = KEY_LF,
  [0xCD] = KEY_RT,
  [0xCF] = KEY_END, KEY_DN, KEY_PGDN, KEY_INS, KEY_DEL,
};

static uchar shiftmap[256] = {
  [0x01] = 0x1B,
  [0x02] = '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',
           '\b', '\t',
  [0x10] = 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}',
           '\n',
  [0x1E] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
  [0x2B] = '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?',
  [0x37] = '*',
  [0x39] = ' ',
  [0x47] = '7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0',
           '.',
  [0x9C] = '\n',
  [0xB5] = '/',
  [0xC7] = KEY_HOME, KEY_UP, KEY_PGUP,
  [0xCB] = KEY_LF,
  [0xCD] = KEY_RT,
  [0xCF] = KEY_END, KEY_DN, KEY_PGDN, KEY_INS, KEY_DEL,
};

// Turn a key press into a character under the current modifiers.
// Ctrl applies to letters and to @ [ \ ] ^ _, giving codes 0-31; other
// keys are unaffected by it. Caps lock swaps the case of letters.
static int
translate(uint mods, uint code)
{
  int c;

  c = (mods & SHIFT) ? shiftmap[code] : plainmap[code];
  if(mods & CTL){
    if(c >= 'a' && c <= 'z')
      c -= 'a' - 'A';
    if(c >= '@' && c <= '_')
      return CTRL(c);
    return c;
  }
  if(mods & CAPSLOCK){
    if(c >= 'a' && c <= 'z')
      c -= 'a' - 'A';
    else if(c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
  }
  return c;
}

// Read one byte from the controller. Returns the character it completes,
// 0 if it completes none (a modifier, a release, a prefix), or -1 if the
// controller has no data.
static int
kbdgetc(void)
{
  static uint mods;
  uint code;

  if((inb(KBSTATP) & KBS_DIB) == 0)
    return -1;
  code = inb(KBDATAP);

  if(code == 0xE0){
    mods |= E0ESC;
    return 0;
  }

  if(code & 0x80){
    // A release matters only for the held modifiers. An extended
    // release keeps bit 7, which is where extended keys live.
    if(!(mods & E0ESC))
      code &= 0x7F;
    mods &= ~(shiftcode[code] | E0ESC);
    return 0;
  }

  if(mods & E0ESC){
    code |= 0x80;
    mods &= ~E0ESC;
  }
  mods |= shiftcode[code];
  mods ^= togglecode[code];
  return translate(mods, code);
}

// The keyboard interrupt: pass every waiting character to the console.
void
kbdintr(void)
{
  consoleintr(kbdgetc);
}

// kbd.h: constants of the PC keyboard controller and the key codes kbd.c
// produces. Owned by kbd.c; console.c uses CTRL() and the key codes.

#define KBSTATP     0x64    // controller status port
#define KBS_DIB     0x01    // status: data in buffer
#define KBDATAP     0x60    // data port

// Modifier state bits kept by kbd.c.
#define SHIFT       (1<<0)
#define CTL         (1<<1)
#define ALT         (1<<2)
#define CAPSLOCK    (1<<3)
#define NUMLOCK     (1<<4)
#define SCROLLLOCK  (1<<5)
#define E0ESC       (1<<6)  // the last byte was the 0xE0 extended prefix

// Codes for keys without an ASCII character, above the 7-bit range.
#define KEY_HOME    0xE0
#define KEY_END     0xE1
#define KEY_UP      0xE2
#define KEY_DN      0xE3
#define KEY_LF      0xE4
#define KEY_RT      0xE5
#define KEY_PGUP    0xE6
#define KEY_PGDN    0xE7
#define KEY_INS     0xE8
#define KEY_DEL     0xE9

// The character a control-key combination produces: CTRL('C') is 3.
#define CTRL(x)     ((x) - '@')

// grep: print the lines of each file (or standard input) that match a
// pattern. Patterns are a small subset of regular expressions: c matches
// itself, '.' any character, 'x*' zero or more x, '^' at the start and
// '$' at the end anchor the match. The matcher is the classic recursive
// one from Kernighan and Pike's "The Practice of Programming".
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

static char buf[1024];

static int matchhere(char*, char*);

// Does re match c* followed by the rest, at the start of text?
static int
matchstar(int c, char *re, char *text)
{
  // Try zero copies of c first, then one more each time round.
  for(;;){
    if(matchhere(re, text))
      return 1;
    if(*text == 0 || (*text != c && c != '.'))
      return 0;
    text++;
  }
}

// Does re match at the start of text?
static int
matchhere(char *re, char *text)
{
  if(re[0] == 0)
    return 1;
  if(re[1] == '*')
    return matchstar(re[0], re + 2, text);
  if(re[0] == '$' && re[1] == 0)
    return *text == 0;
  if(*text != 0 && (re[0] == '.' || re[0] == *text))
    return matchhere(re + 1, text + 1);
  return 0;
}

// Does re match anywhere in text?
static int
match(char *re, char *text)
{
  if(re[0] == '^')
    return matchhere(re + 1, text);
  for(;;){
    if(matchhere(re, text))
      return 1;
    if(*text++ == 0)
      return 0;
  }
}

// Print the lines of fd that match pattern. A line longer than the
// buffer is judged in buffer-sized pieces.
static void
grep(char *pattern, int fd)
{
  int n, used = 0;
  char *line, *nl;

  while((n = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0){
    used += n;
    buf[used] = 0;
    line = buf;
    while((nl = strchr(line, '\n')) != 0){
      *nl = 0;
      if(match(pattern, line)){
        *nl = '\n';
        write(1, line, nl + 1 - line);
      }
      line = nl + 1;
    }
    if(line == buf && used == sizeof(buf) - 1){
      // No newline in a full buffer: treat it as one line.
      if(match(pattern, buf))
        printf(1, "%s\n", buf);
      used = 0;
      continue;
    }
    used -= line - buf;
    memmove(buf, line, used);
  }
  if(used > 0){
    // The last line had no newline.
    buf[used] = 0;
    if(match(pattern, buf))
      printf(1, "%s\n", buf);
  }
}

int
main(int argc, char *argv[])
{
  int fd, i;

  if(argc < 2){
    printf(2, "usage: grep pattern [file...]\n");
    exit();
  }
  if(argc == 2){
    grep(argv[1], 0);
    exit();
  }
  for(i = 2; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "grep: cannot open %s\n", argv[i]);
      exit();
    }
    grep(argv[1], fd);
    close(fd);
  }
  exit();
}
